import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Receipt } from '../../../src-shared/schemas/bundle'
import type { Finding } from '../../../src-shared/schemas/bundle'
import { writeFileAtomic } from '../fs/atomic'
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import type { Office } from '../office'
import { fsyncDirectories, writeOnWorker } from '../store/fs-workers'
import { lastSendBackCommentsOn, receiptSourcesOn, type ReceiptSource } from './receipt-rows.repo'
import { renameSyncRetry } from '../fs/retry'

/** `<shared>/receipts/<submissionId>.json`, the office's answer to the field (spec section 5). */
export function receiptPath(place: { readonly sharedDir: string }, submissionId: string): string {
  return join(place.sharedDir, 'receipts', `${submissionId}.json`)
}

/**
 * The receipt for a submission as the database sees it now: the job's status, the
 * submission's findings and the latest send-back comment.
 */
export async function buildReceipt(office: Office, submissionId: string): Promise<Receipt | null> {
  return (await buildReceiptsOn(office.db, [submissionId])).get(submissionId) ?? null
}

/**
 * buildReceipt for many submissions with one query for their rows and one for their
 * send-back comments (an export's batch builds hundreds at once), on either engine. Unknown
 * ids are absent.
 */
export async function buildReceiptsOn(
  db: Kysely<Database>,
  submissionIds: readonly string[],
): Promise<Map<string, Receipt>> {
  return receiptsFrom(await receiptSourcesOn(db, submissionIds), await lastSendBackCommentsOn(db, submissionIds))
}

function receiptsFrom(sources: Map<string, ReceiptSource>, comments: Map<string, string | null>): Map<string, Receipt> {
  const updatedAt = new Date().toISOString()
  const receipts = new Map<string, Receipt>()
  for (const row of sources.values()) {
    // A superseded submission keeps answering with the job's state at the time it was replaced.
    const comment = comments.get(row.id) ?? null
    const findings = (JSON.parse(row.findingsJson) as Finding[]).map(({ code, severity, message }) => ({
      code,
      severity,
      message,
    }))
    const current = row.currentSubmissionId === row.id || row.currentSubmissionId === null
    // One sent as the wrong technician was never the job's closeout: the office reviews it (it is not "sent back").
    const held = findings.some((f) => f.code === 'wrong-technician')
    const status = current ? row.status : held ? 'needs-review' : 'sent-back'
    receipts.set(row.id, {
      schema: 'closeout-receipt/v1',
      submissionId: row.id,
      jobId: row.jobId,
      receivedAt: row.receivedAt,
      updatedAt,
      status,
      findings,
      comment,
      ...(status === 'invoiced' && row.invoiceNumber ? { invoiceNumber: row.invoiceNumber } : {}),
    })
  }
  return receipts
}

/** Rewrites the receipt (temp + rename). Call after the transaction that changed the status commits. */
export async function writeReceipt(office: Office, submissionId: string): Promise<Receipt | null> {
  const receipt = await buildReceipt(office, submissionId)
  if (receipt) writeFileAtomic(receiptPath(office, submissionId), receiptText(receipt))
  return receipt
}

/** A receipt file's text. */
export function receiptText(receipt: Receipt): string {
  return `${JSON.stringify(receipt, null, 2)}\n`
}

/**
 * writeReceipt for many submissions at once, after the transaction that ingested them
 * committed: the temp files are written and fsynced by the store workers, renamed, and the
 * receipts folder is fsynced once. Answers each receipt's error or null.
 */
export async function writeReceipts(office: Office, submissionIds: readonly string[]): Promise<(Error | null)[]> {
  const errors = await writeReceiptFiles(office, submissionIds)
  await fsyncDirectories([receiptsDir(office)])
  return errors
}

/**
 * The files of writeReceipts (temp written and fsynced by a store worker, then renamed), without
 * the folder fsync that makes the renames durable: the caller fsyncs the folder once after all.
 */
export async function writeReceiptFiles(office: Office, submissionIds: readonly string[]): Promise<(Error | null)[]> {
  return writeBuiltReceipts(office, submissionIds, await buildReceiptsOn(office.db, submissionIds))
}

/** writeReceiptFiles of receipts already built (`receipts`: absent ids have nothing to write). */
export async function writeBuiltReceipts(
  place: { readonly sharedDir: string },
  submissionIds: readonly string[],
  receipts: ReadonlyMap<string, Receipt>,
): Promise<(Error | null)[]> {
  const dir = receiptsDir(place)
  const jobs = submissionIds.map(async (id) => {
    const receipt = receipts.get(id)
    if (!receipt) return null
    const temp = join(dir, `.${id}.json.${randomBytes(4).toString('hex')}.tmp`)
    try {
      await writeOnWorker({ file: temp, text: receiptText(receipt), dir })
      renameSyncRetry(temp, receiptPath(place, id))
      return null
    } catch (error) {
      rmSync(temp, { force: true })
      return asError(error)
    }
  })
  return Promise.all(jobs)
}

export function receiptsDir(place: { readonly sharedDir: string }): string {
  return join(place.sharedDir, 'receipts')
}

/** Whether two receipts tell the phone the same (`updatedAt`, the time of writing, is no answer). */
export function sameReceiptAnswer(actual: Receipt | null, expected: Receipt): boolean {
  return actual !== null && answerOf(actual) === answerOf(expected)
}

function answerOf(r: Receipt): string {
  const findings = r.findings.map((f) => [f.code, f.severity, f.message, f.path ?? null])
  return JSON.stringify([
    r.schema,
    r.submissionId,
    r.jobId,
    r.receivedAt,
    r.status,
    findings,
    r.comment,
    r.invoiceNumber ?? null,
  ])
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error))
}

/**
 * The receipt for a bundle that was rejected before any submission existed, so the phone can
 * say why instead of waiting forever. Never written over a real submission's receipt.
 */
export function writeRejectionReceipt(
  office: Office,
  submissionId: string,
  rejection: { reason: string; details: { path: string; message: string }[] },
  at: string,
): void {
  const first = rejection.details[0]
  const receipt: Receipt = {
    schema: 'closeout-receipt/v1',
    submissionId,
    jobId: null,
    receivedAt: at,
    updatedAt: at,
    status: 'rejected',
    findings: [
      {
        code: rejection.reason,
        severity: 'block',
        message: first ? `${first.path}: ${first.message}` : rejection.reason,
        ...(first ? { path: first.path } : {}),
      },
    ],
    comment: null,
  }
  writeFileAtomic(receiptPath(office, submissionId), receiptText(receipt))
}
