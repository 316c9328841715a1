import type { JobStatus } from '../../../src-shared/domain/status'
import type { Kysely } from 'kysely'
import { all, first, run, type Db } from '../db/connection'
import type { Database } from '../db/schema'

/** pending_receipts (the outbox) and what a receipt is built from. */

const oweQuery = (db: Kysely<Database>, submissionId: string, since: string) =>
  db
    .insertInto('pending_receipts')
    .values({ submission_id: submissionId, since })
    .onConflict((oc) => oc.column('submission_id').doUpdateSet((eb) => ({ since: eb.ref('excluded.since') })))

/** Records that the submission's receipt must be rewritten; a newer debt replaces an older one. */
export function oweReceipt({ sqlite, db }: Db, submissionId: string, since: string): void {
  run(sqlite, oweQuery(db, submissionId, since))
}

/** oweReceipt on the async path (issue #17): in `trx`, a withTransaction body's transaction, on either engine. */
export async function oweReceiptIn(trx: Kysely<Database>, submissionId: string, since: string): Promise<void> {
  await oweQuery(trx, submissionId, since).execute()
}

export function owedSince({ sqlite, db }: Db, submissionId: string): string | undefined {
  return first(sqlite, db.selectFrom('pending_receipts').select('since').where('submission_id', '=', submissionId))
    ?.since
}

/** owedSince for many submissions in one query: submission id → since (absent: nothing owed). */
export function owedSinceMany({ sqlite, db }: Db, submissionIds: readonly string[]): Map<string, string> {
  const owed = new Map<string, string>()
  for (const ids of chunks(submissionIds))
    for (const row of all(
      sqlite,
      db.selectFrom('pending_receipts').select(['submission_id', 'since']).where('submission_id', 'in', ids),
    ))
      owed.set(row.submission_id, row.since)
  return owed
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

/** The submissions and their jobs as they stand now, a query per 500: submission id → source (absent: unknown). */
export function receiptSources({ sqlite, db }: Db, submissionIds: readonly string[]): Map<string, ReceiptSource> {
  const sources = new Map<string, ReceiptSource>()
  for (const ids of chunks(submissionIds)) {
    const rows = all(
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
        .where('s.id', 'in', ids),
    )
    for (const row of rows)
      sources.set(row.id, {
        id: row.id,
        jobId: row.job_id,
        receivedAt: row.received_at,
        findingsJson: row.findings_json,
        status: row.status as JobStatus,
        currentSubmissionId: row.current_submission_id,
        updatedAt: row.updated_at,
        invoiceNumber: row.invoice_number,
      })
  }
  return sources
}

/**
 * The comment of each submission's latest send-back: submission id → comment (absent: never
 * sent back; null: sent back without one).
 */
export function lastSendBackComments({ sqlite, db }: Db, submissionIds: readonly string[]): Map<string, string | null> {
  const comments = new Map<string, string | null>()
  for (const ids of chunks(submissionIds)) {
    const rows = all(
      sqlite,
      db
        .selectFrom('approvals')
        .select(['submission_id', 'comment'])
        .where('submission_id', 'in', ids)
        .where('decision', '=', 'sent-back')
        .orderBy('id', 'asc'),
    )
    // Oldest first: the latest send-back of each submission is the one left in the map.
    for (const row of rows) comments.set(row.submission_id, row.comment)
  }
  return comments
}

/** At most 500 ids per query (SQLite's bound-parameter limit is far above; the plans stay small). */
function chunks(ids: readonly string[]): string[][] {
  const out: string[][] = []
  for (let i = 0; i < ids.length; i += 500) out.push(ids.slice(i, i + 500))
  return out
}
