import { liftUserLocks, listUserLocks } from '../approvals/approver-auth'
import { listUsers } from '../approvals/approvers.repo'
import { confirmAdmin } from '../auth/admin-confirm'
import { withTransaction } from '../db/engine-db'
import { appendEventIn } from '../lifecycle/event-log'
import type { Office } from '../office'
import { OFFICE_LOG_ID } from '../settings/settings-audit'
import { signedIn, type PrefixHandlers } from './handler-types'

/** The users.* methods (contract: src-shared/api/users.ts). */
export function usersHandlers(office: Office): PrefixHandlers<'users'> {
  return {
    'users.list': () => listUsers(office),
    'users.locks': () => listUserLocks(office),
    'users.unlock': async (input, ctx) => {
      const user = signedIn(ctx)
      await confirmAdmin(office, user, input.confirmPin, 'PIN locks', 'lift an office user’s PIN lock')
      const unlocked = await liftUserLocks(office, input.userId)
      if (unlocked > 0)
        await withTransaction(office, (trx) =>
          appendEventIn(trx, {
            jobId: OFFICE_LOG_ID,
            type: 'user-unlocked',
            actor: user.id,
            data: { userId: input.userId, locks: unlocked },
          }),
        )
      return { userId: input.userId, unlocked }
    },
  }
}
