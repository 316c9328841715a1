import type { Office } from '../core/office'

/**
 * Failed-PIN lockouts for the technician form, persisted in pin_throttle so a restart does not
 * reset them: 5 wrong PINs for one technician, or 20 from one address, within a 10-minute
 * window lock that key for 10 minutes.
 */
export const TECH_FAILURE_LIMIT = 5
export const ADDRESS_FAILURE_LIMIT = 20
export const WINDOW_MS = 10 * 60_000
export const LOCK_MS = 10 * 60_000

interface ThrottleRow {
  key: string
  failures: number
  window_started_at: string
  locked_until: string | null
}

export const techKey = (technicianId: string): string => `lan-tech:${technicianId}`
export const addressKey = (address: string): string => `lan-addr:${address}`

/** Seconds until every given key is unlocked; 0 when none is locked. */
export function lockedForSeconds(office: Office, keys: readonly string[], now = Date.now()): number {
  let until = 0
  for (const key of keys) {
    const row = office.sqlite.prepare('SELECT * FROM pin_throttle WHERE key = ?').get(key) as ThrottleRow | undefined
    const locked = row?.locked_until ? Date.parse(row.locked_until) : 0
    if (locked > now) until = Math.max(until, locked)
  }
  return until > now ? Math.ceil((until - now) / 1000) : 0
}

/** Counts one failure against each key; returns the seconds of the lockout it caused (0 if none). */
export function recordFailure(office: Office, keys: readonly { key: string; limit: number }[], now = Date.now()): number {
  let lockedFor = 0
  office.sqlite.transaction(() => {
    for (const { key, limit } of keys) {
      const row = office.sqlite.prepare('SELECT * FROM pin_throttle WHERE key = ?').get(key) as ThrottleRow | undefined
      const windowOpen = row && now - Date.parse(row.window_started_at) < WINDOW_MS
      const failures = windowOpen ? row.failures + 1 : 1
      const windowStart = windowOpen ? row.window_started_at : new Date(now).toISOString()
      const lockedUntil = failures >= limit ? new Date(now + LOCK_MS).toISOString() : null
      if (lockedUntil) lockedFor = Math.max(lockedFor, Math.ceil(LOCK_MS / 1000))
      office.sqlite
        .prepare(
          `INSERT INTO pin_throttle (key, failures, window_started_at, locked_until) VALUES (?, ?, ?, ?)
           ON CONFLICT(key) DO UPDATE SET failures = excluded.failures, window_started_at = excluded.window_started_at,
             locked_until = excluded.locked_until`,
        )
        // A lockout's counter restarts when it expires: the next window starts from zero.
        .run(key, lockedUntil ? 0 : failures, windowStart, lockedUntil)
    }
  })()
  return lockedFor
}

export function clearFailures(office: Office, key: string): void {
  office.sqlite.prepare('DELETE FROM pin_throttle WHERE key = ?').run(key)
}
