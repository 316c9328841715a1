import { writeReceipt } from '../receipts/receipts'
import type { Office } from '../office'

/**
 * Receipts owed to the field after a decision or an export (spec section 5: a receipt is
 * rewritten on every status change). The change and the debt commit together; the receipt file
 * is written after the commit and only then is the debt cleared. So a crash, a full disk or an
 * unreachable shared folder in between never leaves a wrong receipt for good: the next
 * decision, or the next start of the office, writes it.
 */

/** Records that these submissions' receipts must be rewritten. Call inside the status change's transaction. */
export function oweReceipts(office: Office, submissionIds: readonly (string | null | undefined)[], at: string): void {
  const insert = office.sqlite.prepare(
    'INSERT INTO pending_receipts (submission_id, since) VALUES (?, ?) ON CONFLICT (submission_id) DO UPDATE SET since = excluded.since',
  )
  for (const id of submissionIds) if (id) insert.run(id, at)
}

/**
 * Writes the receipts of these submissions (as the database stands now) and clears each debt
 * that was not renewed meanwhile. Never throws: a failure is logged once and the debt stays.
 * Answers how many were written and how many failed.
 */
export function payReceipts(office: Office, submissionIds: readonly string[]): { written: number; failed: number } {
  const since = office.sqlite.prepare('SELECT since FROM pending_receipts WHERE submission_id = ?')
  const clear = office.sqlite.prepare('DELETE FROM pending_receipts WHERE submission_id = ? AND since = ?')
  let written = 0
  let failed = 0
  for (const id of submissionIds) {
    const owed = since.get(id) as { since: string } | undefined
    try {
      writeReceipt(office, id)
    } catch (error) {
      if (failed++ === 0)
        console.error(
          `[closeout] the receipt of ${id} could not be written; it will be written again later:`,
          (error as Error).message,
        )
      continue
    }
    written++
    if (owed) clear.run(id, owed.since)
  }
  return { written, failed }
}

/** Writes every receipt still owed, oldest first (at most `limit` per call). */
export function payOwedReceipts(office: Office, limit = 1000): { written: number; failed: number } {
  const ids = office.sqlite
    .prepare('SELECT submission_id FROM pending_receipts ORDER BY since, submission_id LIMIT ?')
    .pluck()
    .all(limit) as string[]
  return ids.length === 0 ? { written: 0, failed: 0 } : payReceipts(office, ids)
}
