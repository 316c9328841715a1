import { writeReceipt, writeReceipts } from '../receipts/receipts'
import type { Office } from '../office'
import { clearOwed, oweReceipt, owedSince, owedSubmissionIds } from './receipts.repo'

/**
 * Receipts owed to the field after a decision or an export (spec section 5: a receipt is
 * rewritten on every status change). The change and the debt commit together; the receipt file
 * is written after the commit and only then is the debt cleared. So a crash, a full disk or an
 * unreachable shared folder in between never leaves a wrong receipt for good: the next
 * decision, or the next start of the office, writes it.
 */

/** Records that these submissions' receipts must be rewritten. Call inside the status change's transaction. */
export function oweReceipts(office: Office, submissionIds: readonly (string | null | undefined)[], at: string): void {
  for (const id of submissionIds) if (id) oweReceipt(office, id, at)
}

/**
 * Writes the receipts of these submissions (as the database stands now) and clears each debt
 * that was not renewed meanwhile. Never throws: a failure is logged once and the debt stays.
 * Answers how many were written and how many failed.
 */
export function payReceipts(office: Office, submissionIds: readonly string[]): { written: number; failed: number } {
  let written = 0
  let failed = 0
  for (const id of submissionIds) {
    const owed = owedSince(office, id)
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
    if (owed) clearOwed(office, id, owed)
  }
  return { written, failed }
}

/**
 * payReceipts for a long list (an export's batch), without an fsync on the main thread per file
 * nor a commit per cleared debt: the files are written and fsynced by the store workers side by
 * side, the receipts folder is fsynced once, and the debts are cleared in one transaction.
 * Never throws; a failure is logged once and its debt stays.
 */
export async function payReceiptsTogether(
  office: Office,
  submissionIds: readonly string[],
): Promise<{ written: number; failed: number }> {
  const owed = submissionIds.map((id) => owedSince(office, id))
  let errors: (Error | null)[]
  try {
    errors = await writeReceipts(office, submissionIds)
  } catch (error) {
    errors = submissionIds.map(() => error as Error)
  }
  const failed = errors.filter((e) => e !== null)
  if (failed.length > 0)
    console.error(
      `[closeout] ${failed.length} receipt(s) could not be written; they will be written again later:`,
      failed[0]!.message,
    )
  // The office closed meanwhile: the debts stay, and the next start writes them again.
  if (!office.sqlite.open) return { written: 0, failed: submissionIds.length }
  office.sqlite.transaction(() => {
    submissionIds.forEach((id, i) => {
      const since = owed[i]
      if (errors[i] === null && since) clearOwed(office, id, since)
    })
  })()
  return { written: errors.length - failed.length, failed: failed.length }
}

/** Writes every receipt still owed, oldest first (at most `limit` per call). */
export function payOwedReceipts(office: Office, limit = 1000): { written: number; failed: number } {
  const ids = owedSubmissionIds(office, limit)
  return ids.length === 0 ? { written: 0, failed: 0 } : payReceipts(office, ids)
}
