import type { CreateJobFromCloseoutInput, ReviewOutcome } from '../../../src-shared/api/review'
import { loadDecisionJob } from '../approvals/decisions'
import { evaluateSubmission } from '../lifecycle/evaluate'
import { oweReceipts } from '../receipts/receipt-outbox'
import { checkReferences, createJob, writeJobChanges, type JobFields } from '../dispatch/job-dispatch'
import { customerAddressColumns } from '../db/customer-address'
import type { Office } from '../office'
import { insertCustomer, highestCustomerNumber } from '../setup/catalog.repo'
import { findJobRow, markDispatched } from './job-rows.repo'
import { refreshLinesForSearch } from './submissions.repo'
import { finishReview, requireFieldJob, requireReview, type Rerun } from './review-match'

/**
 * The other way out of needs-review (review-match.ts has the first two, reprocess and match):
 * a closeout for a job the office never dispatched becomes a real job, from the review screen
 * (createJobFromCloseout) or from Dispatch's "new job" with the closeout's number
 * (createOrAdoptJob). Still on the synchronous path (issue #17): they write the job through
 * dispatch's writers (job-dispatch.ts), which have not moved yet.
 */
type Job = ReturnType<typeof loadDecisionJob>

/** Runs the rules on the job's current closeout (inside the caller's transaction) and owes its receipt. */
function rerun(office: Office, jobId: string, submissionId: string, actor: string, reason: string, at: string): Rerun {
  const evaluation = evaluateSubmission(office, submissionId, { actor, reason, at, afterIngest: true })
  oweReceipts(office, [submissionId], at)
  // The job's search text follows its current closeout's lines (refreshed by their update trigger).
  refreshLinesForSearch(office, submissionId)
  return { jobId, status: evaluation.status, findings: evaluation.findings, submissionId }
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
  return finishReview(office, outcome, [input.jobId])
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
  finishReview(office, outcome, [id])
  return id
}
