import { JOB_ACTIONS, type JobStatus } from '../../../src-shared/domain/status'
import type { Selectable } from 'kysely'
import { all, first, sql } from '../db/connection'
import type { JobsTable } from '../db/schema'
import { CloseoutError } from '../errors'
import type { Office } from '../office'
import { authenticateUser, requireApprover, type OfficeUser } from './approver-auth'
import { appendEvent } from '../lifecycle/event-log'
import { changeJobStatus, requireStatus } from '../lifecycle/job-status'
import { oweReceipts, payOwedReceipts, payReceipts } from '../receipts/receipt-outbox'
import { loadPolicy } from '../lifecycle/rules-context'
import { insertApproval } from './approval-rows.repo'

/**
 * The approval inbox's decisions. Each checks the user's PIN first (async scrypt), then decides
 * and logs in one transaction, then rewrites the receipt and tells the UI.
 */
export interface DecisionResult {
  jobId: string
  submissionId: string | null
  status: JobStatus
  /** For approvals: the level just recorded and how many the job needs. */
  level?: number
  levelsRequired?: number
}

export function loadDecisionJob(office: Office, jobId: string): Selectable<JobsTable> & { status: JobStatus } {
  const job = first(office.sqlite, office.db.selectFrom('jobs').selectAll().where('id', '=', jobId))
  if (!job) throw new CloseoutError('not-found', `There is no job ${jobId}`)
  return { ...job, status: job.status as JobStatus }
}

export function currentSubmission(job: Selectable<JobsTable>): string {
  if (!job.current_submission_id)
    throw new CloseoutError('no-submission', `Job ${job.id} has no closeout to decide on yet`)
  return job.current_submission_id
}

/**
 * "Entered" a closeout: the technician who submitted it (a user with the same id) or an office
 * user who edited its lines. Such a user may not approve it.
 */
export function enteredBy(
  office: Office,
  jobId: string,
  submissionId: string,
  userId: string,
): 'submitted' | 'works-as' | 'edited' | null {
  const { sqlite, db } = office
  const sub = first(sqlite, db.selectFrom('submissions').select('technician_id').where('id', '=', submissionId))
  if (sub?.technician_id === userId) return 'submitted'
  // The same person by link: a user who works as the technician (users.technician_id, setup v1.1).
  const worksAs = first(sqlite, db.selectFrom('users').select('technician_id').where('id', '=', userId))
  if (sub && worksAs?.technician_id && worksAs.technician_id === sub.technician_id) return 'works-as'
  const edit = first(
    sqlite,
    db
      .selectFrom('job_events')
      .select('id')
      .where('job_id', '=', jobId)
      .where('type', '=', 'lines-edited')
      .where('actor', '=', userId)
      .where(sql<string>`json_extract(data_json, '$.submissionId')`, '=', submissionId)
      .limit(1),
  )
  return edit ? 'edited' : null
}

export function approvedBy(office: Office, submissionId: string): { user_id: string; level: number }[] {
  return all(
    office.sqlite,
    office.db
      .selectFrom('approvals')
      .select(['user_id', 'level'])
      .where('submission_id', '=', submissionId)
      .where('decision', '=', 'approved')
      .orderBy('id'),
  )
}

export function levelsRequired(office: Office, totalCents: number | null): 1 | 2 {
  const over = loadPolicy(office).secondApprovalOverCents
  return over !== null && (totalCents ?? 0) > over ? 2 : 1
}

/**
 * After the decision committed: its receipt (owed in the decision's transaction, so a failure
 * here is retried later and never turns a done decision into an error), then any receipt still
 * owed from before.
 */
function afterCommit(office: Office, result: DecisionResult, statusChanged: boolean): DecisionResult {
  if (statusChanged && result.submissionId) payReceipts(office, [result.submissionId])
  payOwedReceipts(office)
  office.events.emit('jobs.changed', { reason: 'decision', jobIds: [result.jobId] })
  return result
}

export async function approveJob(
  office: Office,
  input: { jobId: string; userId: string; pin: string; comment?: string | undefined },
  now = new Date(),
): Promise<DecisionResult> {
  const user = await authenticateUser(office, input.userId, input.pin, now)
  requireApprover(office, user)
  return approveAs(office, user, input.jobId, input.comment, now)
}

