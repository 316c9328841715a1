import type { SessionUser } from '../../../src-shared/api/session'
import { authenticateUser } from '../approvals/approver-auth'
import { CloseoutError } from '../errors'
import type { Office } from '../office'

/**
 * An admin-only change: the signed-in user must be an admin (or, in an office without one, a
 * billing user) and confirm with their own PIN, with the same lockout as any PIN. A session
 * left open at a desk is not enough to hand out roles or PINs.
 */
export async function confirmAdmin(
  office: Office,
  user: SessionUser,
  pin: string | undefined,
  what: string,
): Promise<void> {
  if (!user.admin)
    throw new CloseoutError('admin-only', `Only an admin may change ${what}; ${user.name} is not an admin`)
  if (!pin)
    throw new CloseoutError('pin-required', `Enter your PIN to confirm changing ${what}`, [
      { path: 'confirmPin', message: 'enter your PIN to confirm' },
    ])
  await authenticateUser(office, user.id, pin)
}
