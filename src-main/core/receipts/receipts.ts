import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Receipt } from '../../../src-shared/schemas/bundle'
import type { Finding } from '../../../src-shared/schemas/bundle'
import { writeFileAtomic } from '../fs/atomic'
import type { Office } from '../office'
import { fsyncDirectories, writeOnWorker } from '../store/fs-workers'
import { lastSendBackComments, receiptSources } from './receipts.repo'
import { renameSyncRetry } from '../fs/retry'

/** `<shared>/receipts/<submissionId>.json`, the office's answer to the field (spec section 5). */
export function receiptPath(office: Office, submissionId: string): string {
  return join(office.sharedDir, 'receipts', `${submissionId}.json`)
}

/**
 * The receipt for a submission as the database sees it now: the job's status, the
 * submission's findings and the latest send-back comment.
 */
export function buildReceipt(office: Office, submissionId: string): Receipt | null {
  return buildReceipts(office, [submissionId]).get(submissionId) ?? null
}

/**
 * buildReceipt for many submissions with one query for their rows and one for their
 * send-back comments (an export's batch builds hundreds at once). Unknown ids are absent.
 */
export function buildReceipts(office: Office, submissionIds: readonly string[]): Map<string, Receipt> {
  const sources = receiptSources(office, submissionIds)
  const comments = lastSendBackComments(office, submissionIds)
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
export function writeReceipt(office: Office, submissionId: string): Receipt | null {
  const receipt = buildReceipt(office, submissionId)
  if (receipt) writeFileAtomic(receiptPath(office, submissionId), `${JSON.stringify(receipt, null, 2)}\n`)
  return receipt
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
  const dir = receiptsDir(office)
  const receipts = buildReceipts(office, submissionIds)
  const jobs = submissionIds.map(async (id) => {
    const receipt = receipts.get(id)
    if (!receipt) return null
    const temp = join(dir, `.${id}.json.${randomBytes(4).toString('hex')}.tmp`)
    try {
      await writeOnWorker({ file: temp, text: `${JSON.stringify(receipt, null, 2)}\n`, dir })
      renameSyncRetry(temp, receiptPath(office, id))
      return null
    } catch (error) {
      rmSync(temp, { force: true })
      return asError(error)
    }
  })
  return Promise.all(jobs)
}

export function receiptsDir(office: Office): string {
  return join(office.sharedDir, 'receipts')
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
  writeFileAtomic(receiptPath(office, submissionId), `${JSON.stringify(receipt, null, 2)}\n`)
}
