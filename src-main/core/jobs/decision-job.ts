import type { Kysely, Selectable } from 'kysely'
import type { JobStatus } from '../../../src-shared/domain/status'
import type { Database, JobsTable } from '../db/schema'
import { CloseoutError } from '../errors'
import { findJobRowIn } from './job-rows.repo'

/** A job as a writer on it decides from: its row, its status typed. */
export type DecisionJob = Selectable<JobsTable> & { status: JobStatus }

/**
 * The job a writer acts on, read in its withTransaction body (`trx`, either engine; issue #17):
 * 'not-found' for a job that is not there.
 */
export async function loadDecisionJobIn(trx: Kysely<Database>, jobId: string): Promise<DecisionJob> {
  return decisionJobOf(await findJobRowIn(trx, jobId), jobId)
}

/** A job's row as a DecisionJob, or 'not-found' where there is none. */
function decisionJobOf(row: Selectable<JobsTable> | undefined, jobId: string): DecisionJob {
  if (!row) throw new CloseoutError('not-found', `There is no job ${jobId}`)
  return { ...row, status: row.status as JobStatus }
}
