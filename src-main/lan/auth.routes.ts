import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { SessionRequestSchema } from '../../src-shared/api/lan'
import { issuesToDetails, summarizeDetails } from '../../src-shared/schemas/issues'
import { verifyPin } from '../core/auth/pin'
import type { FormSource, FormTechnician } from './form-source'
import {
  AttemptGate,
  addressPolicy,
  clearFailures,
  recordFailure,
  techAddressKey,
  techAddressPolicy,
} from './pin-throttle'
import { SESSION_COOKIE, SESSION_TTL_MS, createSession, deleteSession, findSession, type TechSession } from './sessions'
import { sendError } from './replies'

// verifyPin against this for unknown ids, so a wrong id costs as long as a wrong PIN.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='

/** The signed-in technician, or a 401 answer already sent. */
export async function requireSession(
  source: FormSource,
  req: FastifyRequest,
  reply: FastifyReply,
): Promise<TechSession | null> {
  const session = await findSession(source, req.cookies[SESSION_COOKIE])
  if (!session) {
    sendError(reply, 401, 'signed-out', 'Sign in with your PIN')
    return null
  }
  return session
}

export function registerAuthRoutes(app: FastifyInstance, source: FormSource): void {
  const gate = new AttemptGate(source.state)
  /** The names on the sign-in screen: a technician taps theirs, then types the PIN. */
  app.get('/api/technicians', async () => ({ technicians: await source.technicians() }))

  app.get('/api/session', async (req, reply) => {
    const session = await requireSession(source, req, reply)
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
    // A technician id that does not exist leaves no row behind: only the address is counted.
    const known = (await source.technician(technicianId)) !== undefined
    const keys = [...(known ? [techAddressPolicy(technicianId, req.ip)] : []), addressPolicy(req.ip)]
    const reservation = gate.reserve(keys)
    if ('retryAfter' in reservation) return tooMany(reply, reservation.retryAfter, reservation.busy)
    let tech: FormTechnician | undefined
    try {
      tech = await source.technician(technicianId)
      const good = await verifyPin(pin, tech?.pinHash ?? DUMMY_HASH)
      if (!tech || !good) {
        console.warn(`[closeout] LAN sign-in failed for ${technicianId} from ${req.ip}`)
        const lockedNow = recordFailure(source.state, keys)
        if (lockedNow > 0) return tooMany(reply, lockedNow, false)
        return sendError(reply, 401, 'wrong-pin', 'That PIN is not right for this technician')
      }
      clearFailures(source.state, techAddressKey(technicianId, req.ip))
    } finally {
      reservation.release()
    }
    // A new sign-in replaces whatever session this browser had: the old token stops working.
    deleteSession(source, req.cookies[SESSION_COOKIE])
    const { token, expiresAt } = createSession(source, tech.id)
    reply.setCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      path: '/',
      maxAge: SESSION_TTL_MS / 1000,
    })
    return { technician: { id: tech.id, name: tech.name }, expiresAt }
  })

  app.delete('/api/session', async (req, reply) => {
    deleteSession(source, req.cookies[SESSION_COOKIE])
    reply.clearCookie(SESSION_COOKIE, { path: '/' })
    return { signedOut: true }
  })
}

function tooMany(reply: FastifyReply, seconds: number, busy: boolean): FastifyReply {
  reply.header('retry-after', String(seconds))
  // Only parallel sign-ins for one technician or from one phone get here: the tries left are all being checked.
  if (busy) return sendError(reply, 429, 'too-many-attempts', 'Another sign-in is being checked; try again in a moment')
  const wait = seconds < 60 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minute${seconds <= 60 ? '' : 's'}`
  return sendError(reply, 429, 'too-many-attempts', `Too many wrong PINs. Try again in ${wait}, or ask the office`, [
    { path: 'retryAfterSeconds', message: String(seconds) },
  ])
}
