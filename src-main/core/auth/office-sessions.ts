import { randomBytes } from 'node:crypto'
import type { OfficeSessionEntry, SessionUser } from '../../../src-shared/api/session'
import { authenticateUser } from '../approvals/approver-auth'
import type { Office } from '../office'
import type { EngineDb } from '../db/engine-db'
import { readSetting, readSettingAsync } from '../settings/settings-store'
import { loadSessionUser } from './office-users'

/**
 * Office sign-in sessions. They live in memory: a restart signs everyone out, and a copy of the
 * database signs nobody in. A session ends when it is signed out, after the idle-lock minutes
 * without a call, after 12 hours in any case, or when its user is switched off.
 */
export const IDLE_LOCK_KEY = 'idleLockMinutes'
export const DEFAULT_IDLE_LOCK_MINUTES = 15
export const SESSION_MAX_MS = 12 * 60 * 60_000

/** Where a session was opened: a desktop window, the office page on 127.0.0.1, or the second seat on the LAN. */
export type SessionVia = 'desktop' | 'this-pc' | 'second-seat'

/** Where a sign-in came from, as the transport saw it (the peer address, or null over IPC). */
export interface SessionOrigin {
  via: SessionVia
  address: string | null
}

interface StoredSession {
  userId: string
  createdAt: number
  lastSeenAt: number
  /** A public handle for the sessions list: the session id itself is a credential and never listed. */
  ref: string
  via: SessionVia
  address: string | null
}

const stores = new WeakMap<Office, Map<string, StoredSession>>()

function store(office: Office): Map<string, StoredSession> {
  let sessions = stores.get(office)
  if (!sessions) stores.set(office, (sessions = new Map()))
  return sessions
}

export function idleLockMinutes(office: Office): number {
  return idleLockFrom(readSetting(office.sqlite, IDLE_LOCK_KEY))
}

/** idleLockMinutes on the async path (issue #17, for the Settings screen): either engine, or `{ db: trx }`. */
export async function idleLockMinutesAsync(edb: Pick<EngineDb, 'db'>): Promise<number> {
  return idleLockFrom(await readSettingAsync(edb, IDLE_LOCK_KEY))
}

function idleLockFrom(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : DEFAULT_IDLE_LOCK_MINUTES
}

/** Starts a session for a user who is already known to be who they say (PIN checked). */
export function openSession(
  office: Office,
  userId: string,
  now = Date.now(),
  origin: SessionOrigin = { via: 'this-pc', address: null },
): string {
  const sessionId = randomBytes(32).toString('base64url')
  const ref = randomBytes(9).toString('base64url')
  store(office).set(sessionId, { userId, createdAt: now, lastSeenAt: now, ref, ...origin })
  return sessionId
}

/** Checks the PIN (scrypt, the same lockout as approvals) and opens a session. */
export async function signIn(
  office: Office,
  userId: string,
  pin: string,
  origin?: SessionOrigin,
): Promise<{ sessionId: string; user: SessionUser }> {
  await authenticateUser(office, userId, pin)
  const user = loadSessionUser(office.sqlite, userId)!
  return { sessionId: openSession(office, userId, Date.now(), origin), user }
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

/** Where a session that is still stored was opened (null when there is none). */
export function sessionVia(office: Office, sessionId: string | null | undefined): SessionVia | null {
  return (sessionId && store(office).get(sessionId)?.via) || null
}

/** Every open session, for the admin's list in Settings; the sessions that have run out are dropped first. */
export function listSessions(
  office: Office,
  currentSessionId: string | null | undefined,
  now = Date.now(),
): OfficeSessionEntry[] {
  const idleMs = idleLockMinutes(office) * 60_000
  const out: OfficeSessionEntry[] = []
  for (const [id, s] of store(office)) {
    if (now - s.lastSeenAt > idleMs || now - s.createdAt > SESSION_MAX_MS) {
      store(office).delete(id)
      continue
    }
    const user = loadSessionUser(office.sqlite, s.userId)
    out.push({
      ref: s.ref,
      userId: s.userId,
      userName: user?.name ?? s.userId,
      via: s.via,
      address: s.address,
      since: new Date(s.createdAt).toISOString(),
      lastSeen: new Date(s.lastSeenAt).toISOString(),
      current: id === currentSessionId,
    })
  }
  return out.sort((a, b) => a.since.localeCompare(b.since))
}

/** Ends the session a list entry names; false when it had already ended. */
export function endSessionByRef(office: Office, ref: string): { userId: string; via: SessionVia } | null {
  for (const [id, s] of store(office))
    if (s.ref === ref) {
      store(office).delete(id)
      return { userId: s.userId, via: s.via }
    }
  return null
}

/** Ends every session opened one way (turning the second seat off ends its sessions). */
export function endSessionsVia(office: Office, via: SessionVia): number {
  let ended = 0
  for (const [id, s] of store(office))
    if (s.via === via) {
      store(office).delete(id)
      ended++
    }
  return ended
}
