import { authenticateUser } from '../approvals/approver-auth'
import { finishDecision, type DecisionResult } from '../approvals/decisions'
import { withTransaction, type EngineDb } from '../db/engine-db'
import { appendEventIn } from '../lifecycle/event-log'
import { changeJobStatusIn } from '../lifecycle/job-status'
import { oweReceiptsIn } from '../receipts/receipt-outbox'
import { CloseoutError } from '../errors'
import type { Office } from '../office'
import { loadDecisionJobIn } from './decision-job'
import { setVoidReasonIn } from './job-rows.repo'

/**
 * Voids a job from any status but void, with a reason (kept on the job and in the log). Any
 * active office user may void; the PIN names who did. The receipt is written after the commit.
 */
export async function voidJob(
  office: Office,
  input: { jobId: string; userId: string; pin: string; reason: string },
  now = new Date(),
): Promise<DecisionResult> {
  voidReason(input.reason)
  const user = await authenticateUser(office, input.userId, input.pin, now)
  const result = await recordVoid(office, input, user.id, now.toISOString())
  return finishDecision(office, result, true)
}

function voidReason(given: string): string {
  const reason = given.trim()
  if (!reason)
    throw new CloseoutError('reason-required', 'Say why the job is void: voiding needs a reason', [
      { path: 'reason', message: 'must not be empty' },
    ])
  return reason
}

/**
 * The void itself, in one transaction on either engine (issue #17): the `voided` event, the
 * reason, the status change and the receipt owed commit together or not at all. On PostgreSQL a
 * seat that lost the race to another seat's change of the job runs again on what that seat
 * committed, and is refused as a second window on one PC is (already void, or moved meanwhile).
 */
export async function recordVoid(
  edb: EngineDb,
  input: { jobId: string; reason: string },
  actor: string,
  at: string,
): Promise<DecisionResult> {
  const reason = voidReason(input.reason)
  return withTransaction(edb, async (trx) => {
    const job = await loadDecisionJobIn(trx, input.jobId)
    if (job.status === 'void') throw new CloseoutError('invalid-transition', `Job ${job.id} is already void`)
    await appendEventIn(trx, { jobId: job.id, type: 'voided', actor, at, data: { reason } })
    await setVoidReasonIn(trx, job.id, reason)
    await changeJobStatusIn(trx, { jobId: job.id, from: job.status, to: 'void', actor, reason, at })
    await oweReceiptsIn(trx, [job.current_submission_id], at)
    return { jobId: job.id, submissionId: job.current_submission_id, status: 'void' as const }
  })
}
