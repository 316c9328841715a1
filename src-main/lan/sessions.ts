import { createHash, randomBytes } from 'node:crypto'
import type { FormSource } from './form-source'

export const SESSION_COOKIE = 'closeout_tech'
export const SESSION_TTL_MS = 12 * 60 * 60_000

export interface TechSession {
  technicianId: string
  technicianName: string
  expiresAt: string
}

/** Only the token's hash is stored: a copy of the database does not sign anyone in. */
const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex')

export function createSession(
  source: FormSource,
  technicianId: string,
  now = Date.now(),
): { token: string; expiresAt: string } {
  const token = randomBytes(32).toString('base64url')
  const expiresAt = new Date(now + SESSION_TTL_MS).toISOString()
  source.state.transaction(() => {
    source.state.prepare('DELETE FROM lan_sessions WHERE expires_at <= ?').run(new Date(now).toISOString())
    source.state
      .prepare('INSERT INTO lan_sessions (token_hash, technician_id, created_at, expires_at) VALUES (?, ?, ?, ?)')
      .run(hashToken(token), technicianId, new Date(now).toISOString(), expiresAt)
  })()
  return { token, expiresAt }
}

/** The session for a cookie value, if it exists, has not expired and its technician is still active. */
export function findSession(source: FormSource, token: string | undefined, now = Date.now()): TechSession | null {
  if (!token || token.length > 200) return null
  const lookUp = () =>
    source.state
      .prepare('SELECT technician_id, expires_at FROM lan_sessions WHERE token_hash = ?')
      .get(hashToken(token)) as { technician_id: string; expires_at: string } | undefined
  const row = lookUp()
  if (!row || Date.parse(row.expires_at) <= now) return null
  const technician = source.technician(row.technician_id)
  if (!technician) return null
  // Looking the technician up may have ended their sessions (a lan-only server seeing a new PIN).
  if (!lookUp()) return null
  return { technicianId: technician.id, technicianName: technician.name, expiresAt: row.expires_at }
}

export function deleteSession(source: FormSource, token: string | undefined): void {
  if (token) source.state.prepare('DELETE FROM lan_sessions WHERE token_hash = ?').run(hashToken(token))
}
