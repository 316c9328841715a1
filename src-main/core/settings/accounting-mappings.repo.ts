import { ACCOUNTING_SYSTEMS } from '../../../src-shared/api/settings'
import type { Kysely } from 'kysely'
import { all, first, onConnection, run, type Db, type Sqlite } from '../db/connection'
import type { Database } from '../db/schema'

export interface MappingNames {
  kind: string
  ref: string
  qbo?: string | undefined
  xero?: string | undefined
  iif?: string | undefined
}

/**
 * Saves the accounting name of each line for each system; an empty name removes that system's
 * mapping, so the export falls back to its default. Call inside the caller's transaction.
 */
export function writeMappingNames(sqlite: Sqlite, mappings: readonly MappingNames[]): void {
  const office = onConnection(sqlite)
  for (const m of mappings) {
    for (const system of ACCOUNTING_SYSTEMS) {
      const name = (m[system] ?? '').trim()
      if (name) setMappingName(office, m.kind, m.ref, system, name)
      else
        run(
          sqlite,
          office.db
            .deleteFrom('accounting_mappings')
            .where('kind', '=', m.kind)
            .where('ref', '=', m.ref)
            .where('system', '=', system),
        )
    }
  }
}

/** One system's name for a line (undefined: no mapping). */
export function mappingName({ sqlite, db }: Db, kind: string, ref: string, system: string): string | undefined {
  return first(
    sqlite,
    db
      .selectFrom('accounting_mappings')
      .select('name')
      .where('kind', '=', kind)
      .where('ref', '=', ref)
      .where('system', '=', system),
  )?.name
}

/** One system's names for every line of a kind, by line (the CSV import of the price book compares with them). */
export async function mappingNamesIn(
  trx: Kysely<Database>,
  kind: string,
  system: string,
): Promise<Map<string, string>> {
  const rows = await trx
    .selectFrom('accounting_mappings')
    .select(['ref', 'name'])
    .where('kind', '=', kind)
    .where('system', '=', system)
    .execute()
  return new Map(rows.map((r) => [r.ref, r.name]))
}

const mappingUpsert = (db: Kysely<Database>, kind: string, ref: string, system: string, name: string) =>
  db
    .insertInto('accounting_mappings')
    .values({ kind, ref, system, name })
    .onConflict((oc) => oc.columns(['kind', 'ref', 'system']).doUpdateSet({ name }))

/** Sets one system's name for a line, leaving the other systems' names as they are. */
export function setMappingName({ sqlite, db }: Db, kind: string, ref: string, system: string, name: string): void {
  run(sqlite, mappingUpsert(db, kind, ref, system, name))
}

/** setMappingName on the async path (issue #17): in `trx`, a withTransaction body's transaction. */
export async function setMappingNameIn(
  trx: Kysely<Database>,
  kind: string,
  ref: string,
  system: string,
  name: string,
): Promise<void> {
  await mappingUpsert(trx, kind, ref, system, name).execute()
}

/** Sets one system's name for a line only where none is set yet (the demo's defaults never overwrite a choice). */
export function setMappingNameIfMissing(
  { sqlite, db }: Db,
  kind: string,
  ref: string,
  system: string,
  name: string,
): void {
  run(
    sqlite,
    db
      .insertInto('accounting_mappings')
      .values({ kind, ref, system, name })
      .onConflict((oc) => oc.columns(['kind', 'ref', 'system']).doNothing()),
  )
}

/**
 * Makes a line's accounting names exactly these (a system left out loses its name); reports
 * whether anything changed, so importing the same setup file again changes nothing.
 */
export function replaceMappingNames(
  { sqlite, db }: Db,
  kind: string,
  ref: string,
  names: Partial<Record<string, string | undefined>>,
): boolean {
  const current = all(
    sqlite,
    db.selectFrom('accounting_mappings').select(['system', 'name']).where('kind', '=', kind).where('ref', '=', ref),
  )
  const wanted = Object.entries(names).filter((e): e is [string, string] => typeof e[1] === 'string')
  const same =
    current.length === wanted.length && wanted.every(([s, n]) => current.some((c) => c.system === s && c.name === n))
  if (same) return false
  run(sqlite, db.deleteFrom('accounting_mappings').where('kind', '=', kind).where('ref', '=', ref))
  for (const [system, name] of wanted)
    run(sqlite, db.insertInto('accounting_mappings').values({ kind, ref, system, name }))
  return true
}
