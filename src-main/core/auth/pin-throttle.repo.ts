import { sql, type Kysely, type Selectable } from 'kysely'
import type { Database, PinThrottleTable } from '../db/schema'

/**
 * Failed-PIN counters, one row per key ('user:U-2', 'lan-tech:T-07', 'lan-addr:10.0.0.5'),
 * kept in the database so a restart does not reset a lockout. Each caller owns its own window,
 * limit and lock length; this file only stores the rows.
 *
 * The `…In` forms run on the async path of issue #17: an office user's PIN checks, lists and
 * lifts of locks, on either engine. The technician form's lockouts stay a seat's own SQLite on
 * purpose (office.ts `seatState`: the office file on SQLite, a file of the seat's on PostgreSQL):
 * lan/pin-throttle.ts and technician-locks.ts run the same queries (`throttleQueries`) on it.
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

/**
 * The same queries for a seat's own state, run synchronously: the technician form's lockouts
 * (lan/pin-throttle.ts) and the office's view of them (technician-locks.ts).
 */
export const throttleQueries = {
  read: readQuery,
  write: writeQuery,
  clear: clearQuery,
  list: listQuery,
  delete: deleteQuery,
}

/** A key's row: `db` is an EngineDb's Kysely or a withTransaction body's `trx`. */
export async function readThrottleRowIn(db: Kysely<Database>, key: string): Promise<ThrottleRow | undefined> {
  return readQuery(db, key).executeTakeFirst()
}

export async function writeThrottleRowIn(db: Kysely<Database>, row: ThrottleRow): Promise<void> {
  await writeQuery(db, row).execute()
}

/** A right PIN forgets the key's failures. */
export async function clearThrottleRowIn(db: Kysely<Database>, key: string): Promise<void> {
  await clearQuery(db, key).execute()
}

/** A lock in force: whom it locks and where (`user:U-2@10.0.0.5` → 'U-2', '10.0.0.5'). */
export interface LockInForce {
  who: string
  place: string
  failures: number
  lockedUntil: string
}

/** The `prefix…@place` rows among `rows` locked at `now`, in their order. */
export function locksInForce(rows: readonly ThrottleRow[], prefix: string, now: number): LockInForce[] {
  const locks: LockInForce[] = []
  for (const r of rows) {
    const rest = r.key.slice(prefix.length)
    const at = rest.lastIndexOf('@')
    if (at < 0 || r.locked_until === null || Date.parse(r.locked_until) <= now) continue
    locks.push({ who: rest.slice(0, at), place: rest.slice(at + 1), failures: r.failures, lockedUntil: r.locked_until })
  }
  return locks
}

/** The locks in force among the rows whose key starts with `prefix` ('user:'), in key order. */
export async function listLocksIn(db: Kysely<Database>, prefix: string, now: number): Promise<LockInForce[]> {
  return locksInForce(await listQuery(db, prefix).execute(), prefix, now)
}

/** Deletes every row whose key starts with `prefix`; answers how many. */
export async function deleteThrottleRowsIn(db: Kysely<Database>, prefix: string): Promise<number> {
  const result = await deleteQuery(db, prefix).executeTakeFirst()
  return Number(result.numDeletedRows)
}
