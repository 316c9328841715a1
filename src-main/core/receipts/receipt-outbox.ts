import type { Kysely } from 'kysely'
import type { Receipt } from '../../../src-shared/schemas/bundle'
import { withTransaction, type EngineDb } from '../db/engine-db'
import type { Database } from '../db/schema'
import { writeFileAtomic } from '../fs/atomic'
import { fsyncDirectories } from '../store/fs-workers'
import {
  buildReceiptsOn,
  receiptPath,
  receiptsDir,
  receiptText,
  sameReceiptAnswer,
  writeBuiltReceipts,
} from './receipts'
import { clearOwedManyIn, oweReceiptsOfIn, owedSinceMany, owedSubmissionIds } from './receipt-rows.repo'

/**
 * Receipts owed to the field after a decision or an export (spec section 5: a receipt is
 * rewritten on every status change). The change and the debt commit together; the receipt file
 * is written after the commit and only then is the debt cleared. So a crash, a full disk or an
 * unreachable shared folder in between never leaves a wrong receipt for good: the next
 * decision, or the next start of the office, writes it.
 *
 * On either engine (issue #17). Paying reads what is owed, builds the receipts from the database
 * as it stands, writes the files (temp + rename, outside any transaction), then clears each debt
 * that was not renewed meanwhile in one transaction. Several writers may pay the same receipt at
 * once (the office's own handlers, or several seats on PostgreSQL): each file is replaced whole,
 * never half-written, and a debt is cleared once. A writer that built its receipt before a newer
 * change may rename it over the newer one's file: so each payer reads the database again after
 * writing and rewrites any receipt whose answer moved on (the last writer of a file always checks
 * it against the database after its rename).
 */

/** Where receipts are paid from: the office's rows on either engine, and the shared folder. */
export type ReceiptPlace = EngineDb & { readonly sharedDir: string }

export interface PaidReceipts {
  written: number
  failed: number
}

/** Records that these submissions' receipts must be rewritten, in `trx`: the status change's withTransaction body's transaction. */
export async function oweReceiptsIn(
  trx: Kysely<Database>,
  submissionIds: readonly (string | null | undefined)[],
  at: string,
): Promise<void> {
  await oweReceiptsOfIn(
    trx,
    submissionIds.filter((id): id is string => !!id),
    at,
  )
}

/**
 * Writes the receipts of these submissions (as the database stands now) and clears each debt
 * that was not renewed meanwhile. Never throws: a failure is logged once and the debt stays.
 * Answers how many were written and how many failed.
 */
export async function payReceipts(place: ReceiptPlace, submissionIds: readonly string[]): Promise<PaidReceipts> {
  if (submissionIds.length === 0) return { written: 0, failed: 0 }
  let owed: Map<string, string>
  let receipts: Map<string, Receipt>
  try {
    owed = await owedSinceMany(place.db, submissionIds)
    receipts = await buildReceiptsOn(place.db, submissionIds)
  } catch (error) {
    logFailure(submissionIds.length, error)
    return { written: 0, failed: submissionIds.length }
  }
  const errors = submissionIds.map((id) => writeNow(place, receipts.get(id)))
  return settle(place, [{ ids: submissionIds, owed, receipts, errors }])
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
  place: ReceiptPlace,
  submissionIds: readonly string[],
  slice = 100,
): Promise<PaidReceipts> {
  const slices: Promise<Slice>[] = []
  let failing = false
  for (let i = 0; i < submissionIds.length && !failing; i += slice) {
    if (i > 0) await new Promise((next) => setImmediate(next))
    // The office closed meanwhile (the CLI awaits these; tests may not): the debts stay for the next start.
    if (closed(place)) break
    const ids = submissionIds.slice(i, i + slice)
    let owed = new Map<string, string>()
    let receipts = new Map<string, Receipt>()
    let written: Promise<(Error | null)[]>
    try {
      owed = await owedSinceMany(place.db, ids)
      receipts = await buildReceiptsOn(place.db, ids)
      written = writeBuiltReceipts(place, ids, receipts)
    } catch (error) {
      written = Promise.resolve(ids.map(() => asError(error)))
    }
    slices.push(
      written.then((errors) => {
        if (errors.some((e) => e !== null)) failing = true
        return { ids, owed, receipts, errors }
      }),
    )
  }
  const done = await Promise.all(slices)
  await fsyncDirectories([receiptsDir(place)])
  const paid = await settle(place, done)
  return {
    written: paid.written,
    failed: paid.failed + submissionIds.length - done.reduce((n, d) => n + d.ids.length, 0),
  }
}

