import { all, type Db } from '../db/connection'
import { chunks, receiptSourceOf, receiptSourcesQuery, sendBacksQuery, type ReceiptSource } from './receipt-rows.repo'

/**
 * What a receipt is built from, read on the synchronous path: only for the inbox, which writes
 * a new closeout's receipt right after its synchronous ingest (receipts.ts writeReceipt,
 * writeReceipts) and owns the receipts folder on each scan (receipt-owner.ts). Everything else
 * (the outbox, paying receipts) is in receipt-rows.repo.ts, on either engine.
 */

/** The submissions and their jobs as they stand now: submission id → source (absent: unknown). */
export function receiptSources({ sqlite, db }: Db, submissionIds: readonly string[]): Map<string, ReceiptSource> {
  const sources = new Map<string, ReceiptSource>()
  for (const ids of chunks(submissionIds))
    for (const row of all(sqlite, receiptSourcesQuery(db, ids))) sources.set(row.id, receiptSourceOf(row))
  return sources
}

/** The comment of each submission's latest send-back (see receipt-rows.repo.ts lastSendBackCommentsOn). */
export function lastSendBackComments({ sqlite, db }: Db, submissionIds: readonly string[]): Map<string, string | null> {
  const comments = new Map<string, string | null>()
  for (const ids of chunks(submissionIds))
    for (const row of all(sqlite, sendBacksQuery(db, ids))) comments.set(row.submission_id, row.comment)
  return comments
}
