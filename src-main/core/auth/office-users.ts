import type { SessionUser } from '../../../src-shared/api/session'
import { all, first, onConnection, type Sqlite } from '../db/connection'
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import { CloseoutError } from '../errors'

/**
 * Who may administer the office. An office whose users include no admin (setup files written
 * before the role existed) lets its billing users act as admins until one exists, so nobody is
 * locked out of Settings by the upgrade.
 */
interface UserRow {
  id: string
  name: string
  roles_json: string
  active: number
  technician_id: string | null
}

type Role = SessionUser['roles'][number]

const roleList = (json: string): Role[] => JSON.parse(json) as Role[]

export function hasActiveAdmin(sqlite: Sqlite): boolean {
  const { db } = onConnection(sqlite)
  const rows = all(sqlite, db.selectFrom('users').select('roles_json').where('active', '=', 1))
  return rows.some((r) => roleList(r.roles_json).includes('admin'))
}

export function isAdminRoles(roles: readonly string[], officeHasAdmin: boolean): boolean {
  return roles.includes('admin') || (!officeHasAdmin && roles.includes('billing'))
}

/** An active office user as a session sees them (roles read fresh, so a change applies at once). */
export function loadSessionUser(sqlite: Sqlite, userId: string): SessionUser | null {
  const { db } = onConnection(sqlite)
  const row: UserRow | undefined = first(
    sqlite,
    db.selectFrom('users').select(['id', 'name', 'roles_json', 'active', 'technician_id']).where('id', '=', userId),
  )
  if (!row || row.active !== 1) return null
  const roles = roleList(row.roles_json)
  return {
    id: row.id,
    name: row.name,
    roles,
    admin: isAdminRoles(roles, hasActiveAdmin(sqlite)),
    approver: roles.some((r) => approverRoles(sqlite).includes(r)),
    technicianId: row.technician_id,
  }
}

function approverRoles(sqlite: Sqlite): string[] {
  const { db } = onConnection(sqlite)
  const row = first(sqlite, db.selectFrom('approval_policy').select('approver_roles_json').where('id', '=', 1))
  return row ? (JSON.parse(row.approver_roles_json) as string[]) : ['supervisor']
}

export function countUsers(sqlite: Sqlite): number {
  const { db } = onConnection(sqlite)
  const row = first(
    sqlite,
    db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')),
  )
  return row?.n ?? 0
}

/**
 * Refuses a change of users that leaves an office which had an active admin without one: the
 * last admin cannot remove themselves, switch themselves off or drop the role. In `trx`, either
 * engine (issue #17).
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