/** Writes every receipt still owed, oldest first (at most `limit` per call). */
export async function payOwedReceipts(place: ReceiptPlace, limit = 1000): Promise<PaidReceipts> {
  let ids: string[]
  try {
    ids = await owedSubmissionIds(place.db, limit)
  } catch (error) {
    logFailure(1, error)
    return { written: 0, failed: 0 }
  }
  return payReceipts(place, ids)
}

interface Slice {
  ids: readonly string[]
  owed: Map<string, string>
  receipts: Map<string, Receipt>
  errors: (Error | null)[]
}

/** After the files: the debts of those written cleared in one transaction, then the written answers checked again. */
async function settle(place: ReceiptPlace, slices: readonly Slice[]): Promise<PaidReceipts> {
  const errors = slices.flatMap((s) => s.errors)
  const failed = errors.filter((e) => e !== null)
  if (failed.length > 0) logFailure(failed.length, failed[0])
  // The office closed meanwhile: the debts stay, and the next start writes them again.
  if (closed(place)) return { written: 0, failed: errors.length }
  try {
    await withTransaction(place, async (trx) => {
      const paid = new Map<string, string>()
      for (const { ids, owed, errors } of slices)
        ids.forEach((id, i) => {
          const since = owed.get(id)
          if (errors[i] === null && since) paid.set(id, since)
        })
      await clearOwedManyIn(trx, paid)
    })
    const written = new Map<string, Receipt>()
    for (const { ids, receipts, errors } of slices)
      ids.forEach((id, i) => {
        const receipt = receipts.get(id)
        if (errors[i] === null && receipt) written.set(id, receipt)
      })
    await rewriteWhereMovedOn(place, written)
  } catch (error) {
    logFailure(errors.length, error)
    return { written: 0, failed: errors.length }
  }
  return { written: errors.length - failed.length, failed: failed.length }
}

/**
 * Rewrites the receipts whose answer in the database is no longer the one just written (another
 * writer changed the job, paid its receipt, and this writer's older file landed after it), until
 * they agree (a few rounds at most; a receipt still moving is owed again, for the next payer).
 */
async function rewriteWhereMovedOn(place: ReceiptPlace, written: Map<string, Receipt>): Promise<void> {
  let check = written
  for (let round = 0; round < 3 && check.size > 0; round++) {
    const now = await buildReceiptsOn(place.db, [...check.keys()])
    const moved = new Map<string, Receipt>()
    for (const [id, receipt] of check) {
      const fresh = now.get(id)
      if (fresh && !sameReceiptAnswer(receipt, fresh)) moved.set(id, fresh)
    }
    for (const [id, fresh] of moved) if (writeNow(place, fresh) !== null) moved.delete(id)
    check = moved
  }
  if (check.size > 0) {
    const at = new Date().toISOString()
    await withTransaction(place, (trx) => oweReceiptsIn(trx, [...check.keys()], at))
  }
}

/** Writes one receipt file (temp + rename); answers its error or null (nothing to write: null). */
function writeNow(place: ReceiptPlace, receipt: Receipt | undefined): Error | null {
  if (!receipt) return null
  try {
    writeFileAtomic(receiptPath(place, receipt.submissionId), receiptText(receipt))
    return null
  } catch (error) {
    return asError(error)
  }
}

/** The SQLite office was closed (a host closing while receipts were being paid). */
function closed(place: ReceiptPlace): boolean {
  return place.engine === 'sqlite' && !place.sqlite.open
}

function logFailure(count: number, error: unknown): void {
  console.error(
    `[closeout] ${count} receipt(s) could not be written; they will be written again later:`,
    asError(error).message,
  )
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error))
}
