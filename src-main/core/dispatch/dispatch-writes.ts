import type { Kysely } from 'kysely'
import { withTransaction, type EngineDb, type EngineName } from '../db/engine-db'
import type { Database } from '../db/schema'
import { appendEventIn } from '../lifecycle/event-log'
import { estimateRows, replaceEstimateRowsIn } from '../jobs/estimate-lines.repo'
import { highestJobNumberIn, insertJobRowIn, jobExistsIn, writeJobFieldsIn } from '../jobs/job-rows.repo'
import type { Office } from '../office'
import { catalogHasIn } from '../setup/catalog-reads.repo'
import {
  alreadyExists,
  changedColumns,
  changesAgainst,
  jobCreatedEvent,
  jobIdAfter,
  jobUpdatedEvent,
  lockedRefusal,
  newJobRow,
  referenceQuestions,
  referencesRefusal,
  type JobFields,
} from './job-fields'
import { jobFormIn } from './job-form'

/**
 * The Dispatch screen's writers on the async path of issue #17 (jobs.create, jobs.update): the
 * checks, the job's row, its estimate lines and its event commit together in one
 * withTransaction on either engine, the SQLite file or PostgreSQL; the office's screens hear of
 * it after the commit. Each `…In` form runs in a transaction someone else opened (`trx`), for
 * writers that do more in the same one (the review's ways out, the CSV import of jobs).
 */

/** Throws invalid-input naming each unknown id by path; reads in `trx`. */
export async function checkReferencesIn(trx: Kysely<Database>, fields: Partial<JobFields>): Promise<void> {
  const problems = []
  for (const q of referenceQuestions(fields)) if (!(await catalogHasIn(trx, q.kind, q.key))) problems.push(q.problem)
  const refusal = referencesRefusal(problems)
  if (refusal) throw refusal
}

/** The next free "J-<n>", read in `trx`: the transaction that inserts the job. */
export async function nextJobIdIn(trx: Kysely<Database>, engine: EngineName): Promise<string> {
  return jobIdAfter(await highestJobNumberIn(trx, engine))
}

/** Writes a new scheduled job with its estimate and job-created event in `trx`. */
export async function insertJobIn(
  trx: Kysely<Database>,
  id: string,
  input: JobFields,
  actor: string,
  via: string,
  now = new Date().toISOString(),
): Promise<void> {
  if (await jobExistsIn(trx, id)) throw alreadyExists(id)
  await insertJobRowIn(trx, newJobRow(id, input, now))
  await replaceEstimateRowsIn(trx, id, estimateRows(input.estimate))
  await appendEventIn(trx, jobCreatedEvent(id, actor, now, via))
}

/** Writes the named fields of a job and its job-updated event in `trx`. */
export async function writeJobChangesIn(
  trx: Kysely<Database>,
  id: string,
  changed: (keyof JobFields)[],
  fields: Partial<JobFields>,
  actor: string,
  via: string,
  now = new Date().toISOString(),
): Promise<void> {
  await writeJobFieldsIn(trx, id, changedColumns(changed, fields), now)
  if (changed.includes('estimate')) await replaceEstimateRowsIn(trx, id, estimateRows(fields.estimate ?? []))
  await appendEventIn(trx, jobUpdatedEvent(id, actor, now, via, changed))
}

/**
 * A new job from the Dispatch screen, in one transaction: its names checked, its number (the
 * next free one unless given) taken from the jobs table inside the same transaction, so on
 * PostgreSQL two seats creating at the same moment never share one (SERIALIZABLE fails the
 * later and withTransaction runs it again on the other's job). Answers the job's id.
 */
export async function recordNewJob(
  edb: EngineDb,
  input: JobFields & { id?: string | undefined },
  actor: string,
): Promise<string> {
  return withTransaction(edb, async (trx) => {
    await checkReferencesIn(trx, input)
    const id = input.id ?? (await nextJobIdIn(trx, edb.engine))
    await insertJobIn(trx, id, input, actor, 'dispatch')
    return id
  })
}

/**
 * A change from the Dispatch screen, in one transaction: compared with the stored job, refused
 * when the job's status no longer allows a field (job-locked, naming each) or a name is unknown;
 * only what differs is written. Answers whether anything was.
 */
export async function recordJobUpdate(
  edb: EngineDb,
  id: string,
  given: Partial<JobFields>,
  actor: string,
): Promise<boolean> {
  return withTransaction(edb, async (trx) => {
    const changes = changesAgainst(await jobFormIn(trx, id), given)
    const locked = lockedRefusal(changes)
    if (locked) throw locked
    if (changes.changed.length === 0) return false
    await checkReferencesIn(trx, changes.fields)
    await writeJobChangesIn(trx, id, changes.changed, changes.fields, actor, 'dispatch')
    return true
  })
}

/** jobs.create's ordinary case: a new job, then the office's screens hear of it. */
export async function createJobAsync(
  office: Office,
  input: JobFields & { id?: string | undefined },
  actor = 'office',
): Promise<string> {
  const id = await recordNewJob(office, input, actor)
  office.events.emit('jobs.changed', { reason: 'dispatch', jobIds: [id] })
  return id
}

/** jobs.update: the change, then (when anything changed) the office's screens hear of it. */
export async function updateJobAsync(
  office: Office,
  id: string,
  given: Partial<JobFields>,
  actor = 'office',
): Promise<void> {
  if (await recordJobUpdate(office, id, given, actor))
    office.events.emit('jobs.changed', { reason: 'dispatch', jobIds: [id] })
}
