import type { SessionUser } from '../../../src-shared/api/session'
import { authenticateUser } from '../approvals/approver-auth'
import { CloseoutError } from '../errors'
import type { EngineDb } from '../db/engine-db'

/** The refusal a non-admin gets: what they tried, the role it needs, and who they are. */
export function adminOnlyError(user: SessionUser, action: string): CloseoutError {
  const roles = user.roles.length ? user.roles.join(' and ') : 'no role'
  return new CloseoutError(
    'admin-only',
    `Only an admin may ${action}: it needs the admin role, and ${user.name} is not an admin (${roles})`,
  )
}

/**
 * An admin-only change: the signed-in user must be an admin (or, in an office without one, a
 * billing user) and confirm with their own PIN, with the same lockout as any PIN. A session
 * left open at a desk is not enough to hand out roles or PINs. `what` is what changes
 * ("the approval policy"); `action` replaces "change <what>" where that reads badly.
 */
export async function confirmAdmin(
  edb: EngineDb,
  user: SessionUser,
  pin: string | undefined,
  what: string,
  action = `change ${what}`,
): Promise<void> {
  if (!user.admin) throw adminOnlyError(user, action)
  if (!pin)
    throw new CloseoutError('pin-required', `Enter your PIN to confirm: ${action}`, [
      { path: 'confirmPin', message: 'enter your PIN to confirm' },
    ])
  await authenticateUser(edb, user.id, pin)
}
