import type { JobForm } from '../../../src-shared/api/dispatch'
import { appendEvent } from '../lifecycle/event-log'
import { CloseoutError } from '../errors'
import { findJobRow, highestJobNumber, insertJobRow, jobExists, writeJobFields } from '../jobs/job-rows.repo'
import { estimateRows, readEstimateRows, replaceEstimateRows } from '../jobs/estimate-lines.repo'
import { hasCustomer, hasJobType, hasLaborRate, hasPriceBookItem, hasTechnician } from '../setup/catalog.repo'
import type { Office } from '../office'
import {
  alreadyExists,
  changedColumns,
  changesAgainst,
  jobCreatedEvent,
  jobIdAfter,
  jobUpdatedEvent,
  newJobRow,
  referenceQuestions,
  referencesRefusal,
  type JobChanges,
  type JobFields,
} from './job-fields'
import { toJobForm } from './job-form'

export type { JobFields } from './job-fields'

/**
 * Dispatch's writers on the synchronous path, kept (issue #17) for the callers that still write
 * in one better-sqlite3 transaction: the review's ways out (jobs/review-ways-out.ts: a job made
 * from a closeout, and jobs.create when its number is a field job's) and the CSV import of jobs
 * (imports/jobs-import.ts). The Dispatch screen's own writers are async, on either engine, in
 * dispatch-writes.ts; both decide through job-fields.ts, so they check and refuse alike.
 */

const SYNC_LOOKUPS = {
  customer: hasCustomer,
  jobType: hasJobType,
  technician: hasTechnician,
  priceBookItem: hasPriceBookItem,
  laborRate: hasLaborRate,
} as const

/** Throws invalid-input naming each unknown id by path. */
export function checkReferences(office: Office, fields: Partial<JobFields>): void {
  const problems = referenceQuestions(fields).filter((q) => !SYNC_LOOKUPS[q.kind](office, q.key))
  const refusal = referencesRefusal(problems.map((q) => q.problem))
  if (refusal) throw refusal
}

/** The next free "J-<n>" after the highest numbered job. */
export function nextJobId(office: Office): string {
  return jobIdAfter(highestJobNumber(office))
}

/** Writes a new scheduled job with its estimate and event; call inside a transaction. */
export function insertJob(
  office: Office,
  id: string,
  input: JobFields,
  actor: string,
  via: string,
  now = new Date().toISOString(),
): void {
  if (jobExists(office, id)) throw alreadyExists(id)
  insertJobRow(office, newJobRow(id, input, now))
  replaceEstimateRows(office, id, estimateRows(input.estimate))
  appendEvent(office.sqlite, office.db, jobCreatedEvent(id, actor, now, via))
}

/** Writes the named fields of a job and its job-updated event; call inside a transaction. */
export function writeJobChanges(
  office: Office,
  id: string,
  changed: (keyof JobFields)[],
  fields: Partial<JobFields>,
  actor: string,
  via: string,
  now = new Date().toISOString(),
): void {
  writeJobFields(office, id, changedColumns(changed, fields), now)
  if (changed.includes('estimate')) replaceEstimateRows(office, id, estimateRows(fields.estimate ?? []))
  appendEvent(office.sqlite, office.db, jobUpdatedEvent(id, actor, now, via, changed))
}

/** A new job on the synchronous path (the review's jobs.create); the screens hear of it. */
export function createJob(office: Office, input: JobFields & { id?: string | undefined }, actor = 'office'): string {
  checkReferences(office, input)
  const id = input.id ?? nextJobId(office)
  office.sqlite.transaction(() => insertJob(office, id, input, actor, 'dispatch'))()
  office.events.emit('jobs.changed', { reason: 'dispatch', jobIds: [id] })
  return id
}

/** Which of `given` differ from the stored job, and the ones its status no longer allows. */
export function jobChanges(office: Office, id: string, given: Partial<JobFields>): JobChanges {
  return changesAgainst(currentJobForm(office, id), given)
}

/**
 * The stored job as the form spells it, read on the synchronous path: the CSV import compares
 * and writes in one synchronous turn (jobs.form and jobs.update read it async: job-form.ts).
 */
function currentJobForm(office: Office, id: string): JobForm {
  const job = findJobRow(office, id)
  if (!job) throw new CloseoutError('not-found', `There is no job ${id}`)
  return toJobForm(job, readEstimateRows(office, id))
}
