import { z } from 'zod'
import { IdSchema } from '../schemas/primitives'

export const UsersListOutputSchema = z.array(
  z.object({
    id: z.string(),
    name: z.string(),
    roles: z.array(z.string()),
    /** The approval policy's approver roles include one of theirs: the approve dialog lists only these. */
    mayApprove: z.boolean(),
  }),
)

/** An office user locked out after wrong PINs at one place: this PC, or a second-seat PC's address. */
export const UserLockSchema = z.object({
  userId: z.string(),
  userName: z.string().nullable(),
  /** 'this-pc' (a desktop window, the office page on this PC, the command line) or a LAN address. */
  place: z.string(),
  failures: z.number().int(),
  lockedUntil: z.string(),
})
export type UserLock = z.infer<typeof UserLockSchema>

/** The users.* methods; contract.ts spreads them in. */
export const usersMethods = {
  /** Active office users (names and roles only) for the approver picker. */
  'users.list': { input: z.strictObject({}).default({}), output: UsersListOutputSchema },
  /** Office users locked out after wrong PINs: who, where, until when. */
  'users.locks': { input: z.strictObject({}).default({}), output: z.array(UserLockSchema) },
  /** Lifts every PIN lock of one office user; an admin only, confirming with their own PIN. */
  'users.unlock': {
    input: z.strictObject({
      userId: IdSchema,
      confirmPin: z.string().regex(/^\d{4,8}$/, 'enter your PIN (4 to 8 digits) to confirm'),
    }),
    output: z.object({ userId: z.string(), unlocked: z.number().int() }),
  },
} as const
