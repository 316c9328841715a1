import { ACCOUNTING_SYSTEMS, type AccountingSystem, type SettingsView } from '../../../src-shared/api/settings'
import type { Kysely } from 'kysely'
import type { EngineDb } from '../db/engine-db'
import type { Database } from '../db/schema'
import { binaryOrder } from '../db/sql-fragments'
import { listLaborRates, listPriceBook } from '../setup/catalog-reads.repo'

export interface MappingNames {
  kind: string
  ref: string
  qbo?: string | undefined
  xero?: string | undefined
  iif?: string | undefined
}

/**
 * Saves the accounting name of each line for each system; an empty name removes that system's
 * mapping, so the export falls back to its default. In `trx`, the caller's withTransaction
 * (issue #17: either engine).
 */
export async function writeMappingNamesIn(trx: Kysely<Database>, mappings: readonly MappingNames[]): Promise<void> {
  for (const m of mappings) {
    for (const system of ACCOUNTING_SYSTEMS) {
      const name = (m[system] ?? '').trim()
      if (name) await mappingUpsert(trx, m.kind, m.ref, system, name).execute()
      else
        await trx
          .deleteFrom('accounting_mappings')
          .where('kind', '=', m.kind)
          .where('ref', '=', m.ref)
          .where('system', '=', system)
          .execute()
    }
  }
}

/** Every saved name (kind, ref, system, name), optionally of some kinds only: the screens' lists. */
export async function mappingRows(
  { db }: Pick<EngineDb, 'db'>,
  where: 'all' | 'exports-own' = 'all',
): Promise<{ kind: string; ref: string; system: string; name: string }[]> {
  let query = db.selectFrom('accounting_mappings').select(['kind', 'ref', 'system', 'name'])
  // The lines only the Exports screen names: adjustments and the part without a price-book item.
  if (where === 'exports-own')
    query = query.where((eb) =>
      eb.or([eb('kind', '=', 'adjustment'), eb.and([eb('kind', '=', 'item'), eb('ref', '=', '*')])]),
    )
  return query.execute()
}

/**
 * Settings > Accounting mappings: every price-book item (by SKU), labor role and tax (by id),
 * with its name in each system ('' where none is saved), on either engine in SQLite's order.
 */
export async function accountingMappingsView(edb: EngineDb): Promise<SettingsView['accountingMappings']> {
  const named = new Map<string, Record<AccountingSystem, string>>()
  for (const m of await mappingRows(edb)) {
    const key = `${m.kind}:${m.ref}`
    named.set(key, { ...(named.get(key) ?? { qbo: '', xero: '', iif: '' }), [m.system]: m.name })
  }
  const mapping = (kind: 'item' | 'labor' | 'tax', ref: string, label: string) => ({
    kind,
    ref,
    label,
    ...(named.get(`${kind}:${ref}`) ?? { qbo: '', xero: '', iif: '' }),
  })
  const taxes = await edb.db.selectFrom('taxes').select(['id', 'name']).orderBy(binaryOrder(edb.engine, 'id')).execute()
  return [
    ...(await listPriceBook(edb)).map((p) => mapping('item', p.sku, p.description)),
    ...(await listLaborRates(edb)).map((l) => mapping('labor', l.role, l.name ?? l.role)),
    ...taxes.map((t) => mapping('tax', t.id, t.name)),
  ]
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

/** Sets one system's name for a line, leaving the other systems' names as they are; in `trx`, a withTransaction body's transaction. */
export async function setMappingNameIn(
  trx: Kysely<Database>,
  kind: string,
  ref: string,
  system: string,
  name: string,
): Promise<void> {
  await mappingUpsert(trx, kind, ref, system, name).execute()
}

/**
 * Sets one system's name for a line only where none is set yet (the demo's defaults never
 * overwrite a choice); in `trx`, either engine (issue #17).
 */
export async function setMappingNameIfMissingIn(
  trx: Kysely<Database>,
  kind: string,
  ref: string,
  system: string,
  name: string,
): Promise<void> {
  await trx
    .insertInto('accounting_mappings')
    .values({ kind, ref, system, name })
    .onConflict((oc) => oc.columns(['kind', 'ref', 'system']).doNothing())
    .execute()
}

/**
 * Makes a line's accounting names exactly these (a system left out loses its name); reports
 * whether anything changed, so importing the same setup file again changes nothing. In `trx`,
 * either engine (issue #17).
 */
export async function replaceMappingNamesIn(
  trx: Kysely<Database>,
  kind: string,
  ref: string,
  names: Partial<Record<string, string | undefined>>,
): Promise<boolean> {
  const current = await trx
    .selectFrom('accounting_mappings')
    .select(['system', 'name'])
    .where('kind', '=', kind)
    .where('ref', '=', ref)
    .execute()
  const wanted = Object.entries(names).filter((e): e is [string, string] => typeof e[1] === 'string')
  const same =
    current.length === wanted.length && wanted.every(([s, n]) => current.some((c) => c.system === s && c.name === n))
  if (same) return false
  await trx.deleteFrom('accounting_mappings').where('kind', '=', kind).where('ref', '=', ref).execute()
  if (wanted.length)
    await trx
      .insertInto('accounting_mappings')
      .values(wanted.map(([system, name]) => ({ kind, ref, system, name })))
      .execute()
  return true
}
