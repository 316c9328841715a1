import type { Selectable } from 'kysely'
import type { Sqlite } from '../db/connection'
import type { PinThrottleTable } from '../db/schema'

/**
 * Failed-PIN counters, one row per key ('user:U-2', 'lan-tech:T-07', 'lan-addr:10.0.0.5'),
 * kept in the database so a restart does not reset a lockout. Each caller owns its own window,
 * limit and lock length; this file only stores the rows.
 */
export type ThrottleRow = Selectable<PinThrottleTable>

export function readThrottleRow(sqlite: Sqlite, key: string): ThrottleRow | undefined {
  return sqlite
    .prepare('SELECT key, failures, window_started_at, locked_until FROM pin_throttle WHERE key = ?')
    .get(key) as ThrottleRow | undefined
}

export function writeThrottleRow(sqlite: Sqlite, row: ThrottleRow): void {
  sqlite
    .prepare(
      `INSERT INTO pin_throttle (key, failures, window_started_at, locked_until) VALUES (?, ?, ?, ?)
       ON CONFLICT(key) DO UPDATE SET failures = excluded.failures, window_started_at = excluded.window_started_at, locked_until = excluded.locked_until`,
    )
    .run(row.key, row.failures, row.window_started_at, row.locked_until)
}

/** A right PIN forgets the key's failures. */
export function clearThrottleRow(sqlite: Sqlite, key: string): void {
  sqlite.prepare('DELETE FROM pin_throttle WHERE key = ?').run(key)
}

/** Rows whose key starts with `prefix` ('lan-tech:'). */
export function listThrottleRows(sqlite: Sqlite, prefix: string): ThrottleRow[] {
  return sqlite
    .prepare(
      'SELECT key, failures, window_started_at, locked_until FROM pin_throttle WHERE substr(key, 1, length(?)) = ? ORDER BY key',
    )
    .all(prefix, prefix) as ThrottleRow[]
}

/** Deletes every row whose key starts with `prefix`; answers how many. */
export function deleteThrottleRows(sqlite: Sqlite, prefix: string): number {
  return sqlite.prepare('DELETE FROM pin_throttle WHERE substr(key, 1, length(?)) = ?').run(prefix, prefix).changes
}
