import type { Insertable, Kysely } from 'kysely'
import { run, type Db } from '../db/connection'
import type { ApprovalsTable, Database } from '../db/schema'

const insertQuery = (db: Kysely<Database>, row: Insertable<ApprovalsTable>) => db.insertInto('approvals').values(row)

/** The approvals table's one writer: an approval or a send-back, at its level. */
export function insertApproval({ sqlite, db }: Db, row: Insertable<ApprovalsTable>): void {
  run(sqlite, insertQuery(db, row))
}

/** insertApproval on the async path (issue #17): in `trx`, a decision's withTransaction body, on either engine. */
export async function insertApprovalIn(trx: Kysely<Database>, row: Insertable<ApprovalsTable>): Promise<void> {
  await insertQuery(trx, row).execute()
}

/** Every decision on job `from` now belongs to job `to` (its closeout moved there). */
export function moveApprovals({ sqlite, db }: Db, from: string, to: string): void {
  run(sqlite, db.updateTable('approvals').set({ job_id: to }).where('job_id', '=', from))
}

/** Approvals given before the lines changed no longer count: the edited closeout needs them again. */
export function markApprovedBeforeEdit({ sqlite, db }: Db, submissionId: string): void {
  run(
    sqlite,
    db
      .updateTable('approvals')
      .set({ decision: 'approved-before-edit' })
      .where('submission_id', '=', submissionId)
      .where('decision', '=', 'approved'),
  )
}
