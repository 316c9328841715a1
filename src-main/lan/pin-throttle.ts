import { clearThrottleRow, readThrottleRow, writeThrottleRow } from '../core/auth/pin-throttle.repo'
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

export const techKey = (technicianId: string): string => `lan-tech:${technicianId}`
export const addressKey = (address: string): string => `lan-addr:${address}`

/** Seconds until every given key is unlocked; 0 when none is locked. */
export function lockedForSeconds(office: Office, keys: readonly string[], now = Date.now()): number {
  let until = 0
  for (const key of keys) {
    const row = readThrottleRow(office.sqlite, key)
    const locked = row?.locked_until ? Date.parse(row.locked_until) : 0
    if (locked > now) until = Math.max(until, locked)
  }
  return until > now ? Math.ceil((until - now) / 1000) : 0
}

/** Counts one failure against each key; returns the seconds of the lockout it caused (0 if none). */
export function recordFailure(
  office: Office,
  keys: readonly { key: string; limit: number }[],
  now = Date.now(),
): number {
  let lockedFor = 0
  office.sqlite.transaction(() => {
    for (const { key, limit } of keys) {
      const row = readThrottleRow(office.sqlite, key)
      const windowOpen = row && now - Date.parse(row.window_started_at) < WINDOW_MS
      const failures = windowOpen ? row.failures + 1 : 1
      const windowStart = windowOpen ? row.window_started_at : new Date(now).toISOString()
      const lockedUntil = failures >= limit ? new Date(now + LOCK_MS).toISOString() : null
      if (lockedUntil) lockedFor = Math.max(lockedFor, Math.ceil(LOCK_MS / 1000))
      // A lockout's counter restarts when it expires: the next window starts from zero.
      writeThrottleRow(office.sqlite, {
        key,
        failures: lockedUntil ? 0 : failures,
        window_started_at: windowStart,
        locked_until: lockedUntil,
      })
    }
  })()
  return lockedFor
}

export function clearFailures(office: Office, key: string): void {
  clearThrottleRow(office.sqlite, key)
}

/** Failures counted so far in the key's open window (0 once the window or a lockout is over). */
function failuresInWindow(office: Office, key: string, now: number): number {
  const row = readThrottleRow(office.sqlite, key)
  if (!row || row.locked_until) return 0
  return now - Date.parse(row.window_started_at) < WINDOW_MS ? row.failures : 0
}

export type Reservation = { release(): void } | { retryAfter: number; busy: boolean }

/**
 * Checking a PIN is slow and asynchronous (scrypt), so a burst of parallel sign-ins would all
 * pass the lockout check before the first failure is counted: 40 at once got 40 guesses. Each
 * attempt therefore reserves one of its keys' remaining tries before the PIN is checked, and
 * gives it back (after its failure, if any, is recorded) when it ends.
 */
export class AttemptGate {
  private readonly inFlight = new Map<string, number>()

  constructor(private readonly office: Office) {}

  reserve(keys: readonly { key: string; limit: number }[], now = Date.now()): Reservation {
    const locked = lockedForSeconds(
      this.office,
      keys.map((k) => k.key),
      now,
    )
    if (locked > 0) return { retryAfter: locked, busy: false }
    const full = keys.some(
      ({ key, limit }) => failuresInWindow(this.office, key, now) + (this.inFlight.get(key) ?? 0) >= limit,
    )
    if (full) return { retryAfter: 1, busy: true }
    for (const { key } of keys) this.inFlight.set(key, (this.inFlight.get(key) ?? 0) + 1)
    let released = false
    return {
      release: () => {
        if (released) return
        released = true
        for (const { key } of keys) {
          const left = (this.inFlight.get(key) ?? 1) - 1
          if (left > 0) this.inFlight.set(key, left)
          else this.inFlight.delete(key)
        }
      },
    }
  }
}
