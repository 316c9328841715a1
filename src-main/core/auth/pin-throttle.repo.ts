import { sql, type Selectable } from 'kysely'
import { all, first, onConnection, run, type Sqlite } from '../db/connection'
import type { PinThrottleTable } from '../db/schema'

/**
 * Failed-PIN counters, one row per key ('user:U-2', 'lan-tech:T-07', 'lan-addr:10.0.0.5'),
 * kept in the database so a restart does not reset a lockout. Each caller owns its own window,
 * limit and lock length; this file only stores the rows.
 */
export type ThrottleRow = Selectable<PinThrottleTable>

const COLUMNS = ['key', 'failures', 'window_started_at', 'locked_until'] as const

export function readThrottleRow(sqlite: Sqlite, key: string): ThrottleRow | undefined {
  const { db } = onConnection(sqlite)
  return first(sqlite, db.selectFrom('pin_throttle').select(COLUMNS).where('key', '=', key))
}

export function writeThrottleRow(sqlite: Sqlite, row: ThrottleRow): void {
  const { db } = onConnection(sqlite)
  run(
    sqlite,
    db
      .insertInto('pin_throttle')
      .values(row)
      .onConflict((oc) =>
        oc.column('key').doUpdateSet((eb) => ({
          failures: eb.ref('excluded.failures'),
          window_started_at: eb.ref('excluded.window_started_at'),
          locked_until: eb.ref('excluded.locked_until'),
        })),
      ),
  )
}

/** A right PIN forgets the key's failures. */
export function clearThrottleRow(sqlite: Sqlite, key: string): void {
  const { db } = onConnection(sqlite)
  run(sqlite, db.deleteFrom('pin_throttle').where('key', '=', key))
}

/** Keys starting with `prefix`, compared as text (LIKE would treat `_` and `%` in a key as wildcards). */
const startsWith = (prefix: string) => sql<boolean>`substr(key, 1, ${prefix.length}) = ${prefix}`

/** Rows whose key starts with `prefix` ('lan-tech:'). */
export function listThrottleRows(sqlite: Sqlite, prefix: string): ThrottleRow[] {
  const { db } = onConnection(sqlite)
  return all(sqlite, db.selectFrom('pin_throttle').select(COLUMNS).where(startsWith(prefix)).orderBy('key'))
}

/** Deletes every row whose key starts with `prefix`; answers how many. */
export function deleteThrottleRows(sqlite: Sqlite, prefix: string): number {
  const { db } = onConnection(sqlite)
  return run(sqlite, db.deleteFrom('pin_throttle').where(startsWith(prefix))).changes
}
