import type { JobsChangedReason } from '../../../src-shared/api/events'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Batch, ExportFinding, ExportFormat } from '../../../src-shared/api/exports'
import { changeJobStatus } from '../lifecycle/job-status'
import { appendEvent } from '../lifecycle/event-log'
import { oweReceipts, payReceipts, payReceiptsTogether } from '../receipts/receipt-outbox'
import { CloseoutError } from '../errors'
import { writeFileAtomic } from '../fs/atomic'
import type { Office } from '../office'
import { defaultFileName, WRITERS } from './export-formats'
import { planExport } from './export-plan'
import { localDate } from './export-text'
import { setNextInvoiceNumber } from '../setup/company.repo'
import {
  batchFileCopies,
  batchJobStates,
  getBatch,
  insertBatch,
  insertBatchFile,
  insertBatchJob,
  markBatchVoid,
  setBatchFiles,
} from './batches.repo'

export interface RunExportInput {
  format: ExportFormat
  outDir?: string | undefined
  fileName?: string | undefined
  skipBlocked?: boolean | undefined
  user: string
}

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}

/**
 * Exports every invoice-ready job as one batch. In one transaction: final invoice numbers
 * from the company sequence, the batch with its jobs and the exact bytes of its files, each job
 * to `invoiced` with its events. The files are written after the commit; if that fails, the
 * batch stands and "re-export" writes the same bytes again.
 */
export function runExport(
  office: Office,
  input: RunExportInput,
  now = new Date(),
): { batch: Batch; findings: ExportFinding[]; receipts: Promise<void> } {
  const { sqlite, db } = office
  const at = now.toISOString()
  const result = sqlite.transaction(() => {
    const first = planExport(office, input.format, now)
    if (first.invoices.length === 0)
      throw new CloseoutError('nothing-to-export', 'No job is invoice-ready: nothing to export')
    const blocks = first.findings.filter((f) => f.severity === 'block')
    if (blocks.length > 0 && !input.skipBlocked) {
      throw new CloseoutError(
        'export-blocked',
        `${blocks.length} problem(s) block the export; first: ${blocks[0]!.message}. Fix: ${blocks[0]!.fix}`,
        blocks.map((f) => ({ path: `jobs.${f.jobId}`, message: `[${f.code}] ${f.message}. Fix: ${f.fix}` })),
      )
    }
    const blockedJobs = new Set(blocks.map((f) => f.jobId))
    const plan = blockedJobs.size > 0 ? planExport(office, input.format, now, blockedJobs) : first
    if (plan.invoices.length === 0)
      throw new CloseoutError('nothing-to-export', 'Every invoice-ready job has a blocking problem: nothing to export')

    const batchId = insertBatch(office, { format: input.format, createdAt: at, createdBy: input.user })
    const outDir = resolve(input.outDir ?? join(office.dataDir, 'exports', `batch-${batchId}`))
    const files = WRITERS[input.format](
      plan.invoices,
      { ...plan.ctx, batchId },
      input.fileName ?? defaultFileName(input.format, localDate(now), batchId),
    )
    const existing = files.map((f) => join(outDir, f.name)).find((p) => existsSync(p))
    if (existing)
      throw new CloseoutError(
        'file-exists',
        `${existing} already exists; choose another file name or folder (Closeout never overwrites a file)`,
      )

    const described = files.map((f) => {
      const digest = sha256(f.content)
      insertBatchFile(office, { batchId, name: f.name, sha256: digest, content: f.content })
      return {
        name: f.name,
        path: join(outDir, f.name),
        sha256: digest,
        size: f.content.length,
        invoices: f.invoices,
        rows: f.rows,
      }
    })
    setBatchFiles(office, batchId, described)
    setNextInvoiceNumber(office, plan.nextInvoiceNumber)

    for (const inv of plan.invoices) {
      insertBatchJob(office, batchId, inv.jobId, inv.invoiceNumber)
      appendEvent(sqlite, db, {
        jobId: inv.jobId,
        type: 'invoiced',
        actor: input.user,
        at,
        data: { batchId, invoiceNumber: inv.invoiceNumber, format: input.format, invoiceDate: inv.invoiceDate },
      })
      changeJobStatus(office, {
        jobId: inv.jobId,
        from: 'invoice-ready',
        to: 'invoiced',
        actor: input.user,
        at,
        reason: `export batch ${batchId}`,
        invoiceNumber: inv.invoiceNumber,
        conflict: { code: 'job-changed', message: `${inv.jobId} changed while exporting; export again` },
      })
    }
    oweReceipts(
      office,
      plan.invoices.map((i) => i.submissionId),
      at,
    )
    return { batchId, files, outDir, findings: plan.findings, submissions: plan.invoices.map((i) => i.submissionId) }
  })()

  writeBatchFiles(office, result.batchId, result.outDir, result.files)
  office.events.emit('jobs.changed', { reason: 'export', jobIds: null })
  return {
    batch: getBatch(office, result.batchId),
    findings: result.findings,
    receipts: writeReceiptsSoon(office, result.submissions),
  }
}

