import { z } from 'zod'
import { IdSchema } from '../schemas/primitives'
import { USER_ROLES } from '../schemas/setup'

/**
 * Office sign-in (docs/security.md). Every office API method needs a signed-in session except
 * the ones in SESSION_FREE_METHODS: over HTTP the header `X-Closeout-Session` or the sign-in
 * cookie carries it, over IPC the window's own session.
 */

const PinSchema = z.string().regex(/^\d{4,8}$/, 'a PIN is 4 to 8 digits')

export const SessionUserSchema = z.object({
  id: z.string(),
  name: z.string(),
  roles: z.array(z.enum(USER_ROLES)),
  /** May change users, roles, PINs, technicians and the approval policy (with their PIN). */
  admin: z.boolean(),
  /** Holds a role the approval policy lets approve. */
  approver: z.boolean(),
  /** The technician record this user works as: they never approve that technician's work. */
  technicianId: z.string().nullable(),
})
export type SessionUser = z.infer<typeof SessionUserSchema>

export const SignInAnswerSchema = z.object({ sessionId: z.string(), user: SessionUserSchema })

export const SessionCurrentSchema = z.object({
  user: SessionUserSchema.nullable(),
  /** Minutes without use after which the office UI locks (Settings; default 15). */
  idleLockMinutes: z.number().int(),
  /** What the sign-in screen shows. */
  signIn: z.object({
    users: z.array(z.object({ id: z.string(), name: z.string() })),
    /** No office user yet: the first one to sign up becomes the admin. */
    firstRun: z.boolean(),
    /** Only in the demo office: who to sign in as, with their PINs. */
    demoUsers: z.array(z.object({ id: z.string(), name: z.string(), roles: z.array(z.string()), pin: z.string() })),
  }),
})
export type SessionCurrent = z.infer<typeof SessionCurrentSchema>

/** One open sign-in session as the admin's list in Settings shows it; `ref` names it, never the session id. */
export const OfficeSessionEntrySchema = z.object({
  ref: z.string(),
  userId: z.string(),
  userName: z.string(),
  /** A desktop window, the office page on this PC (127.0.0.1), or the second seat on the LAN. */
  via: z.enum(['desktop', 'this-pc', 'second-seat']),
  /** The address the sign-in came from (null for a desktop window). */
  address: z.string().nullable(),
  since: z.string(),
  lastSeen: z.string(),
  /** The session asking. */
  current: z.boolean(),
})
export type OfficeSessionEntry = z.infer<typeof OfficeSessionEntrySchema>

/** The only office API methods callable without a signed-in session (docs/security.md). */
export const SESSION_FREE_METHODS = [
  'session.signIn',
  'session.current',
  'session.signOut',
  'session.createFirstAdmin',
] as const

/** The session.* methods; contract.ts spreads them in. */
export const sessionMethods = {
  /** Signs an office user in with their PIN (scrypt, locked after 5 wrong PINs); the window or browser keeps the session. */
  'session.signIn': {
    input: z.strictObject({ userId: IdSchema, pin: PinSchema }),
    output: SignInAnswerSchema,
  },
  /** Who is signed in here (null when nobody), and what the sign-in screen needs. */
  'session.current': { input: z.strictObject({}).default({}), output: SessionCurrentSchema },
  /** Ends this window's or browser's session. */
  'session.signOut': { input: z.strictObject({}).default({}), output: z.object({ signedOut: z.boolean() }) },
  /** Every open session: who, from where, since when, last seen (admin only). */
  'session.list': { input: z.strictObject({}).default({}), output: z.array(OfficeSessionEntrySchema) },
  /** Signs one listed session out (admin only, confirmed with the admin's own PIN). */
  'session.end': {
    input: z.strictObject({
      ref: z.string().min(1, 'must not be empty').max(40, 'must be at most 40 characters'),
      confirmPin: z.string().regex(/^\d{4,8}$/, 'enter your PIN (4 to 8 digits) to confirm'),
    }),
    output: z.object({ ended: z.boolean() }),
  },
  /** First run only (no office user yet): creates the first admin and signs them in. */
  'session.createFirstAdmin': {
    input: z.strictObject({
      id: IdSchema.default('U-1'),
      name: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
      pin: PinSchema,
    }),
    output: SignInAnswerSchema,
  },
} as const
