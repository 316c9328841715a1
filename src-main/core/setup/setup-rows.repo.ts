import type { Insertable, Selectable } from 'kysely'
import { all, first, run, sqliteQueryBuilder, type Db } from '../db/connection'
import type { Database } from '../db/schema'

/**
 * The setup file's upsert: each record it names is created, updated in the columns that differ,
 * or left alone, so importing the same file twice changes nothing.
 */

/** The tables the setup file upserts, each by its key column. */
export const SETUP_KEYS = {
  company: 'id',
  approval_policy: 'id',
  taxes: 'id',
  users: 'id',
  technicians: 'id',
  customers: 'id',
  price_book: 'sku',
  labor_rates: 'role',
  job_types: 'id',
} as const satisfies { [T in keyof Database]?: keyof Database[T] & string }

export type SetupTable = keyof typeof SETUP_KEYS
export type UpsertOutcome = 'created' | 'updated' | 'unchanged'

/** A record as the setup file states it: its key and any columns it sets (others keep their value). */
export type SetupRow<T extends SetupTable> = Insertable<Database[T]> & Partial<Selectable<Database[T]>>

/**
 * Kysely cannot narrow the columns of a generic table, so the upsert's statements are written by
 * a builder that knows tables only by name; the callers' table, key and row are typed above it.
 */
const byName = sqliteQueryBuilder<Record<string, Record<string, unknown>>>()

/** Creates the record, or updates only the columns whose stored value differs. */
export function upsertSetupRow<T extends SetupTable>({ sqlite }: Db, table: T, row: SetupRow<T>): UpsertOutcome {
  const name: string = table
  const key: string = SETUP_KEYS[table]
  const values: Record<string, unknown> = row
  const existing = first(sqlite, byName.selectFrom(name).selectAll().where(key, '=', values[key]))
  if (!existing) {
    run(sqlite, byName.insertInto(name).values(values))
    return 'created'
  }
  const changed = Object.keys(values).filter((c) => existing[c] !== values[c])
  if (changed.length === 0) return 'unchanged'
  run(
    sqlite,
    byName
      .updateTable(name)
      .set(Object.fromEntries(changed.map((c) => [c, values[c]])))
      .where(key, '=', values[key]),
  )
  return 'updated'
}

/** The stored PIN hash of a user or technician (undefined: no such person yet). */
export function storedPinHash(
  { sqlite, db }: Db,
  table: 'users' | 'technicians',
  id: string,
): string | null | undefined {
  const row =
    table === 'users'
      ? first(sqlite, db.selectFrom('users').select('pin_hash').where('id', '=', id))
      : first(sqlite, db.selectFrom('technicians').select('pin_hash').where('id', '=', id))
  return row?.pin_hash
}

/** The ids already in the office that a setup file may refer to. */
export function setupKnownIds({ sqlite, db }: Db) {
  const ids = (rows: { id: string }[]) => new Set(rows.map((r) => r.id))
  return {
    taxes: ids(all(sqlite, db.selectFrom('taxes').select('id'))),
    customers: ids(all(sqlite, db.selectFrom('customers').select('id'))),
    jobTypes: ids(all(sqlite, db.selectFrom('job_types').select('id'))),
    technicians: ids(all(sqlite, db.selectFrom('technicians').select('id'))),
    skus: ids(all(sqlite, db.selectFrom('price_book').select('sku as id'))),
    roles: ids(all(sqlite, db.selectFrom('labor_rates').select('role as id'))),
  }
}
