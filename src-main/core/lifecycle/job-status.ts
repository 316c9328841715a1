import { canTransition, type JobStatus } from '../../../src-shared/domain/status'
import { CloseoutError } from '../errors'
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import { writeJobStatusesIn, writeJobStatusIn } from '../jobs/job-rows.repo'
import { appendEventIn, appendEventsIn, type NewEvent } from './event-log'

export interface StatusChange {
  jobId: string
  from: JobStatus
  to: JobStatus
  actor: string
  reason?: string
  findings?: string[]
  at: string
  /** Set with the status (an export numbers the job as it becomes invoiced). */
  invoiceNumber?: string
  /** Set with the status (a received closeout becomes the job's current one as it is submitted). */
  currentSubmissionId?: string | undefined
  /** Set with the status (the job's total as the rules priced the closeout that moves it). */
  totalCents?: number
  /** The error for a job that changed under us, where the caller words it its own way. */
  conflict?: { code: string; message: string }
  /**
   * Only a rebuild from the archive: it restores what receipts prove happened, which may skip
   * steps of the machine (a closeout that was invoiced comes back as invoiced). Logged as such.
   */
  restoring?: true
}

/**
 * changeJobStatus on the async path (issue #17), for a writer in `withTransaction`
 * (db/engine-db.ts) on either engine: `trx` is that transaction. The same checks, row and event.
 * On PostgreSQL a seat that lost the race to another seat's decision sees the job no longer
 * where it saw it, and is told 'conflict' as a second window on one PC is.
 * With `log`, the 'status-changed' event is pushed there for the caller to append (with
 * appendEventsIn, in order with its other events) before its transaction ends.
 */
export async function changeJobStatusIn(trx: Kysely<Database>, change: StatusChange, log?: NewEvent[]): Promise<void> {
  checkTransition(change)
  if (!(await writeJobStatusIn(trx, statusWrite(change)))) throw conflictOf(change)
  if (log) log.push(statusEvent(change))
  else await appendEventIn(trx, statusEvent(change))
}

/**
 * The first of two status changes a writer makes together (the ingest's move to `submitted`,
 * then the rules' verdict): checked and logged now; its row is written with what follows it
 * (writeLoggedStatusIn), in one UPDATE instead of two.
 */
export function logStatusChange(change: StatusChange, log: NewEvent[]): void {
  checkTransition(change)
  log.push(statusEvent(change))
}

/**
 * Writes the row of `logged` (logStatusChange) together with `next`, the change that follows
 * it (checked, and logged to `log`), if any, and the fields set with them: one UPDATE, guarded
 * on the status the job had before `logged`. The same row as writing each change in turn.
 */
export async function writeLoggedStatusIn(
  trx: Kysely<Database>,
  logged: StatusChange,
  next: StatusChange | undefined,
  fields: { at: string; totalCents?: number | undefined; currentSubmissionId?: string | undefined },
  log: NewEvent[] | undefined,
): Promise<void> {
  if (next) checkTransition(next)
  const written = await writeJobStatusIn(trx, {
    jobId: logged.jobId,
    from: logged.from,
    to: next?.to ?? logged.to,
    at: fields.at,
    currentSubmissionId: fields.currentSubmissionId ?? next?.currentSubmissionId ?? logged.currentSubmissionId,
    totalCents: fields.totalCents ?? next?.totalCents,
  })
  if (!written) throw conflictOf(logged)
  if (next && log) log.push(statusEvent(next))
  else if (next) await appendEventIn(trx, statusEvent(next))
}

/**
 * changeJobStatusIn for many jobs at once (an export's batch): each job checked and written as
 * changeJobStatusIn does, then every event in one append (appendEventsIn), each job's `before`
 * event (an export's `invoiced`) just ahead of its `status-changed`: the same rows, chain and
 * refusals as one changeJobStatusIn per job after an appendEventIn of its `before`.
 */
export async function changeJobStatusesIn(
  trx: Kysely<Database>,
  changes: readonly (StatusChange & { before?: NewEvent })[],
): Promise<void> {
  for (const change of changes) checkTransition(change)
  const written = await writeJobStatusesIn(trx, changes.map(statusWrite))
  const lost = changes.find((change) => !written.has(change.jobId))
  if (lost) throw conflictOf(lost)
  await appendEventsIn(
    trx,
    changes.flatMap((change) => [...(change.before ? [change.before] : []), statusEvent(change)]),
  )
}

function checkTransition(change: StatusChange): void {
  if (!change.restoring && !canTransition(change.from, change.to)) {
    throw new CloseoutError(
      'invalid-transition',
      `Job ${change.jobId} is ${change.from} and cannot become ${change.to}`,
    )
  }
}

function statusWrite(change: StatusChange) {
  const { jobId, from, to, at, invoiceNumber, currentSubmissionId, totalCents } = change
  return { jobId, from, to, at, invoiceNumber, currentSubmissionId, totalCents }
}

function conflictOf(change: StatusChange): CloseoutError {
  return new CloseoutError(
    change.conflict?.code ?? 'conflict',
    change.conflict?.message ?? `Job ${change.jobId} changed while this was being decided; reload and try again`,
  )
}

function statusEvent(change: StatusChange): NewEvent {
  const data: Record<string, unknown> = { from: change.from, to: change.to }
  if (change.reason !== undefined) data.reason = change.reason
  if (change.findings !== undefined) data.findings = change.findings
  return { jobId: change.jobId, type: 'status-changed', actor: change.actor, at: change.at, data }
}

/** Refuses a decision on a job in the wrong status, in words: "J-1043 is needs-review, not waiting for approval". */
export function requireStatus(jobId: string, status: JobStatus, allowed: readonly JobStatus[], what: string): void {
  if (!allowed.includes(status)) {
    throw new CloseoutError(
      'invalid-transition',
      `Job ${jobId} is ${status}; only a job that is ${allowed.join(' or ')} can be ${what}`,
    )
  }
}