/**
 * Rewrites the receipts of an exported batch soon after it answered, in slices between other
 * work (receipt-outbox's payReceiptsTogether: the store workers write and fsync the files side
 * by side, one folder fsync and one commit of cleared debts at the end). The field only needs
 * them soon, not before the export answers. The export's transaction owed them, so one not
 * written now (a failure, the office closed, a crash) is written at the next decision or the
 * next start.
 */
export async function writeReceiptsSoon(office: Office, submissionIds: readonly string[]): Promise<void> {
  await new Promise((next) => setImmediate(next))
  // The office closed meanwhile (the CLI awaits these; tests may not): nothing left to do.
  if (!office.sqlite.open) return
  await payReceiptsTogether(office, submissionIds)
}

function writeBatchFiles(
  office: Office,
  batchId: number,
  outDir: string,
  files: { name: string; content: Uint8Array }[],
): void {
  try {
    mkdirSync(outDir, { recursive: true })
    for (const f of files) writeFileAtomic(join(outDir, f.name), f.content)
  } catch (error) {
    throw new CloseoutError(
      'export-write-failed',
      `Batch ${batchId} is recorded but its files could not be written to ${outDir} (${(error as Error).message}); use "Re-export" to write them again`,
    )
  }
}

function afterStatusChange(office: Office, submissionIds: string[], reason: JobsChangedReason): void {
  payReceipts(office, submissionIds)
  office.events.emit('jobs.changed', { reason, jobIds: null })
}

/** Writes a past batch's files again, byte for byte, into `outDir` (default: where it first went). */
export function reexportBatch(office: Office, batchId: number, outDir?: string) {
  const batch = getBatch(office, batchId)
  const rows = batchFileCopies(office, batchId)
  const dir = outDir ? resolve(outDir) : null
  const files = batch.files.map((f) => {
    const row = rows.find((r) => r.name === f.name)
    if (!row || sha256(row.content) !== f.sha256)
      throw new CloseoutError('batch-damaged', `The stored copy of ${f.name} in batch ${batchId} is missing or damaged`)
    const path = dir ? join(dir, f.name) : f.path
    writeFileAtomic(path, row.content)
    return { ...f, path }
  })
  return { batchId, files }
}

/**
 * Voids a batch whose import failed: its jobs go back to invoice-ready and keep their invoice
 * numbers (a number is never reused), each with a `batch-voided` event. Jobs that moved on
 * since (voided, for instance) are left as they are.
 */
export function voidBatch(office: Office, batchId: number, reason: string, user: string, now = new Date()): Batch {
  const { sqlite, db } = office
  const at = now.toISOString()
  const submissions = sqlite.transaction(() => {
    const batch = getBatch(office, batchId)
    if (batch.status === 'void')
      throw new CloseoutError('already-void', `Batch ${batchId} was already voided on ${batch.voidedAt ?? '?'}`)
    markBatchVoid(office, batchId, reason, at)
    const jobs = batchJobStates(office, batchId)
    const moved: string[] = []
    for (const job of jobs) {
      appendEvent(sqlite, db, { jobId: job.id, type: 'batch-voided', actor: user, at, data: { batchId, reason } })
      if (job.status !== 'invoiced') continue
      changeJobStatus(office, {
        jobId: job.id,
        from: 'invoiced',
        to: 'invoice-ready',
        actor: user,
        at,
        reason: `batch ${batchId} voided: ${reason}`,
      })
      if (job.current_submission_id) moved.push(job.current_submission_id)
    }
    oweReceipts(office, moved, at)
    return moved
  })()
  afterStatusChange(office, submissions, 'batch-voided')
  return getBatch(office, batchId)
}
