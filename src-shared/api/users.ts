import { z } from 'zod'

export const UsersListOutputSchema = z.array(
  z.object({
    id: z.string(),
    name: z.string(),
    roles: z.array(z.string()),
    /** The approval policy's approver roles include one of theirs: the approve dialog lists only these. */
    mayApprove: z.boolean(),
  }),
)

/** The users.* methods; contract.ts spreads them in. */
export const usersMethods = {
  /** Active office users (names and roles only) for the approver picker. */
  'users.list': { input: z.strictObject({}).default({}), output: UsersListOutputSchema },
} as const
