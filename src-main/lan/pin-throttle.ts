import { throttleQueries, type ThrottleRow } from '../core/auth/pin-throttle.repo'
import { techAddressKey } from '../core/auth/technician-locks'
import { first, onConnection, run, type Sqlite } from '../core/db/connection'

/**
 * Failed-PIN throttles for the technician form, persisted in pin_throttle so a restart does not
 * reset them. Two keys per attempt (issue #12, "lockout as a weapon": a lock per technician let
 * one phone keep everyone's technicians locked out for good):
 * - per technician *and* address: after 3 wrong PINs each further try waits 30 s, then 1, 2, 4…
 *   up to 15 minutes; forgotten after an hour without a wrong PIN. Another phone is not affected.
 * - per address: 20 wrong PINs within 10 minutes, for any technicians, lock that address 10 minutes.
 * An office admin can lift a technician's locks in Settings.
 *
 * The rows are in the form server's state (FormSource.state): a seat's own SQLite on purpose,
 * whatever engine the office runs on, so they stay on the synchronous path (a sign-in reserves
 * its attempt without an await). On the office's own form server on SQLite the state is the
 * office database, where the office lists and lifts the locks (core/auth/technician-locks.ts).
 */
export interface ThrottlePolicy {
  key: string
  limit: number
  windowMs: number
  /** How long the n-th failure (n >= limit) locks the key. */
  lockMs: (failures: number) => number
  /** True: a lockout starts the count again; false: each further failure locks longer. */
  resetOnLock: boolean
}

export const TECH_ADDRESS_FREE_TRIES = 3
export const ADDRESS_FAILURE_LIMIT = 20
const FIRST_DELAY_MS = 30_000
const MAX_DELAY_MS = 15 * 60_000

export { techAddressKey }
export const addressKey = (address: string): string => `lan-addr:${address}`

export function techAddressPolicy(technicianId: string, address: string): ThrottlePolicy {
  return {
    key: techAddressKey(technicianId, address),
    limit: TECH_ADDRESS_FREE_TRIES,
    windowMs: 60 * 60_000,
    lockMs: (failures) => Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (failures - TECH_ADDRESS_FREE_TRIES)),
    resetOnLock: false,
  }
}

export function addressPolicy(address: string): ThrottlePolicy {
  return {
    key: addressKey(address),
    limit: ADDRESS_FAILURE_LIMIT,
    windowMs: 10 * 60_000,
    lockMs: () => 10 * 60_000,
    resetOnLock: true,
  }
}

/** Seconds until every given key is unlocked; 0 when none is locked. */
export function lockedForSeconds(state: Sqlite, keys: readonly string[], now = Date.now()): number {
  let until = 0
  for (const key of keys) {
    const row = readThrottleRow(state, key)
    const locked = row?.locked_until ? Date.parse(row.locked_until) : 0
    if (locked > now) until = Math.max(until, locked)
  }
  return until > now ? Math.ceil((until - now) / 1000) : 0
}

/** Counts one failure against each key; returns the seconds of the lockout it caused (0 if none). */
export function recordFailure(state: Sqlite, policies: readonly ThrottlePolicy[], now = Date.now()): number {
  let lockedFor = 0
  state.transaction(() => {
    for (const p of policies) {
      const failures = failuresInWindow(state, p, now, true) + 1
      const lock = failures >= p.limit ? p.lockMs(failures) : 0
      lockedFor = Math.max(lockedFor, Math.ceil(lock / 1000))
      writeThrottleRow(state, {
        key: p.key,
        failures: lock && p.resetOnLock ? 0 : failures,
        // The window runs from the latest failure for growing delays, from the first otherwise.
        window_started_at:
          p.resetOnLock && failures > 1
            ? (readThrottleRow(state, p.key)?.window_started_at ?? new Date(now).toISOString())
            : new Date(now).toISOString(),
        locked_until: lock ? new Date(now + lock).toISOString() : null,
      })
    }
  })()
  return lockedFor
}

export function clearFailures(state: Sqlite, key: string): void {
  run(state, throttleQueries.clear(onConnection(state).db, key))
}

/** Failures counted in the key's open window; `afterLock`: also those before an expired lockout. */
function failuresInWindow(state: Sqlite, p: ThrottlePolicy, now: number, afterLock = false): number {
  const row = readThrottleRow(state, p.key)
  if (!row || now - Date.parse(row.window_started_at) >= p.windowMs) return 0
  if (row.locked_until && p.resetOnLock && !afterLock) return 0
  return row.failures
}

function readThrottleRow(state: Sqlite, key: string): ThrottleRow | undefined {
  return first(state, throttleQueries.read(onConnection(state).db, key))
}

function writeThrottleRow(state: Sqlite, row: ThrottleRow): void {
  run(state, throttleQueries.write(onConnection(state).db, row))
}

export type Reservation = { release(): void } | { retryAfter: number; busy: boolean }

/**
 * Checking a PIN is slow and asynchronous (scrypt), so a burst of parallel sign-ins would all
 * pass the lockout check before the first failure is counted: 40 at once got 40 guesses. Each
 * attempt therefore reserves one of its keys' remaining tries before the PIN is checked, and
 * gives it back (after its failure, if any, is recorded) when it ends. Past a key's free tries
 * one attempt at a time may run.
 */
export class AttemptGate {
  private readonly inFlight = new Map<string, number>()

  constructor(private readonly state: Sqlite) {}

  reserve(policies: readonly ThrottlePolicy[], now = Date.now()): Reservation {
    const locked = lockedForSeconds(
      this.state,
      policies.map((p) => p.key),
      now,
    )
    if (locked > 0) return { retryAfter: locked, busy: false }
    const full = policies.some(
      (p) => (this.inFlight.get(p.key) ?? 0) >= Math.max(1, p.limit - failuresInWindow(this.state, p, now)),
    )
    if (full) return { retryAfter: 1, busy: true }
    for (const { key } of policies) this.inFlight.set(key, (this.inFlight.get(key) ?? 0) + 1)
    let released = false
    return {
      release: () => {
        if (released) return
        released = true
        for (const { key } of policies) {
          const left = (this.inFlight.get(key) ?? 1) - 1
          if (left > 0) this.inFlight.set(key, left)
          else this.inFlight.delete(key)
        }
      },
    }
  }
}
