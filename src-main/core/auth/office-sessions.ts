import { randomBytes } from 'node:crypto'
import type { OfficeSessionEntry, SessionUser } from '../../../src-shared/api/session'
import { authenticateUser } from '../approvals/approver-auth'
import type { EngineDb } from '../db/engine-db'
import { readSettingAsync } from '../settings/settings-store'
import { loadSessionUser } from './session-user'

/**
 * Office sign-in sessions. They live in memory: a restart signs everyone out, and a copy of the
 * database signs nobody in. A session ends when it is signed out, after the idle-lock minutes
 * without a call, after 12 hours in any case, or when its user is switched off.
 *
 * Each seat keeps its own (keyed by its EngineDb, the office itself on SQLite); the users, their
 * roles and the idle-lock minutes are read from the office database on either engine (issue #17).
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

const stores = new WeakMap<EngineDb, Map<string, StoredSession>>()

function store(edb: EngineDb): Map<string, StoredSession> {
  let sessions = stores.get(edb)
  if (!sessions) stores.set(edb, (sessions = new Map()))
  return sessions
}

/** The idle-lock minutes, on either engine (`{ db: trx }` inside a transaction). */
export async function idleLockMinutesAsync(edb: Pick<EngineDb, 'db'>): Promise<number> {
  return idleLockFrom(await readSettingAsync(edb, IDLE_LOCK_KEY))
}

function idleLockFrom(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : DEFAULT_IDLE_LOCK_MINUTES
}

const expired = (s: StoredSession, idleMs: number, now: number) =>
  now - s.lastSeenAt > idleMs || now - s.createdAt > SESSION_MAX_MS

/** Starts a session for a user who is already known to be who they say (PIN checked). */
export function openSession(
  edb: EngineDb,
  userId: string,
  now = Date.now(),
  origin: SessionOrigin = { via: 'this-pc', address: null },
): string {
  const sessionId = randomBytes(32).toString('base64url')
  const ref = randomBytes(9).toString('base64url')
  store(edb).set(sessionId, { userId, createdAt: now, lastSeenAt: now, ref, ...origin })
  return sessionId
}

/** Checks the PIN (scrypt, the same lockout as approvals) and opens a session. */
export async function signIn(
  edb: EngineDb,
  userId: string,
  pin: string,
  origin?: SessionOrigin,
): Promise<{ sessionId: string; user: SessionUser }> {
  await authenticateUser(edb, userId, pin)
  const user = (await loadSessionUser(edb.db, userId))!
  return { sessionId: openSession(edb, userId, Date.now(), origin), user }
}

/** The signed-in user of a session that is still open; each call keeps it from idling out. */
export async function resolveSession(
  edb: EngineDb,
  sessionId: string | null | undefined,
  now = Date.now(),
): Promise<SessionUser | null> {
  if (!sessionId || sessionId.length > 100) return null
  const sessions = store(edb)
  if (!sessions.has(sessionId)) return null
  const idleMs = (await idleLockMinutesAsync(edb)) * 60_000
  const session = sessions.get(sessionId)
  if (!session) return null
  if (expired(session, idleMs, now)) {
    sessions.delete(sessionId)
    return null
  }
  const user = await loadSessionUser(edb.db, session.userId)
  // Signed out (or switched off) while the user was read: the session is over.
  if (sessions.get(sessionId) !== session) return null
  if (!user) {
    sessions.delete(sessionId)
    return null
  }
  session.lastSeenAt = now
  return user
}

/** When the session ends without further calls: the sign-in cookie expires with it. */
export async function sessionExpiresAt(edb: EngineDb, sessionId: string): Promise<number | null> {
  if (!store(edb).has(sessionId)) return null
  const idleMs = (await idleLockMinutesAsync(edb)) * 60_000
  const session = store(edb).get(sessionId)
  if (!session) return null
  return Math.min(session.lastSeenAt + idleMs, session.createdAt + SESSION_MAX_MS)
}

export function signOut(edb: EngineDb, sessionId: string | null | undefined): boolean {
  return sessionId ? store(edb).delete(sessionId) : false
}

/** Ends every session of one user (their PIN changed, they were switched off). */
export function revokeUserSessions(edb: EngineDb, userId: string, except?: string): number {
  let ended = 0
  for (const [id, session] of store(edb))
    if (session.userId === userId && id !== except) {
      store(edb).delete(id)
      ended++
    }
  return ended
}

/** Where a session that is still stored was opened (null when there is none). */
export function sessionVia(edb: EngineDb, sessionId: string | null | undefined): SessionVia | null {
  return (sessionId && store(edb).get(sessionId)?.via) || null
}

/** Every open session, for the admin's list in Settings; the sessions that have run out are dropped first. */
export async function listSessions(
  edb: EngineDb,
  currentSessionId: string | null | undefined,
  now = Date.now(),
): Promise<OfficeSessionEntry[]> {
  const idleMs = (await idleLockMinutesAsync(edb)) * 60_000
  const open: [string, StoredSession][] = []
  for (const [id, s] of store(edb)) {
    if (expired(s, idleMs, now)) store(edb).delete(id)
    else open.push([id, s])
  }
  const out: OfficeSessionEntry[] = []
  for (const [id, s] of open) {
    const user = await loadSessionUser(edb.db, s.userId)
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
export function endSessionByRef(edb: EngineDb, ref: string): { userId: string; via: SessionVia } | null {
  for (const [id, s] of store(edb))
    if (s.ref === ref) {
      store(edb).delete(id)
      return { userId: s.userId, via: s.via }
    }
  return null
}

/** Ends every session opened one way (turning the second seat off ends its sessions). */
export function endSessionsVia(edb: EngineDb, via: SessionVia): number {
  let ended = 0
  for (const [id, s] of store(edb))
    if (s.via === via) {
      store(edb).delete(id)
      ended++
    }
  return ended
}
