import { createHash, randomBytes } from 'node:crypto'
import { first, run } from '../core/db/connection'
import type { FormSource } from './form-source'
import { formStateDb as db } from './form-state'

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
  const { state } = source
  state.transaction(() => {
    run(state, db.deleteFrom('lan_sessions').where('expires_at', '<=', new Date(now).toISOString()))
    run(
      state,
      db.insertInto('lan_sessions').values({
        token_hash: hashToken(token),
        technician_id: technicianId,
        created_at: new Date(now).toISOString(),
        expires_at: expiresAt,
      }),
    )
  })()
  return { token, expiresAt }
}

/** The session for a cookie value, if it exists, has not expired and its technician is still active. */
export function findSession(source: FormSource, token: string | undefined, now = Date.now()): TechSession | null {
  if (!token || token.length > 200) return null
  const lookUp = () =>
    first(
      source.state,
      db.selectFrom('lan_sessions').select(['technician_id', 'expires_at']).where('token_hash', '=', hashToken(token)),
    )
  const row = lookUp()
  if (!row || Date.parse(row.expires_at) <= now) return null
  const technician = source.technician(row.technician_id)
  if (!technician) return null
  // Looking the technician up may have ended their sessions (a lan-only server seeing a new PIN).
  if (!lookUp()) return null
  return { technicianId: technician.id, technicianName: technician.name, expiresAt: row.expires_at }
}

export function deleteSession(source: FormSource, token: string | undefined): void {
  if (token) run(source.state, db.deleteFrom('lan_sessions').where('token_hash', '=', hashToken(token)))
}
