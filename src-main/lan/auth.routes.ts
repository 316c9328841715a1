import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { SessionRequestSchema } from '../../src-shared/api/lan'
import { issuesToDetails, summarizeDetails } from '../../src-shared/schemas/issues'
import { verifyPin } from '../core/auth/pin'
import type { Office } from '../core/office'
import { ADDRESS_FAILURE_LIMIT, TECH_FAILURE_LIMIT, addressKey, clearFailures, lockedForSeconds, recordFailure, techKey } from './pin-throttle'
import { SESSION_COOKIE, SESSION_TTL_MS, createSession, deleteSession, findSession, type TechSession } from './sessions'
import { sendError } from './replies'

// verifyPin against this for unknown ids, so a wrong id costs as long as a wrong PIN.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='

/** The signed-in technician, or a 401 answer already sent. */
export function requireSession(office: Office, req: FastifyRequest, reply: FastifyReply): TechSession | null {
  const session = findSession(office, req.cookies[SESSION_COOKIE])
  if (!session) {
    sendError(reply, 401, 'signed-out', 'Sign in with your PIN')
    return null
  }
  return session
}

export function registerAuthRoutes(app: FastifyInstance, office: Office): void {
  /** The names on the sign-in screen: a technician taps theirs, then types the PIN. */
  app.get('/api/technicians', async () => {
    const rows = office.sqlite.prepare('SELECT id, name FROM technicians WHERE active = 1 AND pin_hash IS NOT NULL ORDER BY name').all()
    return { technicians: rows as { id: string; name: string }[] }
  })

  app.get('/api/session', async (req, reply) => {
    const session = requireSession(office, req, reply)
    if (!session) return reply
    return { technician: { id: session.technicianId, name: session.technicianName }, expiresAt: session.expiresAt }
  })

  app.post('/api/session', async (req, reply) => {
    const parsed = SessionRequestSchema.safeParse(req.body)
    if (!parsed.success) {
      const details = issuesToDetails(parsed.error)
      return sendError(reply, 400, 'invalid-input', summarizeDetails(details), details)
    }
    const { technicianId, pin } = parsed.data
    const keys = [techKey(technicianId), addressKey(req.ip)]
    const locked = lockedForSeconds(office, keys)
    if (locked > 0) return tooMany(reply, locked)
    const tech = office.sqlite.prepare('SELECT id, name, pin_hash FROM technicians WHERE id = ? AND active = 1').get(technicianId) as
      | { id: string; name: string; pin_hash: string | null }
      | undefined
    const good = await verifyPin(pin, tech?.pin_hash ?? DUMMY_HASH)
    if (!tech || !good) {
      console.warn(`[closeout] LAN sign-in failed for ${technicianId} from ${req.ip}`)
      const lockedNow = recordFailure(office, [
        { key: keys[0] as string, limit: TECH_FAILURE_LIMIT },
        { key: keys[1] as string, limit: ADDRESS_FAILURE_LIMIT },
      ])
      if (lockedNow > 0) return tooMany(reply, lockedNow)
      return sendError(reply, 401, 'wrong-pin', 'That PIN is not right for this technician')
    }
    clearFailures(office, techKey(technicianId))
    const { token, expiresAt } = createSession(office, tech.id)
    reply.setCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      path: '/',
      maxAge: SESSION_TTL_MS / 1000,
    })
    return { technician: { id: tech.id, name: tech.name }, expiresAt }
  })

  app.delete('/api/session', async (req, reply) => {
    deleteSession(office, req.cookies[SESSION_COOKIE])
    reply.clearCookie(SESSION_COOKIE, { path: '/' })
    return { signedOut: true }
  })
}

function tooMany(reply: FastifyReply, seconds: number): FastifyReply {
  reply.header('retry-after', String(seconds))
  const minutes = Math.ceil(seconds / 60)
  return sendError(reply, 429, 'too-many-attempts', `Too many wrong PINs. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or ask the office`)
}
