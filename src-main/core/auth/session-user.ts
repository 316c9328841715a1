import type { Kysely } from 'kysely'
import type { SessionUser } from '../../../src-shared/api/session'
import type { Database } from '../db/schema'

/**
 * Who a session is, and who may administer the office, on the async path of issue #17 (either
 * engine; `db` is an EngineDb's Kysely or a withTransaction body's `trx`). The last-admin check
 * of a change of users is office-users.ts `keepAnAdminIn`. An office whose users
 * include no admin (setup files written before the role existed) lets its billing users act as
 * admins until one exists, so nobody is locked out of Settings by the upgrade.
 */
type Role = SessionUser['roles'][number]

export const roleList = (json: string): Role[] => JSON.parse(json) as Role[]

export function isAdminRoles(roles: readonly string[], officeHasAdmin: boolean): boolean {
  return roles.includes('admin') || (!officeHasAdmin && roles.includes('billing'))
}

export async function hasActiveAdmin(db: Kysely<Database>): Promise<boolean> {
  const rows = await db.selectFrom('users').select('roles_json').where('active', '=', 1).execute()
  return rows.some((r) => roleList(r.roles_json).includes('admin'))
}

/** An active office user as a session sees them (roles read fresh, so a change applies at once). */
export async function loadSessionUser(db: Kysely<Database>, userId: string): Promise<SessionUser | null> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'name', 'roles_json', 'active', 'technician_id'])
    .where('id', '=', userId)
    .executeTakeFirst()
  if (!row || row.active !== 1) return null
  const roles = roleList(row.roles_json)
  const policy = await db
    .selectFrom('approval_policy')
    .select('approver_roles_json')
    .where('id', '=', 1)
    .executeTakeFirst()
  const approverRoles = policy ? (JSON.parse(policy.approver_roles_json) as string[]) : ['supervisor']
  return {
    id: row.id,
    name: row.name,
    roles,
    admin: isAdminRoles(roles, await hasActiveAdmin(db)),
    approver: roles.some((r) => approverRoles.includes(r)),
    technicianId: row.technician_id,
  }
}

export async function countUsers(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}
