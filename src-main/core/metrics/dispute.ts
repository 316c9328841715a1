import type { z } from 'zod'
import type { DisputeInputSchema, DisputeOutputSchema } from '../../../src-shared/api/metrics'
import { withTransaction, type EngineDb } from '../db/engine-db'
import { CloseoutError } from '../errors'
import { appendEventIn } from '../lifecycle/event-log'
import type { Office } from '../office'

type DisputeInput = z.output<typeof DisputeInputSchema>
type DisputeOutput = z.output<typeof DisputeOutputSchema>

/**
 * Marks an invoiced job disputed by the customer, with their reason: the dashboard's dispute
 * rate and reasons come from this. Only an invoiced job can be disputed, and only once. The
 * office's screens hear of it (jobs.changed).
 */
export async function disputeJob(office: Office, input: DisputeInput, actor = 'office'): Promise<DisputeOutput> {
  const disputed = await recordDispute(office, input, actor)
  office.events.emit('jobs.changed', { reason: 'dispute', jobIds: [input.id] })
  return disputed
}

/**
 * The dispute itself, in one transaction on either engine (issue #17: the first writer on the
 * async path): the job's dispute fields and the `disputed` event (with the dashboard's summary)
 * commit together or not at all. On PostgreSQL a seat that lost a race with another seat's
 * write runs it again on what that seat committed, so a job is still disputed only once.
 */
export async function recordDispute(edb: EngineDb, input: DisputeInput, actor: string): Promise<DisputeOutput> {
  const disputedAt = new Date().toISOString()
  await withTransaction(edb, async (trx) => {
    const job = await trx
      .selectFrom('jobs')
      .select(['status', 'disputed_at'])
      .where('id', '=', input.id)
      .executeTakeFirst()
    if (!job) throw new CloseoutError('not-found', `There is no job ${input.id}`)
    if (job.status !== 'invoiced') {
      throw new CloseoutError(
        'not-invoiced',
        `Job ${input.id} is ${job.status}: only an invoiced job can be disputed`,
        [{ path: 'id', message: 'must be an invoiced job' }],
      )
    }
    if (job.disputed_at)
      throw new CloseoutError('already-disputed', `Job ${input.id} was already marked disputed on ${job.disputed_at}`)
    await trx
      .updateTable('jobs')
      .set({ disputed_at: disputedAt, dispute_reason: input.reason, updated_at: disputedAt })
      .where('id', '=', input.id)
      .execute()
    await appendEventIn(trx, {
      jobId: input.id,
      type: 'disputed',
      actor,
      data: { reason: input.reason },
      at: disputedAt,
    })
  })
  return { id: input.id, disputedAt, disputeReason: input.reason }
}
