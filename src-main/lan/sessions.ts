import { createHash, randomBytes } from 'node:crypto'
import { first, run, type Sqlite } from '../core/db/connection'
import type { FormSource, KnownSubmission } from './form-source'
import { formStateDb as db } from '../core/db/seat-state.repo'

/*
 * The form server's own state: the phone sessions (lan_sessions) here, and on a `serve
 * --lan-only` PC what it sent and the PIN hashes it last saw. Deliberately a local SQLite
 * connection whatever engine the office runs on (FormSource.state): a seat's sign-ins are its
 * own. So this file stays on the synchronous path (tests/unit/core/db/sync-path.test.ts) while
 * the form's reads of the office run on either engine.
 */

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
export async function findSession(
  source: FormSource,
  token: string | undefined,
  now = Date.now(),
): Promise<TechSession | null> {
  if (!token || token.length > 200) return null
  const lookUp = () =>
    first(
      source.state,
      db.selectFrom('lan_sessions').select(['technician_id', 'expires_at']).where('token_hash', '=', hashToken(token)),
    )
  const row = lookUp()
  if (!row || Date.parse(row.expires_at) <= now) return null
  const technician = await source.technician(row.technician_id)
  if (!technician) return null
  // Looking the technician up may have ended their sessions (a lan-only server seeing a new PIN).
  if (!lookUp()) return null
  return { technicianId: technician.id, technicianName: technician.name, expiresAt: row.expires_at }
}

export function deleteSession(source: FormSource, token: string | undefined): void {
  if (token) run(source.state, db.deleteFrom('lan_sessions').where('token_hash', '=', hashToken(token)))
}

/**
 * The office ends a technician's phone sessions when it changes their PIN, but only in its own
 * database: this server learns of the change from the PIN hash in the snapshot. A hash other than
 * the one last seen (or a technician gone from the snapshot) ends that technician's sessions
 * here. The hash last seen is kept in this server's database, so a change made while it was
 * stopped counts too (a technician never seen before is signed out once, to be safe).
 */
export function endSessionsOnNewPin(state: Sqlite, technicianId: string, pinHash: string | undefined): void {
  const stamp = pinHash === undefined ? null : createHash('sha256').update(pinHash).digest('hex')
  const seen = first(
    state,
    db.selectFrom('technician_pins').select('pin_stamp').where('technician_id', '=', technicianId),
  )
  if (stamp !== null && seen?.pin_stamp === stamp) return
  if (stamp === null && seen === undefined) return
  state.transaction(() => {
    run(state, db.deleteFrom('lan_sessions').where('technician_id', '=', technicianId))
    if (stamp === null) run(state, db.deleteFrom('technician_pins').where('technician_id', '=', technicianId))
    else
      run(
        state,
        db
          .insertInto('technician_pins')
          .values({ technician_id: technicianId, pin_stamp: stamp })
          .onConflict((oc) => oc.column('technician_id').doUpdateSet({ pin_stamp: stamp })),
      )
  })()
}

/** What a `serve --lan-only` form server sent (its own record while the bundle travels to the office). */
export function sentSubmission(state: Sqlite, id: string): KnownSubmission | undefined {
  const row = first(
    state,
    db.selectFrom('sent_submissions').select(['technician_id', 'fingerprint']).where('id', '=', id),
  )
  return row && { technicianId: row.technician_id, archivedPath: null, fingerprint: row.fingerprint }
}

export function rememberSent(
  state: Sqlite,
  { id, technicianId, fingerprint }: { id: string; technicianId: string; fingerprint: string },
): void {
  run(
    state,
    db
      .insertInto('sent_submissions')
      .values({ id, technician_id: technicianId, fingerprint, sent_at: new Date().toISOString() })
      .onConflict((oc) => oc.doNothing()),
  )
}
