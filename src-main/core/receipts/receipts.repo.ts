import type { JobStatus } from '../../../src-shared/domain/status'
import { all, first, run, type Db } from '../db/connection'

/** pending_receipts (the outbox) and what a receipt is built from. */

/** Records that the submission's receipt must be rewritten; a newer debt replaces an older one. */
export function oweReceipt({ sqlite, db }: Db, submissionId: string, since: string): void {
  run(
    sqlite,
    db
      .insertInto('pending_receipts')
      .values({ submission_id: submissionId, since })
      .onConflict((oc) => oc.column('submission_id').doUpdateSet((eb) => ({ since: eb.ref('excluded.since') }))),
  )
}

export function owedSince({ sqlite, db }: Db, submissionId: string): string | undefined {
  return first(sqlite, db.selectFrom('pending_receipts').select('since').where('submission_id', '=', submissionId))
    ?.since
}

/** Clears the debt only if it was not renewed since `since`. */
export function clearOwed({ sqlite, db }: Db, submissionId: string, since: string): void {
  run(sqlite, db.deleteFrom('pending_receipts').where('submission_id', '=', submissionId).where('since', '=', since))
}

/** Submissions owed a receipt, oldest debt first. */
export function owedSubmissionIds({ sqlite, db }: Db, limit: number): string[] {
  return all(
    sqlite,
    db.selectFrom('pending_receipts').select('submission_id').orderBy('since').orderBy('submission_id').limit(limit),
  ).map((r) => r.submission_id)
}

export interface ReceiptSource {
  id: string
  jobId: string
  receivedAt: string
  findingsJson: string
  status: JobStatus
  currentSubmissionId: string | null
  updatedAt: string
  invoiceNumber: string | null
}

/** The submission and its job as they stand now. */
export function receiptSource({ sqlite, db }: Db, submissionId: string): ReceiptSource | undefined {
  const row = first(
    sqlite,
    db
      .selectFrom('submissions as s')
      .innerJoin('jobs as j', 'j.id', 's.job_id')
      .select([
        's.id',
        's.job_id',
        's.received_at',
        's.findings_json',
        'j.status',
        'j.current_submission_id',
        'j.updated_at',
        'j.invoice_number',
      ])
      .where('s.id', '=', submissionId),
  )
  return (
    row && {
      id: row.id,
      jobId: row.job_id,
      receivedAt: row.received_at,
      findingsJson: row.findings_json,
      status: row.status as JobStatus,
      currentSubmissionId: row.current_submission_id,
      updatedAt: row.updated_at,
      invoiceNumber: row.invoice_number,
    }
  )
}

/** The comment of the latest send-back of this submission (null: none, or sent back without one). */
export function lastSendBackComment({ sqlite, db }: Db, submissionId: string): string | null {
  return (
    first(
      sqlite,
      db
        .selectFrom('approvals')
        .select('comment')
        .where('submission_id', '=', submissionId)
        .where('decision', '=', 'sent-back')
        .orderBy('id', 'desc')
        .limit(1),
    )?.comment ?? null
  )
}
