import { AsyncLocalStorage } from 'node:async_hooks'
import type { Kysely } from 'kysely'
import { verifyPin } from '../auth/pin'
import type { Database } from '../db/schema'
import {
  clearThrottleRowIn,
  deleteThrottleRowsIn,
  listLocksIn,
  readThrottleRowIn,
  writeThrottleRowIn,
  type ThrottleRow,
} from '../auth/pin-throttle.repo'
import { withTransaction, type EngineDb } from '../db/engine-db'
import { CloseoutError } from '../errors'
import { loadPolicyAsync } from '../lifecycle/load-submissions'

/**
 * Who is deciding: an office user, identified by id + PIN. Wrong PINs are counted per user *and
 * place* (issue #12, "lockout as a weapon": one lock per user let anyone on the second seat lock
 * the admin out for everyone): "this PC" (a desktop window, the office page on 127.0.0.1, the
 * command line) or the address of a second-seat PC. Five wrong PINs within 15 minutes from one
 * place lock that user *there* for 5 minutes; each further wrong PIN from that place within the
 * hour after doubles the lock (10, 20, 40, then 60 minutes). The user still signs in from
 * elsewhere. On top, one second-seat address that gets 20 PINs wrong within 10 minutes, for any
 * users, is refused for 10 minutes. The counters live in pin_throttle, so a restart does not
 * reset them; a right PIN clears that user's count for that place; an admin can lift a lock
 * (Settings → Sign-in).
 *
 * On the async path of issue #17: the checks and counters run on an `EngineDb` (the office's
 * SQLite file, or PostgreSQL where every seat counts in the same table).
 */
export const MAX_PIN_FAILURES = 5
export const PIN_LOCK_MS = 5 * 60_000
export const PIN_WINDOW_MS = 15 * 60_000
export const MAX_PIN_LOCK_MS = 60 * 60_000
/** After a lock ends, further wrong PINs within this long lock longer; then the count is forgotten. */
export const PIN_MEMORY_MS = 60 * 60_000
export const ADDRESS_PIN_FAILURES = 20
export const ADDRESS_WINDOW_MS = 10 * 60_000
export const ADDRESS_LOCK_MS = 10 * 60_000

export interface OfficeUser {
  id: string
  name: string
  roles: string[]
}

/** Where a PIN is typed: 'this-pc', or the LAN address of a second-seat PC. */
export const THIS_PC = 'this-pc'
export const USER_THROTTLE_PREFIX = 'user:'
const OFFICE_ADDRESS_PREFIX = 'office-addr:'
export const userPlaceKey = (userId: string, place: string) => `${USER_THROTTLE_PREFIX}${userId}@${place}`

/**
 * The place of the PIN checks made while handling one call: the office API's dispatch sets it
 * from the transport (a second-seat session's address), so every PIN check of the call (sign-in,
 * approvals, admin confirmations) is counted there without passing it through each function.
 */
const placeOfCall = new AsyncLocalStorage<string>()
export function withPinPlace<T>(place: string, body: () => T): T {
  return placeOfCall.run(place, body)
}
const currentPlace = () => placeOfCall.getStore() ?? THIS_PC

const lockMs = (failures: number) =>
  Math.min(MAX_PIN_LOCK_MS, PIN_LOCK_MS * 2 ** Math.max(0, failures - MAX_PIN_FAILURES))

/** The user's row at a place, or null once it is forgotten (window over without a lock, or an hour after the lock). */
async function readThrottle(db: Kysely<Database>, key: string, now: Date): Promise<ThrottleRow | null> {
  const row = await readThrottleRowIn(db, key)
  if (!row) return null
  const t = now.getTime()
  const forgotten =
    row.locked_until === null
      ? Date.parse(row.window_started_at) + PIN_WINDOW_MS <= t
      : Date.parse(row.locked_until) + PIN_MEMORY_MS <= t
  return forgotten ? null : row
}

const lockedNow = (row: ThrottleRow | null, now: Date): string | null =>
  row?.locked_until && Date.parse(row.locked_until) > now.getTime() ? row.locked_until : null

