import type { z } from 'zod'
import type { DisputeInputSchema, DisputeOutputSchema } from '../../../src-shared/api/metrics'
import { appendEvent } from '../lifecycle/event-log'
import { first, run } from '../db/connection'
import { CloseoutError } from '../errors'
import type { Office } from '../office'

/**
 * Marks an invoiced job disputed by the customer, with their reason: the dashboard's dispute
 * rate and reasons come from this. Only an invoiced job can be disputed, and only once.
 */
export function disputeJob(
  office: Office,
  input: z.output<typeof DisputeInputSchema>,
  actor = 'office',
): z.output<typeof DisputeOutputSchema> {
  const { sqlite, db } = office
  const disputedAt = new Date().toISOString()
  sqlite.transaction(() => {
    const job = first(sqlite, db.selectFrom('jobs').select(['status', 'disputed_at']).where('id', '=', input.id))
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
    run(
      sqlite,
      db
        .updateTable('jobs')
        .set({ disputed_at: disputedAt, dispute_reason: input.reason, updated_at: disputedAt })
        .where('id', '=', input.id),
    )
    appendEvent(sqlite, db, {
      jobId: input.id,
      type: 'disputed',
      actor,
      data: { reason: input.reason },
      at: disputedAt,
    })
  })()
  office.events.emit('jobs.changed', { reason: 'dispute', jobIds: [input.id] })
  return { id: input.id, disputedAt, disputeReason: input.reason }
}
