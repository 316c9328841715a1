import { JOB_ACTIONS, type JobStatus } from '../../../src-shared/domain/status'
import type { Kysely, Selectable } from 'kysely'
import { withTransaction, type EngineDb } from '../db/engine-db'
import type { Database, JobsTable } from '../db/schema'
import { jsonTextField } from '../db/sql-fragments'
import { CloseoutError } from '../errors'
import { loadDecisionJobIn } from '../jobs/decision-job'
import type { Office } from '../office'
import { authenticateUser, requireApprover, type OfficeUser } from './approver-auth'
import { appendEventIn } from '../lifecycle/event-log'
import { changeJobStatusIn, requireStatus } from '../lifecycle/job-status'
import { loadPolicyAsync } from '../lifecycle/load-submissions'
import { oweReceiptsIn, payOwedReceipts, payReceipts } from '../receipts/receipt-outbox'
import { insertApprovalIn } from './approval-rows.repo'

/**
 * The approval inbox's decisions. Each checks the user's PIN first (async scrypt), then decides
 * and logs in one transaction, then rewrites the receipt and tells the UI.
 *
 * On the async path of issue #17: the decision (its approval row, events, status change and
 * owed receipt) commits in one `withTransaction` on either engine (`record…` take an EngineDb);
 * the receipt files and the office's events follow the commit, on the Office (`approveJob`,
 * `sendBackJob`). On PostgreSQL a seat that lost the race to another seat's decision on the
 * same job runs again on what that seat committed, and is refused as a second window is.
 */
export interface DecisionResult {
  jobId: string
  submissionId: string | null
  status: JobStatus
  /** For approvals: the level just recorded and how many the job needs. */
  level?: number
  levelsRequired?: number
}

/** A committed decision, and whether it moved the job (then its receipt is rewritten). */
export interface Decided {
  result: DecisionResult
  statusChanged: boolean
}

export function currentSubmission(job: Selectable<JobsTable>): string {
  if (!job.current_submission_id)
    throw new CloseoutError('no-submission', `Job ${job.id} has no closeout to decide on yet`)
  return job.current_submission_id
}

/** The EngineDb of a withTransaction body: the same engine, its queries on `trx`. */
const within = (edb: EngineDb, trx: Kysely<Database>): EngineDb => ({ ...edb, db: trx })

/**
 * "Entered" a closeout: the technician who submitted it (a user with the same id) or an office
 * user who edited its lines. Such a user may not approve it.
 */
export async function enteredBy(
  { engine, db }: EngineDb,
  jobId: string,
  submissionId: string,
  userId: string,
): Promise<'submitted' | 'works-as' | 'edited' | null> {
  const sub = await db
    .selectFrom('submissions')
    .select('technician_id')
    .where('id', '=', submissionId)
    .executeTakeFirst()
  if (sub?.technician_id === userId) return 'submitted'
  // The same person by link: a user who works as the technician (users.technician_id, setup v1.1).
  const worksAs = await db.selectFrom('users').select('technician_id').where('id', '=', userId).executeTakeFirst()
  if (sub && worksAs?.technician_id && worksAs.technician_id === sub.technician_id) return 'works-as'
  const edit = await db
    .selectFrom('job_events')
    .select('id')
    .where('job_id', '=', jobId)
    .where('type', '=', 'lines-edited')
    .where('actor', '=', userId)
    .where(jsonTextField(engine, 'data_json', 'submissionId'), '=', submissionId)
    .limit(1)
    .executeTakeFirst()
  return edit ? 'edited' : null
}

export async function approvedBy(
  db: Kysely<Database>,
  submissionId: string,
): Promise<{ user_id: string; level: number }[]> {
  return db
    .selectFrom('approvals')
    .select(['user_id', 'level'])
    .where('submission_id', '=', submissionId)
    .where('decision', '=', 'approved')
    .orderBy('id')
    .execute()
}

export async function levelsRequired(edb: EngineDb, totalCents: number | null): Promise<1 | 2> {
  const over = (await loadPolicyAsync(edb)).secondApprovalOverCents
  return over !== null && (totalCents ?? 0) > over ? 2 : 1
}

/**
 * After the decision committed: its receipt (owed in the decision's transaction, so a failure
 * here is retried later and never turns a done decision into an error), then any receipt still
 * owed from before.
 */
async function afterCommit(office: Office, result: DecisionResult, statusChanged: boolean): Promise<DecisionResult> {
  if (statusChanged && result.submissionId) await payReceipts(office, [result.submissionId])
  await payOwedReceipts(office)
  office.events.emit('jobs.changed', { reason: 'decision', jobIds: [result.jobId] })
  return result
}

type ApproveInput = { jobId: string; userId: string; pin: string; comment?: string | undefined }

export async function approveJob(office: Office, input: ApproveInput, now = new Date()): Promise<DecisionResult> {
  const { result, statusChanged } = await recordApproval(office, input, now)
  return afterCommit(office, result, statusChanged)
}