function minutesLeft(until: string, now: Date): number {
  return Math.max(1, Math.ceil((Date.parse(until) - now.getTime()) / 60_000))
}

/**
 * Counts one attempt for the user at the place as a wrong PIN, before the PIN is checked, in one
 * transaction with the lock check: answers the lock in force (nothing counted), or the row as it
 * now stands. A right PIN then clears the count. Counting first is what holds the lock across
 * seats on PostgreSQL: scrypt is slow, and each seat's own queue (oneAtATime) cannot stop another
 * seat's guesses, which would otherwise all pass the lock check before any failure was saved;
 * SERIALIZABLE makes the seats' counts follow one another.
 */
function countAttempt(edb: EngineDb, key: string, now: Date): Promise<{ lockedUntil: string } | ThrottleRow> {
  return withTransaction(edb, async (trx) => {
    const current = await readThrottle(trx, key, now)
    const locked = lockedNow(current, now)
    if (locked) return { lockedUntil: locked }
    const failures = (current?.failures ?? 0) + 1
    const row: ThrottleRow = {
      key,
      failures,
      window_started_at: current?.window_started_at ?? now.toISOString(),
      locked_until: failures >= MAX_PIN_FAILURES ? new Date(now.getTime() + lockMs(failures)).toISOString() : null,
    }
    await writeThrottleRowIn(trx, row)
    return row
  })
}

/** The per-address cap of a second-seat PC: its wrong PINs for any users, in a 10-minute window. */
async function addressLockedUntil(edb: EngineDb, place: string, now: Date): Promise<string | null> {
  if (place === THIS_PC) return null
  return lockedNow((await readThrottleRowIn(edb.db, `${OFFICE_ADDRESS_PREFIX}${place}`)) ?? null, now)
}

async function recordAddressFailure(edb: EngineDb, place: string, now: Date): Promise<void> {
  if (place === THIS_PC) return
  const key = `${OFFICE_ADDRESS_PREFIX}${place}`
  await withTransaction(edb, async (trx) => {
    const row = await readThrottleRowIn(trx, key)
    const open = row && !lockedNow(row, now) && Date.parse(row.window_started_at) + ADDRESS_WINDOW_MS > now.getTime()
    const failures = (open ? row.failures : 0) + 1
    const lock = failures >= ADDRESS_PIN_FAILURES
    await writeThrottleRowIn(trx, {
      key,
      failures: lock ? 0 : failures,
      window_started_at: open ? row.window_started_at : now.toISOString(),
      locked_until: lock ? new Date(now.getTime() + ADDRESS_LOCK_MS).toISOString() : null,
    })
  })
}

/**
 * PIN checks for one user run one at a time. scrypt is slow and asynchronous: without this,
 * a burst of parallel guesses would all pass the lockout check before the first failure is
 * recorded (30 at once got 30 guesses in the security review).
 */
const pending = new WeakMap<EngineDb, Map<string, Promise<unknown>>>()

function oneAtATime<T>(edb: EngineDb, userId: string, body: () => Promise<T>): Promise<T> {
  const queues = pending.get(edb) ?? new Map<string, Promise<unknown>>()
  pending.set(edb, queues)
  const previous = queues.get(userId) ?? Promise.resolve()
  const next = previous.then(body, body)
  const settled = next.catch(() => undefined)
  queues.set(userId, settled)
  void settled.then(() => {
    if (queues.get(userId) === settled) queues.delete(userId)
  })
  return next
}

/**
 * Checks id + PIN (and the lockout of the user at the caller's place). Throws 'unknown-user',
 * 'pin-locked' (the message says how long to wait) or 'wrong-pin'.
 */
export function authenticateUser(
  edb: EngineDb,
  userId: string,
  pin: string,
  now?: Date,
  place: string = currentPlace(),
): Promise<OfficeUser> {
  return oneAtATime(edb, userId, () => checkUserPin(edb, userId, pin, now ?? new Date(), place))
}

