import { receiptsDir, writeReceipt, writeReceiptFiles } from '../receipts/receipts'
import { fsyncDirectories } from '../store/fs-workers'
import type { Office } from '../office'
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import { clearOwed, oweReceipt, oweReceiptIn, owedSince, owedSinceMany, owedSubmissionIds } from './receipts.repo'

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

/** oweReceipts on the async path (issue #17): in `trx`, the status change's withTransaction body's transaction. */
export async function oweReceiptsIn(
  trx: Kysely<Database>,
  submissionIds: readonly (string | null | undefined)[],
  at: string,
): Promise<void> {
  for (const id of submissionIds) if (id) await oweReceiptIn(trx, id, at)
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
 * nor a commit per cleared debt. The list is taken in slices with other work let in between:
 * each slice's receipts are built with a few queries and handed to the store workers, which
 * write and fsync the files side by side while the next slice is built; then the receipts
 * folder is fsynced once and the debts are cleared in one transaction. A crash before that
 * commit only means the receipts are written again at the next start. Never throws; a failure
 * is logged once, its debt stays, and no further slice is started (the shared folder is
 * failing: no use hammering it).
 */
export async function payReceiptsTogether(
  office: Office,
  submissionIds: readonly string[],
  slice = 100,
): Promise<{ written: number; failed: number }> {
  const slices: Promise<{ ids: readonly string[]; owed: Map<string, string>; errors: (Error | null)[] }>[] = []
  let failing = false
  for (let i = 0; i < submissionIds.length && !failing; i += slice) {
    if (i > 0) await new Promise((next) => setImmediate(next))
    // The office closed meanwhile (the CLI awaits these; tests may not): the debts stay for the next start.
    if (!office.sqlite.open) break
    const ids = submissionIds.slice(i, i + slice)
    let owed: Map<string, string>
    let written: Promise<(Error | null)[]>
    try {
      owed = owedSinceMany(office, ids)
      written = writeReceiptFiles(office, ids)
    } catch (error) {
      owed = new Map()
      written = Promise.resolve(ids.map(() => error as Error))
    }
    slices.push(
      written.then((errors) => {
        if (errors.some((e) => e !== null)) failing = true
        return { ids, owed, errors }
      }),
    )
  }
  const done = await Promise.all(slices)
  await fsyncDirectories([receiptsDir(office)])
  const errors = done.flatMap((d) => d.errors)
  const failed = errors.filter((e) => e !== null)
  const notTried = submissionIds.length - errors.length
  if (failed.length > 0)
    console.error(
      `[closeout] ${failed.length} receipt(s) could not be written; they will be written again later:`,
      failed[0]!.message,
    )
  // The office closed meanwhile: the debts stay, and the next start writes them again.
  if (!office.sqlite.open) return { written: 0, failed: submissionIds.length }
  office.sqlite.transaction(() => {
    for (const { ids, owed, errors } of done)
      ids.forEach((id, i) => {
        const since = owed.get(id)
        if (errors[i] === null && since) clearOwed(office, id, since)
      })
  })()
  return { written: errors.length - failed.length, failed: failed.length + notTried }
}

/** Writes every receipt still owed, oldest first (at most `limit` per call). */
export function payOwedReceipts(office: Office, limit = 1000): { written: number; failed: number } {
  const ids = owedSubmissionIds(office, limit)
  return ids.length === 0 ? { written: 0, failed: 0 } : payReceipts(office, ids)
}
