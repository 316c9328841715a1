import { listUsers } from '../approvals/approver-auth'
import type { Office } from '../office'
import type { PrefixHandlers } from './handler-types'

/** The users.* methods (contract: src-shared/api/users.ts). */
export function usersHandlers(office: Office): PrefixHandlers<'users'> {
  return {
    'users.list': () => listUsers(office),
  }
}
