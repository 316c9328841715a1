import type { CreateJobFromCloseoutInput, ReviewOutcome } from '../../../src-shared/api/review'
import { loadDecisionJob } from '../approvals/decisions'
import { evaluateSubmission } from '../lifecycle/evaluate'
import { appendEvent } from '../lifecycle/event-log'
import { changeJobStatus } from '../lifecycle/job-status'
import { oweReceipts, payOwedReceipts, payReceipts } from '../receipts/receipt-outbox'
import { checkReferences, createJob, writeJobChanges, type JobFields } from '../dispatch/job-dispatch'
import { CloseoutError } from '../errors'
import { customerAddressColumns } from '../db/customer-address'
import type { Office } from '../office'
import { moveApprovals } from '../approvals/approval-rows.repo'
import { insertCustomer, highestCustomerNumber } from '../setup/catalog.repo'
import { findJobRow, markDispatched, releaseCloseout } from './job-rows.repo'
import { moveSubmissions, refreshLinesForSearch } from './submissions.repo'

/**
 * The ways out of needs-review (docs/rules.md "Needs review"). A closeout sent under a number the
 * office never dispatched arrives as a "field" job with no customer or type; the clerk either
 * matches it to the dispatched job it belongs to, or makes it a real job. Either way, and after
 * any other fix (a price added to the price book), the rules run again on the same closeout.
 */
type Job = ReturnType<typeof loadDecisionJob>

function requireReview(job: Job, what: string): string {
  if (job.status !== 'needs-review' || !job.current_submission_id)
    throw new CloseoutError(
      'invalid-transition',
      `Job ${job.id} is ${job.status}; only a job that needs review can be ${what}`,
    )
  return job.current_submission_id
}

function requireFieldJob(job: Job, what: string): void {
  if (job.origin !== 'field')
    throw new CloseoutError(
      'invalid-transition',
      `Job ${job.id} was dispatched by the office; only a closeout for a job the office did not know can be ${what}`,
    )
}

/** Runs the rules on the job's current closeout (inside the caller's transaction) and owes its receipt. */
function rerun(office: Office, jobId: string, submissionId: string, actor: string, reason: string, at: string) {
  const evaluation = evaluateSubmission(office, submissionId, { actor, reason, at, afterIngest: true })
  oweReceipts(office, [submissionId], at)
  // The job's search text follows its current closeout's lines (refreshed by their update trigger).
  refreshLinesForSearch(office, submissionId)
  return { jobId, status: evaluation.status, findings: evaluation.findings, submissionId }
}

function finish(office: Office, outcome: ReturnType<typeof rerun>, jobIds: string[]): ReviewOutcome {
  payReceipts(office, [outcome.submissionId])
  payOwedReceipts(office)
  office.events.emit('jobs.changed', { reason: 'decision', jobIds })
  return { jobId: outcome.jobId, status: outcome.status, findings: outcome.findings }
}

/** Reprocess: the same closeout, checked again against today's price book, job and customer. */
export function reprocessJob(office: Office, jobId: string, actor = 'office', now = new Date()): ReviewOutcome {
  const outcome = office.sqlite.transaction(() => {
    const job = loadDecisionJob(office, jobId)
    const submissionId = requireReview(job, 'reprocessed')
    return rerun(office, job.id, submissionId, actor, 'reprocessed by the office', now.toISOString())
  })()
  return finish(office, outcome, [jobId])
}

