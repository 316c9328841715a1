import { verifyPin } from '../auth/pin'
import { clearThrottleRow, readThrottleRow, writeThrottleRow, type ThrottleRow } from '../auth/pin-throttle.repo'
import { all, first } from '../db/connection'
import { CloseoutError } from '../errors'
import type { Office } from '../office'
import { loadPolicy } from '../lifecycle/rules-context'

/**
 * Who is deciding: an office user, identified by id + PIN. Five wrong PINs within 15 minutes
 * lock that user for 5 minutes; the counter lives in pin_throttle, so a restart does not reset
 * it. A right PIN clears the counter.
 */
export const MAX_PIN_FAILURES = 5
export const PIN_LOCK_MS = 5 * 60_000
export const PIN_WINDOW_MS = 15 * 60_000

export interface OfficeUser {
  id: string
  name: string
  roles: string[]
}

const throttleKey = (userId: string) => `user:${userId}`

function readThrottle(office: Office, userId: string, now: Date): ThrottleRow | null {
  const row = readThrottleRow(office.sqlite, throttleKey(userId))
  if (!row) return null
  const lockOver = row.locked_until !== null && Date.parse(row.locked_until) <= now.getTime()
  const windowOver = row.locked_until === null && Date.parse(row.window_started_at) + PIN_WINDOW_MS <= now.getTime()
  return lockOver || windowOver ? null : row
}

function minutesLeft(until: string, now: Date): number {
  return Math.max(1, Math.ceil((Date.parse(until) - now.getTime()) / 60_000))
}

/** Counts one wrong PIN; returns the row as it now stands. */
function recordFailure(office: Office, userId: string, now: Date): ThrottleRow {
  return office.sqlite.transaction(() => {
    const current = readThrottle(office, userId, now)
    const failures = (current?.failures ?? 0) + 1
    const row: ThrottleRow = {
      key: throttleKey(userId),
      failures,
      window_started_at: current?.window_started_at ?? now.toISOString(),
      locked_until: failures >= MAX_PIN_FAILURES ? new Date(now.getTime() + PIN_LOCK_MS).toISOString() : null,
    }
    writeThrottleRow(office.sqlite, row)
    return row
  })()
}

/**
 * PIN checks for one user run one at a time. scrypt is slow and asynchronous: without this,
 * a burst of parallel guesses would all pass the lockout check before the first failure is
 * recorded (30 at once got 30 guesses in the security review).
 */
const pending = new WeakMap<Office, Map<string, Promise<unknown>>>()

function oneAtATime<T>(office: Office, userId: string, body: () => Promise<T>): Promise<T> {
  const queues = pending.get(office) ?? new Map<string, Promise<unknown>>()
  pending.set(office, queues)
  const previous = queues.get(userId) ?? Promise.resolve()
  const next = previous.then(body, body)
  const settled = next.catch(() => undefined)
  queues.set(userId, settled)
  void settled.then(() => {
    if (queues.get(userId) === settled) queues.delete(userId)
  })
  return next
}

/** Checks id + PIN (and the lockout). Throws 'unknown-user', 'pin-locked' or 'wrong-pin'. */
export function authenticateUser(office: Office, userId: string, pin: string, now?: Date): Promise<OfficeUser> {
  return oneAtATime(office, userId, () => checkUserPin(office, userId, pin, now ?? new Date()))
}

async function checkUserPin(office: Office, userId: string, pin: string, now: Date): Promise<OfficeUser> {
  const user = first(
    office.sqlite,
    office.db.selectFrom('users').select(['id', 'name', 'roles_json', 'pin_hash', 'active']).where('id', '=', userId),
  )
  // Messages name the person ("Wrong PIN for Dana Kim"); an unknown id has no name to give.
  const who = user?.name ?? userId
  const locked = readThrottle(office, userId, now)
  if (locked?.locked_until) {
    throw new CloseoutError(
      'pin-locked',
      `Too many wrong PINs for ${who}; try again in ${minutesLeft(locked.locked_until, now)} min`,
    )
  }
  if (!user || user.active !== 1) throw new CloseoutError('unknown-user', `There is no active office user ${userId}`)
  if (!(await verifyPin(pin, user.pin_hash))) {
    const row = recordFailure(office, userId, now)
    if (row.locked_until) {
      throw new CloseoutError(
        'pin-locked',
        `Wrong PIN for ${who}; after ${MAX_PIN_FAILURES} wrong PINs ${who} is locked for ${PIN_LOCK_MS / 60_000} min`,
      )
    }
    const left = MAX_PIN_FAILURES - row.failures
    throw new CloseoutError(
      'wrong-pin',
      `Wrong PIN for ${who} (${left} ${left === 1 ? 'try' : 'tries'} left before a ${PIN_LOCK_MS / 60_000}-minute lock)`,
    )
  }
  clearThrottleRow(office.sqlite, throttleKey(userId))
  return { id: user.id, name: user.name, roles: JSON.parse(user.roles_json) as string[] }
}

/** Refuses a user whose roles are not among the policy's approver roles ('not-an-approver'). */
export function requireApprover(office: Office, user: OfficeUser): void {
  const roles = loadPolicy(office).approverRoles
  if (!user.roles.some((r) => roles.includes(r))) {
    throw new CloseoutError(
      'not-an-approver',
      `${user.name} may not approve: approvals need the role ${roles.join(' or ')}`,
    )
  }
}

/** Active office users for the approver picker: names, roles and whether the policy lets them approve. */
export function listUsers(office: Office): (OfficeUser & { mayApprove: boolean })[] {
  const rows = all(
    office.sqlite,
    office.db
      .selectFrom('users')
      .select(['id', 'name', 'roles_json'])
      .where('active', '=', 1)
      .orderBy('name')
      .orderBy('id'),
  )
  const approverRoles = loadPolicy(office).approverRoles
  return rows.map((r) => {
    const roles = JSON.parse(r.roles_json) as string[]
    return { id: r.id, name: r.name, roles, mayApprove: roles.some((role) => approverRoles.includes(role)) }
  })
}