/** The approval itself on either engine: the PIN and role checked, then the decision committed. */
export async function recordApproval(edb: EngineDb, input: ApproveInput, now = new Date()): Promise<Decided> {
  const user = await authenticateUser(edb, input.userId, input.pin, now)
  await requireApprover(edb, user)
  return approveAs(edb, user, input.jobId, input.comment, now)
}

/** One approval by an authenticated approver: its own transaction, events and owed receipt. */
export async function approveAs(
  edb: EngineDb,
  user: OfficeUser,
  jobId: string,
  commentText: string | undefined,
  now: Date,
): Promise<Decided> {
  const at = now.toISOString()
  const comment = commentText?.trim() || undefined
  return withTransaction(edb, async (trx): Promise<Decided> => {
    const tx = within(edb, trx)
    const job = await loadDecisionJobIn(trx, jobId)
    requireStatus(job.id, job.status, JOB_ACTIONS.approve.statuses, 'approved')
    const submissionId = currentSubmission(job)
    await refuseOwnWork(tx, job.id, submissionId, user)
    const prior = await approvedBy(trx, submissionId)
    if (prior.some((p) => p.user_id === user.id)) {
      throw new CloseoutError(
        'same-approver',
        `${user.name} already approved job ${job.id}; the second approval must come from someone else`,
      )
    }
    const required = await levelsRequired(tx, job.total_cents)
    const level = prior.length + 1
    await insertApprovalIn(trx, {
      job_id: job.id,
      submission_id: submissionId,
      user_id: user.id,
      level,
      decision: 'approved',
      comment: comment ?? null,
      at,
    })
    await appendEventIn(trx, {
      jobId: job.id,
      type: 'approved',
      actor: user.id,
      at,
      data: comment ? { submissionId, level, comment } : { submissionId, level },
    })
    if (level < required)
      return {
        result: { jobId: job.id, submissionId, status: job.status, level, levelsRequired: required },
        statusChanged: false,
      }
    const reason = `approved by ${user.name}`
    await changeJobStatusIn(trx, { jobId: job.id, from: 'needs-approval', to: 'approved', actor: user.id, reason, at })
    await changeJobStatusIn(trx, {
      jobId: job.id,
      from: 'approved',
      to: 'invoice-ready',
      actor: user.id,
      reason: 'all approvals given',
      at,
    })
    await oweReceiptsIn(trx, [submissionId], at)
    return {
      result: { jobId: job.id, submissionId, status: 'invoice-ready', level, levelsRequired: required },
      statusChanged: true,
    }
  })
}

async function refuseOwnWork(tx: EngineDb, jobId: string, submissionId: string, user: OfficeUser): Promise<void> {
  const entered = await enteredBy(tx, jobId, submissionId, user.id)
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

type SendBackInput = { jobId: string; userId: string; pin: string; comment: string }

/**
 * Sends the job back to the technician. From needs-approval only an approver may; a job in
 * needs-review (missing evidence) may be sent back by any office user. The comment is required
 * and appears on the technician's receipt.
 */
export async function sendBackJob(office: Office, input: SendBackInput, now = new Date()): Promise<DecisionResult> {
  const { result, statusChanged } = await recordSendBack(office, input, now)
  return afterCommit(office, result, statusChanged)
}

/** The send-back itself on either engine: the PIN checked, then the decision committed. */
export async function recordSendBack(edb: EngineDb, input: SendBackInput, now = new Date()): Promise<Decided> {
  const comment = input.comment.trim()
  if (!comment)
    throw new CloseoutError('comment-required', 'Say what the technician must fix: a send-back needs a comment', [
      { path: 'comment', message: 'must not be empty' },
    ])
  const user = await authenticateUser(edb, input.userId, input.pin, now)
  const at = now.toISOString()
  return withTransaction(edb, async (trx): Promise<Decided> => {
    const job = await loadDecisionJobIn(trx, input.jobId)
    requireStatus(job.id, job.status, JOB_ACTIONS['send-back'].statuses, 'sent back')
    if (job.status === 'needs-approval') await requireApprover(within(edb, trx), user)
    const submissionId = currentSubmission(job)
    const level = (await approvedBy(trx, submissionId)).length + 1
    await insertApprovalIn(trx, {
      job_id: job.id,
      submission_id: submissionId,
      user_id: user.id,
      level,
      decision: 'sent-back',
      comment,
      at,
    })
    await appendEventIn(trx, { jobId: job.id, type: 'sent-back', actor: user.id, at, data: { submissionId, comment } })
    await changeJobStatusIn(trx, {
      jobId: job.id,
      from: job.status,
      to: 'sent-back',
      actor: user.id,
      reason: comment,
      at,
    })
    await oweReceiptsIn(trx, [submissionId], at)
    return { result: { jobId: job.id, submissionId, status: 'sent-back' }, statusChanged: true }
  })
}

export { afterCommit as finishDecision }
