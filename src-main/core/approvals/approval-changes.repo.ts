import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'

/*
 * What the office's writers on a job do to the approvals already given, on the async path of
 * issue #17 (in a withTransaction body's `trx`, either engine): an edit of the lines
 * (jobs/edit-lines.ts) and a closeout matched to its real job (jobs/review-match.ts). The
 * approvals' own writer (an approval or a send-back) stays in approval-rows.repo.ts.
 */

/** Approvals given before the lines changed no longer count: the edited closeout needs them again. */
export async function markApprovedBeforeEditIn(trx: Kysely<Database>, submissionId: string): Promise<void> {
  await trx
    .updateTable('approvals')
    .set({ decision: 'approved-before-edit' })
    .where('submission_id', '=', submissionId)
    .where('decision', '=', 'approved')
    .execute()
}

/** Every decision on job `from` now belongs to job `to` (its closeout moved there). */
export async function moveApprovalsIn(trx: Kysely<Database>, from: string, to: string): Promise<void> {
  await trx.updateTable('approvals').set({ job_id: to }).where('job_id', '=', from).execute()
}
