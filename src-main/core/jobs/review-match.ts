import type { Kysely } from 'kysely'
import type { ReviewOutcome } from '../../../src-shared/api/review'
import { moveApprovalsIn } from '../approvals/approval-changes.repo'
import { withTransaction, type EngineDb } from '../db/engine-db'
import type { Database } from '../db/schema'
import { CloseoutError } from '../errors'
import { evaluateSubmissionIn, type Evaluation } from '../lifecycle/evaluate'
import { appendEventIn } from '../lifecycle/event-log'
import { changeJobStatusIn } from '../lifecycle/job-status'
import type { Office } from '../office'
import { oweReceiptsIn, payOwedReceipts, payReceipts } from '../receipts/receipt-outbox'
import { loadDecisionJobIn, type DecisionJob } from './decision-job'
import { releaseCloseoutIn } from './job-rows.repo'
import { moveSubmissionsIn, refreshLinesForSearchIn } from './submissions.repo'

/**
 * The ways out of needs-review (docs/rules.md "Needs review"). A closeout sent under a number the
 * office never dispatched arrives as a "field" job with no customer or type; the clerk either
 * matches it to the dispatched job it belongs to (here), or makes it a real job
 * (review-ways-out.ts). Either way, and after any other fix (a price added to the price book:
 * reprocess, here), the rules run again on the same closeout.
 *
 * Reprocess and match run on the async path of issue #17: checks, rows, events and the receipt
 * owed in one withTransaction on either engine; the receipt file and the office's screens after
 * the commit. On PostgreSQL a seat that lost a race to another seat's change of the same jobs
 * runs again on what that seat committed and is refused as a second window on one PC is.
 */

export function requireReview(job: DecisionJob, what: string): string {
  if (job.status !== 'needs-review' || !job.current_submission_id)
    throw new CloseoutError(
      'invalid-transition',
      `Job ${job.id} is ${job.status}; only a job that needs review can be ${what}`,
    )
  return job.current_submission_id
}

export function requireFieldJob(job: DecisionJob, what: string): void {
  if (job.origin !== 'field')
    throw new CloseoutError(
      'invalid-transition',
      `Job ${job.id} was dispatched by the office; only a closeout for a job the office did not know can be ${what}`,
    )
}

export interface Rerun {
  jobId: string
  status: Evaluation['status']
  findings: Evaluation['findings']
  submissionId: string
}

/** After the commit: the closeout's receipt, any receipt still owed, and the office's screens. */
export async function finishReview(office: Office, outcome: Rerun, jobIds: string[]): Promise<ReviewOutcome> {
  await payReceipts(office, [outcome.submissionId])
  await payOwedReceipts(office)
  office.events.emit('jobs.changed', { reason: 'decision', jobIds })
  return { jobId: outcome.jobId, status: outcome.status, findings: outcome.findings }
}

/** Runs the rules on the job's current closeout (in the caller's transaction) and owes its receipt. */
export async function rerunIn(
  edb: EngineDb,
  trx: Kysely<Database>,
  jobId: string,
  submissionId: string,
  step: { actor: string; reason: string; at: string },
): Promise<Rerun> {
  const evaluation = await evaluateSubmissionIn(edb, trx, submissionId, { ...step, afterIngest: true })
  await oweReceiptsIn(trx, [submissionId], step.at)
  // The job's search text follows its current closeout's lines (refreshed by their update trigger).
  await refreshLinesForSearchIn(trx, submissionId)
  return { jobId, status: evaluation.status, findings: evaluation.findings, submissionId }
}

/** Reprocess: the same closeout, checked again against today's price book, job and customer. */
export async function reprocessJob(
  office: Office,
  jobId: string,
  actor = 'office',
  now = new Date(),
): Promise<ReviewOutcome> {
  return finishReview(office, await recordReprocess(office, jobId, actor, now.toISOString()), [jobId])
}

export async function recordReprocess(edb: EngineDb, jobId: string, actor: string, at: string): Promise<Rerun> {
  return withTransaction(edb, async (trx) => {
    const job = await loadDecisionJobIn(trx, jobId)
    const submissionId = requireReview(job, 'reprocessed')
    return rerunIn(edb, trx, job.id, submissionId, { actor, reason: 'reprocessed by the office', at })
  })
}

/** Match: the closeout (and any earlier one it replaced) moves to the dispatched job; the guessed job is void. */
export async function matchToJob(
  office: Office,
  input: { jobId: string; toJobId: string },
  actor = 'office',
  now = new Date(),
): Promise<ReviewOutcome> {
  const outcome = await recordMatch(office, input, actor, now.toISOString())
  return finishReview(office, outcome, [input.jobId, input.toJobId])
}

export async function recordMatch(
  edb: EngineDb,
  input: { jobId: string; toJobId: string },
  actor: string,
  at: string,
): Promise<Rerun> {
  return withTransaction(edb, async (trx) => {
    const from = await loadDecisionJobIn(trx, input.jobId)
    const submissionId = requireReview(from, 'matched to another job')
    requireFieldJob(from, 'matched to another job')
    const to = await loadDecisionJobIn(trx, input.toJobId)
    if (to.id === from.id || to.origin !== 'dispatch')
      throw new CloseoutError('invalid-input', `Choose a dispatched job other than ${from.id}`, [
        { path: 'toJobId', message: `${to.id} is not a dispatched job` },
      ])
    if (to.status !== 'scheduled' || to.current_submission_id)
      throw new CloseoutError(
        'invalid-transition',
        `${to.id} already has a closeout (it is ${to.status}); match ${from.id} to a job still waiting for one`,
      )
    await moveSubmissionsIn(trx, from.id, to.id)
    await moveApprovalsIn(trx, from.id, to.id)
    const reason = `Its closeout was matched to ${to.id}`
    await releaseCloseoutIn(trx, from.id, reason)
    const moved = { submissionId, from: from.id, to: to.id }
    await appendEventIn(trx, { jobId: from.id, type: 'closeout-moved', actor, at, data: moved })
    await appendEventIn(trx, { jobId: from.id, type: 'voided', actor, at, data: { reason } })
    await changeJobStatusIn(trx, { jobId: from.id, from: 'needs-review', to: 'void', actor, reason, at })
    await appendEventIn(trx, { jobId: to.id, type: 'closeout-moved', actor, at, data: moved })
    return rerunIn(edb, trx, to.id, submissionId, { actor, reason: `closeout matched from ${from.id}`, at })
  })
}