async function checkUserPin(edb: EngineDb, userId: string, pin: string, now: Date, place: string): Promise<OfficeUser> {
  const user = await edb.db
    .selectFrom('users')
    .select(['id', 'name', 'roles_json', 'pin_hash', 'active'])
    .where('id', '=', userId)
    .executeTakeFirst()
  // Messages name the person ("Wrong PIN for Dana Kim"); an unknown id has no name to give.
  const who = user?.name ?? userId
  const from = place === THIS_PC ? '' : ` from ${place}`
  const addressLock = await addressLockedUntil(edb, place, now)
  if (addressLock)
    throw new CloseoutError(
      'pin-locked',
      `Too many wrong PINs from ${place}; try again in ${minutesLeft(addressLock, now)} min`,
    )
  const key = userPlaceKey(userId, place)
  const lockedError = (until: string) =>
    new CloseoutError(
      'pin-locked',
      `Too many wrong PINs for ${who}${from}; try again in ${minutesLeft(until, now)} min`,
    )
  if (!user || user.active !== 1) {
    const locked = lockedNow(await readThrottle(edb.db, key, now), now)
    if (locked) throw lockedError(locked)
    throw new CloseoutError('unknown-user', `There is no active office user ${userId}`)
  }
  const counted = await countAttempt(edb, key, now)
  if ('lockedUntil' in counted) throw lockedError(counted.lockedUntil)
  if (!(await verifyPin(pin, user.pin_hash))) {
    await recordAddressFailure(edb, place, now)
    if (counted.locked_until) {
      const minutes = Math.round(lockMs(counted.failures) / 60_000)
      throw new CloseoutError(
        'pin-locked',
        counted.failures === MAX_PIN_FAILURES
          ? `Wrong PIN for ${who}; after ${MAX_PIN_FAILURES} wrong PINs ${who} is locked${from} for ${minutes} min`
          : `Wrong PIN for ${who} again; ${who} is locked${from} for ${minutes} min`,
      )
    }
    const left = MAX_PIN_FAILURES - counted.failures
    throw new CloseoutError(
      'wrong-pin',
      `Wrong PIN for ${who} (${left} ${left === 1 ? 'try' : 'tries'} left before a ${PIN_LOCK_MS / 60_000}-minute lock)`,
    )
  }
  await clearThrottleRowIn(edb.db, key)
  return { id: user.id, name: user.name, roles: JSON.parse(user.roles_json) as string[] }
}

/** Office users locked out right now: who, at which place, until when. */
export async function listUserLocks(
  edb: EngineDb,
  now = new Date(),
): Promise<{ userId: string; userName: string | null; place: string; failures: number; lockedUntil: string }[]> {
  const locks = []
  for (const lock of await listLocksIn(edb.db, USER_THROTTLE_PREFIX, now.getTime())) {
    const user = await edb.db.selectFrom('users').select('name').where('id', '=', lock.who).executeTakeFirst()
    const { place, failures, lockedUntil } = lock
    locks.push({ userId: lock.who, userName: user?.name ?? null, place, failures, lockedUntil })
  }
  return locks
}

/** Lifts every lock of one office user (every place) and forgets their wrong PINs; answers how many. */
export function liftUserLocks(edb: EngineDb, userId: string): Promise<number> {
  return deleteThrottleRowsIn(edb.db, `${USER_THROTTLE_PREFIX}${userId}@`)
}

/**
 * Refuses a user whose roles are not among the policy's approver roles ('not-an-approver').
 * `edb` may be a decision's transaction (its `db` the body's `trx`), so the policy is read there.
 */
export async function requireApprover(edb: EngineDb, user: OfficeUser): Promise<void> {
  const roles = (await loadPolicyAsync(edb)).approverRoles
  if (!user.roles.some((r) => roles.includes(r))) {
    throw new CloseoutError(
      'not-an-approver',
      `${user.name} may not approve: approvals need the role ${roles.join(' or ')}`,
    )
  }
}
