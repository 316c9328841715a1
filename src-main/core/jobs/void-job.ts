import { authenticateUser } from '../approvals/approver-auth'
import { finishDecision, loadDecisionJob, type DecisionResult } from '../approvals/decisions'
import { appendEvent } from '../lifecycle/event-log'
import { changeJobStatus } from '../lifecycle/job-status'
import { oweReceipts } from '../receipts/receipt-outbox'
import { CloseoutError } from '../errors'
import type { Office } from '../office'
import { setVoidReason } from './job-rows.repo'

/**
 * Voids a job from any status but void, with a reason (kept on the job and in the log). Any
 * active office user may void; the PIN names who did.
 */
export async function voidJob(
  office: Office,
  input: { jobId: string; userId: string; pin: string; reason: string },
  now = new Date(),
): Promise<DecisionResult> {
  const reason = input.reason.trim()
  if (!reason)
    throw new CloseoutError('reason-required', 'Say why the job is void: voiding needs a reason', [
      { path: 'reason', message: 'must not be empty' },
    ])
  const user = await authenticateUser(office, input.userId, input.pin, now)
  const at = now.toISOString()
  const result = office.sqlite.transaction((): DecisionResult => {
    const job = loadDecisionJob(office, input.jobId)
    if (job.status === 'void') throw new CloseoutError('invalid-transition', `Job ${job.id} is already void`)
    appendEvent(office.sqlite, office.db, { jobId: job.id, type: 'voided', actor: user.id, at, data: { reason } })
    setVoidReason(office, job.id, reason)
    changeJobStatus(office, { jobId: job.id, from: job.status, to: 'void', actor: user.id, reason, at })
    oweReceipts(office, [job.current_submission_id], at)
    return { jobId: job.id, submissionId: job.current_submission_id, status: 'void' }
  })()
  return finishDecision(office, result, true)
}
