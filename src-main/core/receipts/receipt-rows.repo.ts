import type { Kysely } from 'kysely'
import type { JobStatus } from '../../../src-shared/domain/status'
import type { Database } from '../db/schema'
import { valueByKey } from '../db/sql-fragments'

/**
 * pending_receipts (the outbox) and what a receipt is built from, on the async path of issue #17
 * (`.execute()` on either engine).
 */

/** Every submission's id: the receipts the office owns in the shared folder (receipt-owner.ts). */
export async function allSubmissionIdsOn(db: Kysely<Database>): Promise<string[]> {
  return (await db.selectFrom('submissions').select('id').execute()).map((r) => r.id)
}

/**
 * Records that the submissions' receipts must be rewritten, in `trx` (the status change's
 * transaction); a newer debt replaces an older one. One statement per 500.
 */
export async function oweReceiptsOfIn(
  trx: Kysely<Database>,
  submissionIds: readonly string[],
  since: string,
): Promise<void> {
  for (const ids of chunks([...new Set(submissionIds)]))
    await trx
      .insertInto('pending_receipts')
      .values(ids.map((id) => ({ submission_id: id, since })))
      .onConflict((oc) => oc.column('submission_id').doUpdateSet((eb) => ({ since: eb.ref('excluded.since') })))
      .execute()
}

/** What is owed for these submissions: submission id → since (absent: nothing owed). */
export async function owedSinceMany(
  db: Kysely<Database>,
  submissionIds: readonly string[],
): Promise<Map<string, string>> {
  const owed = new Map<string, string>()
  for (const ids of chunks(submissionIds)) {
    const rows = await db
      .selectFrom('pending_receipts')
      .select(['submission_id', 'since'])
      .where('submission_id', 'in', ids)
      .execute()
    for (const row of rows) owed.set(row.submission_id, row.since)
  }
  return owed
}

/** Clears the debts (submission id → since), in `trx`, each only if it was not renewed since. One statement per 500. */
export async function clearOwedManyIn(trx: Kysely<Database>, debts: ReadonlyMap<string, string>): Promise<void> {
  for (const ids of chunks([...debts.keys()]))
    await trx
      .deleteFrom('pending_receipts')
      .where('submission_id', 'in', ids)
      .where(
        'since',
        '=',
        valueByKey(
          'submission_id',
          ids.map((id) => [id, debts.get(id)!]),
          'text',
        ),
      )
      .execute()
}

/** Submissions owed a receipt, oldest debt first. */
export async function owedSubmissionIds(db: Kysely<Database>, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('pending_receipts')
    .select('submission_id')
    .orderBy('since')
    .orderBy('submission_id')
    .limit(limit)
    .execute()
  return rows.map((r) => r.submission_id)
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

/** The submissions (at most 500) and their jobs as they stand now. */
export function receiptSourcesQuery(db: Kysely<Database>, ids: readonly string[]) {
  return db
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
    .where('s.id', 'in', ids)
}

type SourceRow = Awaited<ReturnType<ReturnType<typeof receiptSourcesQuery>['execute']>>[number]

export function receiptSourceOf(row: SourceRow): ReceiptSource {
  return {
    id: row.id,
    jobId: row.job_id,
    receivedAt: row.received_at,
    findingsJson: row.findings_json,
    status: row.status as JobStatus,
    currentSubmissionId: row.current_submission_id,
    updatedAt: row.updated_at,
    invoiceNumber: row.invoice_number,
  }
}

/** Each submission's send-backs (at most 500 submissions), oldest first. */
export function sendBacksQuery(db: Kysely<Database>, ids: readonly string[]) {
  return db
    .selectFrom('approvals')
    .select(['submission_id', 'comment'])
    .where('submission_id', 'in', ids)
    .where('decision', '=', 'sent-back')
    .orderBy('id', 'asc')
}

/** The submissions and their jobs as they stand now: submission id → source (absent: unknown). */
export async function receiptSourcesOn(
  db: Kysely<Database>,
  submissionIds: readonly string[],
): Promise<Map<string, ReceiptSource>> {
  const sources = new Map<string, ReceiptSource>()
  for (const ids of chunks(submissionIds))
    for (const row of await receiptSourcesQuery(db, ids).execute()) sources.set(row.id, receiptSourceOf(row))
  return sources
}

/**
 * The comment of each submission's latest send-back: submission id → comment (absent: never
 * sent back; null: sent back without one).
 */
export async function lastSendBackCommentsOn(
  db: Kysely<Database>,
  submissionIds: readonly string[],
): Promise<Map<string, string | null>> {
  const comments = new Map<string, string | null>()
  // Oldest first: the latest send-back of each submission is the one left in the map.
  for (const ids of chunks(submissionIds))
    for (const row of await sendBacksQuery(db, ids).execute()) comments.set(row.submission_id, row.comment)
  return comments
}

/** At most 500 ids per query (well under either engine's bound-parameter limit; the plans stay small). */
export function chunks(ids: readonly string[]): string[][] {
  const out: string[][] = []
  for (let i = 0; i < ids.length; i += 500) out.push(ids.slice(i, i + 500))
  return out
}
