import type { Insertable } from 'kysely'
import { run, type Db } from '../db/connection'
import type { ApprovalsTable } from '../db/schema'

/** The approvals table's one writer: an approval or a send-back, at its level. */
export function insertApproval({ sqlite, db }: Db, row: Insertable<ApprovalsTable>): void {
  run(sqlite, db.insertInto('approvals').values(row))
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
