import { sql, type Kysely, type Selectable } from 'kysely'
import { all, first, onConnection, run, type Sqlite } from '../db/connection'
import type { Database, PinThrottleTable } from '../db/schema'

/**
 * Failed-PIN counters, one row per key ('user:U-2', 'lan-tech:T-07', 'lan-addr:10.0.0.5'),
 * kept in the database so a restart does not reset a lockout. Each caller owns its own window,
 * limit and lock length; this file only stores the rows.
 *
 * Two forms of each: the synchronous one on a better-sqlite3 connection (the technician form's
 * own lockouts, which stay a seat's SQLite on purpose), and the `…In` one on the async path of
 * issue #17 (an office user's PIN checks, on either engine), sharing the query.
 */
export type ThrottleRow = Selectable<PinThrottleTable>

const COLUMNS = ['key', 'failures', 'window_started_at', 'locked_until'] as const

const readQuery = (db: Kysely<Database>, key: string) =>
  db.selectFrom('pin_throttle').select(COLUMNS).where('key', '=', key)

const writeQuery = (db: Kysely<Database>, row: ThrottleRow) =>
  db
    .insertInto('pin_throttle')
    .values(row)
    .onConflict((oc) =>
      oc.column('key').doUpdateSet((eb) => ({
        failures: eb.ref('excluded.failures'),
        window_started_at: eb.ref('excluded.window_started_at'),
        locked_until: eb.ref('excluded.locked_until'),
      })),
    )

const clearQuery = (db: Kysely<Database>, key: string) => db.deleteFrom('pin_throttle').where('key', '=', key)

/** Keys starting with `prefix`, compared as text (LIKE would treat `_` and `%` in a key as wildcards). */
const startsWith = (prefix: string) => sql<boolean>`substr(key, 1, ${prefix.length}) = ${prefix}`

const listQuery = (db: Kysely<Database>, prefix: string) =>
  db.selectFrom('pin_throttle').select(COLUMNS).where(startsWith(prefix)).orderBy('key')

const deleteQuery = (db: Kysely<Database>, prefix: string) => db.deleteFrom('pin_throttle').where(startsWith(prefix))

export function readThrottleRow(sqlite: Sqlite, key: string): ThrottleRow | undefined {
  return first(sqlite, readQuery(onConnection(sqlite).db, key))
}

export function writeThrottleRow(sqlite: Sqlite, row: ThrottleRow): void {
  run(sqlite, writeQuery(onConnection(sqlite).db, row))
}

/** A right PIN forgets the key's failures. */
export function clearThrottleRow(sqlite: Sqlite, key: string): void {
  run(sqlite, clearQuery(onConnection(sqlite).db, key))
}

/** Rows whose key starts with `prefix` ('lan-tech:'). */
export function listThrottleRows(sqlite: Sqlite, prefix: string): ThrottleRow[] {
  return all(sqlite, listQuery(onConnection(sqlite).db, prefix))
}

/** Deletes every row whose key starts with `prefix`; answers how many. */
export function deleteThrottleRows(sqlite: Sqlite, prefix: string): number {
  return run(sqlite, deleteQuery(onConnection(sqlite).db, prefix)).changes
}

/** readThrottleRow on the async path: `db` is an EngineDb's Kysely or a withTransaction body's `trx`. */
export async function readThrottleRowIn(db: Kysely<Database>, key: string): Promise<ThrottleRow | undefined> {
  return readQuery(db, key).executeTakeFirst()
}

export async function writeThrottleRowIn(db: Kysely<Database>, row: ThrottleRow): Promise<void> {
  await writeQuery(db, row).execute()
}

export async function clearThrottleRowIn(db: Kysely<Database>, key: string): Promise<void> {
  await clearQuery(db, key).execute()
}

export async function listThrottleRowsIn(db: Kysely<Database>, prefix: string): Promise<ThrottleRow[]> {
  return listQuery(db, prefix).execute()
}

export async function deleteThrottleRowsIn(db: Kysely<Database>, prefix: string): Promise<number> {
  const result = await deleteQuery(db, prefix).executeTakeFirst()
  return Number(result.numDeletedRows)
}
