import { canTransition, type JobStatus } from '../../../src-shared/domain/status'
import { CloseoutError } from '../errors'
import type { Office } from '../office'
import { appendEvent } from '../lifecycle/event-log'

export interface StatusChange {
  jobId: string
  from: JobStatus
  to: JobStatus
  actor: string
  reason?: string
  findings?: string[]
  at: string
}

/**
 * Moves a job along the status machine and logs 'status-changed'. Call inside a transaction.
 * A refused transition is a CloseoutError 'invalid-transition'; a job that changed under us
 * (another window decided first) is 'conflict'.
 */
export function changeJobStatus(office: Office, change: StatusChange): void {
  const { jobId, from, to } = change
  if (!canTransition(from, to)) {
    throw new CloseoutError('invalid-transition', `Job ${jobId} is ${from} and cannot become ${to}`)
  }
  const result = office.sqlite
    .prepare('UPDATE jobs SET status = ?, updated_at = ? WHERE id = ? AND status = ?')
    .run(to, change.at, jobId, from)
  if (result.changes !== 1)
    throw new CloseoutError('conflict', `Job ${jobId} changed while this was being decided; reload and try again`)
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
