import type { Insertable, Kysely, Selectable } from 'kysely'
import type { Database } from '../db/schema'

/**
 * The setup file's upsert: each record it names is created, updated in the columns that differ,
 * or left alone, so importing the same file twice changes nothing. On the async path (issue
 * #17): in `trx`, a withTransaction body's transaction, on either engine.
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
 * Kysely cannot narrow the columns of a generic table, so the upsert's statements are written on
 * a view of `trx` that knows tables only by name; the callers' table, key and row are typed above it.
 */
type ByName = Kysely<Record<string, Record<string, unknown>>>

/** Creates the record, or updates only the columns whose stored value differs. */
export async function upsertSetupRowIn<T extends SetupTable>(
  trx: Kysely<Database>,
  table: T,
  row: SetupRow<T>,
): Promise<UpsertOutcome> {
  const byName = trx as unknown as ByName
  const name: string = table
  const key: string = SETUP_KEYS[table]
  const values: Record<string, unknown> = row
  const existing = await byName.selectFrom(name).selectAll().where(key, '=', values[key]).executeTakeFirst()
  if (!existing) {
    await byName.insertInto(name).values(values).execute()
    return 'created'
  }
  const changed = Object.keys(values).filter((c) => existing[c] !== values[c])
  if (changed.length === 0) return 'unchanged'
  await byName
    .updateTable(name)
    .set(Object.fromEntries(changed.map((c) => [c, values[c]])))
    .where(key, '=', values[key])
    .execute()
  return 'updated'
}

/** The stored PIN hashes of users and technicians, by "users:<id>" / "technicians:<id>". */
export async function storedPinHashes(db: Kysely<Database>): Promise<Map<string, string | null>> {
  const [users, technicians] = [
    await db.selectFrom('users').select(['id', 'pin_hash']).execute(),
    await db.selectFrom('technicians').select(['id', 'pin_hash']).execute(),
  ]
  return new Map([
    ...users.map((u) => [`users:${u.id}`, u.pin_hash] as const),
    ...technicians.map((t) => [`technicians:${t.id}`, t.pin_hash] as const),
  ])
}

/** The ids already in the office that a setup file may refer to. */
export async function setupKnownIds(db: Kysely<Database>) {
  const ids = (rows: { id: string }[]) => new Set(rows.map((r) => r.id))
  return {
    taxes: ids(await db.selectFrom('taxes').select('id').execute()),
    customers: ids(await db.selectFrom('customers').select('id').execute()),
    jobTypes: ids(await db.selectFrom('job_types').select('id').execute()),
    technicians: ids(await db.selectFrom('technicians').select('id').execute()),
    skus: ids(await db.selectFrom('price_book').select('sku as id').execute()),
    roles: ids(await db.selectFrom('labor_rates').select('role as id').execute()),
  }
}
