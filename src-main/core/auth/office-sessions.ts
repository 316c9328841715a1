import { randomBytes } from 'node:crypto'
import type { SessionUser } from '../../../src-shared/api/session'
import { authenticateUser } from '../approvals/approver-auth'
import type { Office } from '../office'
import { readSetting } from '../settings/settings-store'
import { loadSessionUser } from './office-users'

/**
 * Office sign-in sessions. They live in memory: a restart signs everyone out, and a copy of the
 * database signs nobody in. A session ends when it is signed out, after the idle-lock minutes
 * without a call, after 12 hours in any case, or when its user is switched off.
 */
export const IDLE_LOCK_KEY = 'idleLockMinutes'
export const DEFAULT_IDLE_LOCK_MINUTES = 15
export const SESSION_MAX_MS = 12 * 60 * 60_000

interface StoredSession {
  userId: string
  createdAt: number
  lastSeenAt: number
}

const stores = new WeakMap<Office, Map<string, StoredSession>>()

function store(office: Office): Map<string, StoredSession> {
  let sessions = stores.get(office)
  if (!sessions) stores.set(office, (sessions = new Map()))
  return sessions
}

export function idleLockMinutes(office: Office): number {
  const value = readSetting(office.sqlite, IDLE_LOCK_KEY)
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : DEFAULT_IDLE_LOCK_MINUTES
}

/** Starts a session for a user who is already known to be who they say (PIN checked). */
export function openSession(office: Office, userId: string, now = Date.now()): string {
  const sessionId = randomBytes(32).toString('base64url')
  store(office).set(sessionId, { userId, createdAt: now, lastSeenAt: now })
  return sessionId
}

/** Checks the PIN (scrypt, the same lockout as approvals) and opens a session. */
export async function signIn(
  office: Office,
  userId: string,
  pin: string,
): Promise<{ sessionId: string; user: SessionUser }> {
  await authenticateUser(office, userId, pin)
  const user = loadSessionUser(office.sqlite, userId)!
  return { sessionId: openSession(office, userId), user }
}

/** The signed-in user of a session that is still open; each call keeps it from idling out. */
export function resolveSession(
  office: Office,
  sessionId: string | null | undefined,
  now = Date.now(),
): SessionUser | null {
  if (!sessionId || sessionId.length > 100) return null
  const sessions = store(office)
  const session = sessions.get(sessionId)
  if (!session) return null
  const idleMs = idleLockMinutes(office) * 60_000
  if (now - session.lastSeenAt > idleMs || now - session.createdAt > SESSION_MAX_MS) {
    sessions.delete(sessionId)
    return null
  }
  const user = loadSessionUser(office.sqlite, session.userId)
  if (!user) {
    sessions.delete(sessionId)
    return null
  }
  session.lastSeenAt = now
  return user
}

/** When the session ends without further calls: the sign-in cookie expires with it. */
export function sessionExpiresAt(office: Office, sessionId: string): number | null {
  const session = store(office).get(sessionId)
  if (!session) return null
  return Math.min(session.lastSeenAt + idleLockMinutes(office) * 60_000, session.createdAt + SESSION_MAX_MS)
}

export function signOut(office: Office, sessionId: string | null | undefined): boolean {
  return sessionId ? store(office).delete(sessionId) : false
}

/** Ends every session of one user (their PIN changed, they were switched off). */
export function revokeUserSessions(office: Office, userId: string, except?: string): number {
  let ended = 0
  for (const [id, session] of store(office))
    if (session.userId === userId && id !== except) {
      store(office).delete(id)
      ended++
    }
  return ended
}
