import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Receipt } from '../../../src-shared/schemas/bundle'
import type { Finding } from '../../../src-shared/schemas/bundle'
import { writeFileAtomic } from '../fs/atomic'
import type { Office } from '../office'
import { fsyncDirectories, writeOnWorker } from '../store/fs-workers'
import { lastSendBackComment, receiptSource } from './receipts.repo'
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
  const row = receiptSource(office, submissionId)
  if (!row) return null
  // A superseded submission keeps answering with the job's state at the time it was replaced.
  const comment = lastSendBackComment(office, submissionId)
  const findings = (JSON.parse(row.findingsJson) as Finding[]).map(({ code, severity, message }) => ({
    code,
    severity,
    message,
  }))
  const current = row.currentSubmissionId === row.id || row.currentSubmissionId === null
  // One sent as the wrong technician was never the job's closeout: the office reviews it (it is not "sent back").
  const held = findings.some((f) => f.code === 'wrong-technician')
  const status = current ? row.status : held ? 'needs-review' : 'sent-back'
  return {
    schema: 'closeout-receipt/v1',
    submissionId: row.id,
    jobId: row.jobId,
    receivedAt: row.receivedAt,
    updatedAt: new Date().toISOString(),
    status,
    findings,
    comment,
    ...(status === 'invoiced' && row.invoiceNumber ? { invoiceNumber: row.invoiceNumber } : {}),
  }
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
  const dir = join(office.sharedDir, 'receipts')
  const jobs = submissionIds.map(async (id) => {
    const receipt = buildReceipt(office, id)
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
  const errors = await Promise.all(jobs)
  await fsyncDirectories([dir])
  return errors
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
