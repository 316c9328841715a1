import type { Kysely } from 'kysely'
import type { CreateJobFromCloseoutInput, ReviewOutcome } from '../../../src-shared/api/review'
import { customerAddressColumns } from '../db/customer-address'
import { withTransaction, type EngineDb } from '../db/engine-db'
import type { Database } from '../db/schema'
import { checkReferencesIn, createJobAsync, writeJobChangesIn } from '../dispatch/dispatch-writes'
import type { JobFields } from '../dispatch/job-fields'
import type { Office } from '../office'
import { highestCustomerNumberIn, insertCustomerIn } from '../setup/catalog.repo'
import { loadDecisionJobIn, type DecisionJob } from './decision-job'
import { findJobRowIn, markDispatchedIn } from './job-rows.repo'
import { finishReview, requireFieldJob, requireReview, rerunIn, type Rerun } from './review-match'

/**
 * The other way out of needs-review (review-match.ts has reprocess and match): a closeout for a
 * job the office never dispatched becomes a real job, from the review screen
 * (createJobFromCloseout) or from Dispatch's "new job" with the closeout's number
 * (createOrAdoptJob). On the async path of issue #17: the customer (when new), the job's fields
 * with their event, and the rules' verdict on the closeout commit in one withTransaction on
 * either engine; the receipt file and the office's screens after the commit.
 */

/**
 * Makes a field job a dispatched one with the given fields, then checks its closeout against
 * it, in the caller's transaction.
 */
async function adoptFieldJobIn(
  edb: EngineDb,
  trx: Kysely<Database>,
  job: DecisionJob,
  fields: Partial<JobFields>,
  step: { actor: string; via: string; at: string },
): Promise<Rerun> {
  const submissionId = requireReview(job, 'created from its closeout')
  requireFieldJob(job, 'created from its closeout')
  await checkReferencesIn(trx, fields)
  const changed = Object.keys(fields) as (keyof JobFields)[]
  await writeJobChangesIn(trx, job.id, changed, fields, step.actor, step.via, step.at)
  await markDispatchedIn(trx, job.id)
  return rerunIn(edb, trx, job.id, submissionId, {
    actor: step.actor,
    reason: 'job created from its closeout',
    at: step.at,
  })
}

/** Create: the customer (picked or new), job type and site; the closeout's own number stays. */
export async function createJobFromCloseout(
  office: Office,
  input: CreateJobFromCloseoutInput,
  actor = 'office',
  now = new Date(),
): Promise<ReviewOutcome> {
  const outcome = await recordJobFromCloseout(office, input, actor, now.toISOString())
  return finishReview(office, outcome, [input.jobId])
}

/**
 * The job made from its closeout, in one transaction on either engine. A new customer takes the
 * next free "C-<n>" read in the same transaction: on PostgreSQL two seats adding customers at
 * the same moment never share one (the later runs again on the other's).
 */
export async function recordJobFromCloseout(
  edb: EngineDb,
  input: CreateJobFromCloseoutInput,
  actor: string,
  at: string,
): Promise<Rerun> {
  return withTransaction(edb, async (trx) => {
    const job = await loadDecisionJobIn(trx, input.jobId)
    requireReview(job, 'created from its closeout')
    requireFieldJob(job, 'created from its closeout')
    await checkReferencesIn(trx, {
      jobTypeId: input.jobTypeId,
      ...('id' in input.customer ? { customerId: input.customer.id } : {}),
    })
    let customerId: string
    if ('id' in input.customer) customerId = input.customer.id
    else {
      customerId = `C-${Math.max((await highestCustomerNumberIn(trx, edb.engine)) ?? 99, 99) + 1}`
      await insertCustomerIn(trx, {
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
    const fields = { customerId, jobTypeId: input.jobTypeId, siteAddress: input.siteAddress }
    return adoptFieldJobIn(edb, trx, job, fields, { actor, via: 'closeout', at })
  })
}

/**
 * Dispatch's "new job": with the number a closeout already used for a job the office did not
 * know, the job is created from that closeout (and checked against it); otherwise a new job.
 */
export async function createOrAdoptJob(
  office: Office,
  input: JobFields & { id?: string | undefined },
  actor = 'office',
): Promise<string> {
  const existing = input.id ? await findJobRowIn(office.db, input.id) : undefined
  if (!input.id || existing?.origin !== 'field' || existing.status !== 'needs-review')
    return createJobAsync(office, input, actor)
  const { id, ...fields } = input
  await finishReview(office, await recordAdoption(office, id, fields, actor, new Date().toISOString()), [id])
  return id
}

/** A field job adopted by Dispatch with its fields, in one transaction on either engine. */
export async function recordAdoption(
  edb: EngineDb,
  jobId: string,
  fields: Partial<JobFields>,
  actor: string,
  at: string,
): Promise<Rerun> {
  return withTransaction(edb, async (trx) =>
    adoptFieldJobIn(edb, trx, await loadDecisionJobIn(trx, jobId), fields, { actor, via: 'dispatch', at }),
  )
}
