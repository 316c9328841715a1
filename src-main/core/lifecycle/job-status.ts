import { canTransition, type JobStatus } from '../../../src-shared/domain/status'
import { CloseoutError } from '../errors'
import { writeJobStatus } from '../jobs/job-rows.repo'
import type { Office } from '../office'
import { appendEvent } from './event-log'

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
  currentSubmissionId?: string
  /** The error for a job that changed under us, where the caller words it its own way. */
  conflict?: { code: string; message: string }
  /**
   * Only a rebuild from the archive: it restores what receipts prove happened, which may skip
   * steps of the machine (a closeout that was invoiced comes back as invoiced). Logged as such.
   */
  restoring?: true
}

/**
 * The one way a job's status changes (ingest, decisions, exports, voids, rebuilds, the demo): checks the
 * transition, writes it only if the job is still where the caller saw it, and logs
 * 'status-changed'. Call inside a transaction; the caller owes the receipt (core/receipts).
 * A refused transition is a CloseoutError 'invalid-transition'; a job that changed under us
 * (another window decided first) is 'conflict'.
 */
export function changeJobStatus(office: Office, change: StatusChange): void {
  const { jobId, from, to } = change
  if (!change.restoring && !canTransition(from, to)) {
    throw new CloseoutError('invalid-transition', `Job ${jobId} is ${from} and cannot become ${to}`)
  }
  const written = writeJobStatus(office, {
    jobId,
    from,
    to,
    at: change.at,
    invoiceNumber: change.invoiceNumber,
    currentSubmissionId: change.currentSubmissionId,
  })
  if (!written)
    throw new CloseoutError(
      change.conflict?.code ?? 'conflict',
      change.conflict?.message ?? `Job ${jobId} changed while this was being decided; reload and try again`,
    )
  const data: Record<string, unknown> = { from, to }
  if (change.reason !== undefined) data.reason = change.reason
  if (change.findings !== undefined) data.findings = change.findings
  appendEvent(office.sqlite, office.db, { jobId, type: 'status-changed', actor: change.actor, at: change.at, data })
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
