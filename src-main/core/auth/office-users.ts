import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import { CloseoutError } from '../errors'
import { roleList } from './session-user'

/**
 * Refuses a change of users that leaves an office which had an active admin without one: the
 * last admin cannot remove themselves, switch themselves off or drop the role. In `trx`, either
 * engine (issue #17): the setup import's check.
 */
export async function keepAnAdminIn(
  trx: Kysely<Database>,
  changes: readonly { id: string; roles: readonly string[]; active?: boolean | undefined }[],
): Promise<void> {
  const rows = await trx.selectFrom('users').select(['id', 'roles_json', 'active']).execute()
  if (!rows.some((r) => r.active === 1 && roleList(r.roles_json).includes('admin'))) return
  const after = new Map(rows.map((r) => [r.id, { roles: roleList(r.roles_json) as string[], active: r.active === 1 }]))
  for (const c of changes) after.set(c.id, { roles: [...c.roles], active: c.active ?? true })
  if (![...after.values()].some((u) => u.active && u.roles.includes('admin')))
    throw new CloseoutError(
      'last-admin',
      'The office needs at least one active admin: give another user the admin role first',
      [{ path: 'users', message: 'must keep at least one active admin' }],
    )
}
