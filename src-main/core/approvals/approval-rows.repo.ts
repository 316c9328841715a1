import type { Insertable, Kysely } from 'kysely'
import type { ApprovalsTable, Database } from '../db/schema'

/**
 * The approvals table's one writer: an approval or a send-back, at its level, in `trx` (a
 * decision's withTransaction body, or the demo history's), on either engine (issue #17). What
 * an edit or a moved closeout changes is in approval-changes.repo.ts.
 */
export async function insertApprovalIn(trx: Kysely<Database>, row: Insertable<ApprovalsTable>): Promise<void> {
  await trx.insertInto('approvals').values(row).execute()
}