/** One approval by an authenticated approver: its own transaction, event and receipt. */
export function approveAs(
  office: Office,
  user: OfficeUser,
  jobId: string,
  commentText: string | undefined,
  now: Date,
): DecisionResult {
  const at = now.toISOString()
  const comment = commentText?.trim() || undefined
  let statusChanged = false
  const result = office.sqlite.transaction((): DecisionResult => {
    const job = loadDecisionJob(office, jobId)
    requireStatus(job.id, job.status, JOB_ACTIONS.approve.statuses, 'approved')
    const submissionId = currentSubmission(job)
    refuseOwnWork(office, job.id, submissionId, user)
    const prior = approvedBy(office, submissionId)
    if (prior.some((p) => p.user_id === user.id)) {
      throw new CloseoutError(
        'same-approver',
        `${user.name} already approved job ${job.id}; the second approval must come from someone else`,
      )
    }
    const required = levelsRequired(office, job.total_cents)
    const level = prior.length + 1
    insertApproval(office, {
      job_id: job.id,
      submission_id: submissionId,
      user_id: user.id,
      level,
      decision: 'approved',
      comment: comment ?? null,
      at,
    })
    appendEvent(office.sqlite, office.db, {
      jobId: job.id,
      type: 'approved',
      actor: user.id,
      at,
      data: comment ? { submissionId, level, comment } : { submissionId, level },
    })
    if (level < required) return { jobId: job.id, submissionId, status: job.status, level, levelsRequired: required }
    changeJobStatus(office, {
      jobId: job.id,
      from: 'needs-approval',
      to: 'approved',
      actor: user.id,
      reason: `approved by ${user.name}`,
      at,
    })
    changeJobStatus(office, {
      jobId: job.id,
      from: 'approved',
      to: 'invoice-ready',
      actor: user.id,
      reason: 'all approvals given',
      at,
    })
    oweReceipts(office, [submissionId], at)
    statusChanged = true
    return { jobId: job.id, submissionId, status: 'invoice-ready', level, levelsRequired: required }
  })()
  return afterCommit(office, result, statusChanged)
}

function refuseOwnWork(office: Office, jobId: string, submissionId: string, user: OfficeUser): void {
  const entered = enteredBy(office, jobId, submissionId, user.id)
  if (entered === 'submitted')
    throw new CloseoutError('self-approval', `${user.name} submitted this closeout and may not approve it`)
  if (entered === 'works-as')
    throw new CloseoutError(
      'self-approval',
      `${user.name} works as the technician who did this job and may not approve their own work; another approver must`,
    )
  if (entered === 'edited')
    throw new CloseoutError(
      'self-approval',
      `${user.name} edited this closeout's lines and may not approve it; another approver must`,
    )
}

/**
 * Sends the job back to the technician. From needs-approval only an approver may; a job in
 * needs-review (missing evidence) may be sent back by any office user. The comment is required
 * and appears on the technician's receipt.
 */
export async function sendBackJob(
  office: Office,
  input: { jobId: string; userId: string; pin: string; comment: string },
  now = new Date(),
): Promise<DecisionResult> {
  const comment = input.comment.trim()
  if (!comment)
    throw new CloseoutError('comment-required', 'Say what the technician must fix: a send-back needs a comment', [
      { path: 'comment', message: 'must not be empty' },
    ])
  const user = await authenticateUser(office, input.userId, input.pin, now)
  const at = now.toISOString()
  const result = office.sqlite.transaction((): DecisionResult => {
    const job = loadDecisionJob(office, input.jobId)
    requireStatus(job.id, job.status, JOB_ACTIONS['send-back'].statuses, 'sent back')
    if (job.status === 'needs-approval') requireApprover(office, user)
    const submissionId = currentSubmission(job)
    const level = approvedBy(office, submissionId).length + 1
    insertApproval(office, {
      job_id: job.id,
      submission_id: submissionId,
      user_id: user.id,
      level,
      decision: 'sent-back',
      comment,
      at,
    })
    appendEvent(office.sqlite, office.db, {
      jobId: job.id,
      type: 'sent-back',
      actor: user.id,
      at,
      data: { submissionId, comment },
    })
    changeJobStatus(office, { jobId: job.id, from: job.status, to: 'sent-back', actor: user.id, reason: comment, at })
    oweReceipts(office, [submissionId], at)
    return { jobId: job.id, submissionId, status: 'sent-back' }
  })()
  return afterCommit(office, result, true)
}

export { afterCommit as finishDecision }
