import type { EngineDb } from '../db/engine-db'
import { binaryOrder } from '../db/sql-fragments'
import { loadPolicyAsync } from '../lifecycle/load-submissions'
import type { OfficeUser } from './approver-auth'

/**
 * Active office users for the approver picker (users.list): names, roles and whether the
 * approval policy lets them approve. On the async path of issue #17 (either engine), in the
 * same order on both (names, then ids, byte by byte). Signing in and the PIN checks stay in
 * approver-auth.ts.
 */
export async function listUsers(edb: EngineDb): Promise<(OfficeUser & { mayApprove: boolean })[]> {
  const rows = await edb.db
    .selectFrom('users')
    .select(['id', 'name', 'roles_json'])
    .where('active', '=', 1)
    .orderBy(binaryOrder(edb.engine, 'name'))
    .orderBy(binaryOrder(edb.engine, 'id'))
    .execute()
  const { approverRoles } = await loadPolicyAsync(edb)
  return rows.map((r) => {
    const roles = JSON.parse(r.roles_json) as string[]
    return { id: r.id, name: r.name, roles, mayApprove: roles.some((role) => approverRoles.includes(role)) }
  })
}