/** Match: the closeout (and any earlier one it replaced) moves to the dispatched job; the guessed job is void. */
export function matchToJob(
  office: Office,
  input: { jobId: string; toJobId: string },
  actor = 'office',
  now = new Date(),
): ReviewOutcome {
  const at = now.toISOString()
  const outcome = office.sqlite.transaction(() => {
    const from = loadDecisionJob(office, input.jobId)
    const submissionId = requireReview(from, 'matched to another job')
    requireFieldJob(from, 'matched to another job')
    const to = loadDecisionJob(office, input.toJobId)
    if (to.id === from.id || to.origin !== 'dispatch')
      throw new CloseoutError('invalid-input', `Choose a dispatched job other than ${from.id}`, [
        { path: 'toJobId', message: `${to.id} is not a dispatched job` },
      ])
    if (to.status !== 'scheduled' || to.current_submission_id)
      throw new CloseoutError(
        'invalid-transition',
        `${to.id} already has a closeout (it is ${to.status}); match ${from.id} to a job still waiting for one`,
      )
    moveSubmissions(office, from.id, to.id)
    moveApprovals(office, from.id, to.id)
    const reason = `Its closeout was matched to ${to.id}`
    releaseCloseout(office, from.id, reason)
    const moved = { submissionId, from: from.id, to: to.id }
    appendEvent(office.sqlite, office.db, { jobId: from.id, type: 'closeout-moved', actor, at, data: moved })
    appendEvent(office.sqlite, office.db, { jobId: from.id, type: 'voided', actor, at, data: { reason } })
    changeJobStatus(office, { jobId: from.id, from: 'needs-review', to: 'void', actor, reason, at })
    appendEvent(office.sqlite, office.db, { jobId: to.id, type: 'closeout-moved', actor, at, data: moved })
    return rerun(office, to.id, submissionId, actor, `closeout matched from ${from.id}`, at)
  })()
  return finish(office, outcome, [input.jobId, input.toJobId])
}

function nextCustomerId(office: Office): string {
  return `C-${Math.max(highestCustomerNumber(office) ?? 99, 99) + 1}`
}

/**
 * Makes a field job a dispatched one with the given fields, then checks its closeout against
 * it. Call inside a transaction.
 */
function adoptFieldJob(office: Office, job: Job, fields: Partial<JobFields>, actor: string, via: string, at: string) {
  const submissionId = requireReview(job, 'created from its closeout')
  requireFieldJob(job, 'created from its closeout')
  checkReferences(office, fields)
  writeJobChanges(office, job.id, Object.keys(fields) as (keyof JobFields)[], fields, actor, via, at)
  markDispatched(office, job.id)
  return rerun(office, job.id, submissionId, actor, 'job created from its closeout', at)
}

/** Create: the customer (picked or new), job type and site; the closeout's own number stays. */
export function createJobFromCloseout(
  office: Office,
  input: CreateJobFromCloseoutInput,
  actor = 'office',
  now = new Date(),
): ReviewOutcome {
  const at = now.toISOString()
  const outcome = office.sqlite.transaction(() => {
    const job = loadDecisionJob(office, input.jobId)
    requireReview(job, 'created from its closeout')
    requireFieldJob(job, 'created from its closeout')
    checkReferences(office, {
      jobTypeId: input.jobTypeId,
      ...('id' in input.customer ? { customerId: input.customer.id } : {}),
    })
    let customerId: string
    if ('id' in input.customer) customerId = input.customer.id
    else {
      customerId = nextCustomerId(office)
      insertCustomer(office, {
        id: customerId,
        name: input.customer.name,
        ...customerAddressColumns(input.customer.address),
        email: '',
        phone: '',
        requires_signature: input.customer.requiresSignature ? 1 : 0,
        tax_id: null,
        accounting_name: null,
      })
    }
    return adoptFieldJob(
      office,
      job,
      { customerId, jobTypeId: input.jobTypeId, siteAddress: input.siteAddress },
      actor,
      'closeout',
      at,
    )
  })()
  return finish(office, outcome, [input.jobId])
}

/**
 * Dispatch's "new job": with the number a closeout already used for a job the office did not
 * know, the job is created from that closeout (and checked against it); otherwise a new job.
 */
export function createOrAdoptJob(
  office: Office,
  input: JobFields & { id?: string | undefined },
  actor = 'office',
): string {
  const existing = input.id ? findJobRow(office, input.id) : undefined
  if (!input.id || existing?.origin !== 'field' || existing.status !== 'needs-review')
    return createJob(office, input, actor)
  const { id, ...fields } = input
  const outcome = office.sqlite.transaction(() =>
    adoptFieldJob(office, loadDecisionJob(office, id), fields, actor, 'dispatch', new Date().toISOString()),
  )()
  finish(office, outcome, [id])
  return id
}
