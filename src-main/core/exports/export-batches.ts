import type { JobsChangedReason } from '../../../src-shared/api/events'
import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Batch, ExportFinding, ExportFormat } from '../../../src-shared/api/exports'
import { withTransaction, type EngineDb } from '../db/engine-db'
import { changeJobStatusIn, changeJobStatusesIn } from '../lifecycle/job-status'
import { appendEventIn } from '../lifecycle/event-log'
import { oweReceiptsIn, payReceipts, payReceiptsTogether } from '../receipts/receipt-outbox'
import { CloseoutError } from '../errors'
import { writeFileAtomic } from '../fs/atomic'
import type { Office } from '../office'
import { defaultFileName, WRITERS } from './export-formats'
import { newInvoiceCount, planExport, readExport, takenNumber } from './export-plan'
import { localDate } from './export-text'
import { takeInvoiceNumbers } from './invoice-numbers.repo'
import {
  batchFileCopies,
  batchJobStates,
  batchStatus,
  getBatch,
  holdJobsForExport,
  insertBatch,
  insertBatchFile,
  insertBatchJobs,
  lastBatchId,
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

/** A batch as its file(s) were described in it. */
interface BatchFile {
  name: string
  path: string
  sha256: string
  size: number
  invoices: number
  rows: number
}

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}

/**
 * Exports every invoice-ready job as one batch (the office's screens and receipts follow). The
 * batch itself is `exportBatch`'s; its receipts are written soon after it answers.
 */
export async function runExport(
  office: Office,
  input: RunExportInput,
  now = new Date(),
): Promise<{ batch: Batch; findings: ExportFinding[]; receipts: Promise<void> }> {
  const result = await exportBatch(office, office.dataDir, input, now)
  office.events.emit('jobs.changed', { reason: 'export', jobIds: null })
  return {
    batch: await getBatch(office, result.batchId),
    findings: result.findings,
    receipts: writeReceiptsSoon(office, result.submissions),
  }
}

/**
 * The export on either engine (issue #17). In one transaction: the invoice-ready jobs read,
 * final invoice numbers (invoice-numbers.repo.ts: the company row on SQLite, the one sequence on
 * PostgreSQL), the batch with its jobs and the exact bytes of its files, each job to `invoiced`
 * with its events, and the receipts owed. The files are written after the commit (a transaction
 * touches no file); if that fails, the batch stands and "re-export" writes the same bytes again.
 * On PostgreSQL two seats exporting the same jobs at once cannot both invoice one: the second
 * finds them no longer invoice-ready when withTransaction runs it again.
 */
export async function exportBatch(
  edb: EngineDb,
  dataDir: string,
  input: RunExportInput,
  now: Date,
): Promise<{ batchId: number; files: BatchFile[]; findings: ExportFinding[]; submissions: string[] }> {
  const at = now.toISOString()
  const present = filesAlreadyThere(input.outDir, join(dataDir, 'exports'), await lastBatchId(edb))
  const result = await withTransaction(edb, async (trx) => {
    const reads = await readExport({ ...edb, db: trx })
    const first = planExport(reads, input.format, now)
    if (first.invoices.length === 0)
      throw new CloseoutError('nothing-to-export', 'No job is invoice-ready: nothing to export')
    const blocks = first.findings.filter((f) => f.severity === 'block')
    if (blocks.length > 0 && !input.skipBlocked) throw exportBlocked(blocks)
    const blockedJobs = new Set(blocks.map((f) => f.jobId))
    const kept = reads.sources.filter((s) => !blockedJobs.has(s.jobId))
    if (kept.length === 0)
      throw new CloseoutError('nothing-to-export', 'Every invoice-ready job has a blocking problem: nothing to export')
    await holdJobsForExport(
      trx,
      edb.engine,
      kept.map((s) => s.jobId),
    )
    const numbers = await takeInvoiceNumbers(
      trx,
      edb.engine,
      newInvoiceCount(kept),
      takenNumber(reads),
      reads.company.nextInvoiceNumber,
    )
    const plan = planExport(reads, input.format, now, numbers, blockedJobs)
    // Numbers drawn past the preflight's (another seat drew meanwhile) could break a format's limit.
    const known = new Set(blocks.map((f) => `${f.jobId}:${f.code}`))
    const late = plan.findings.filter((f) => f.severity === 'block' && !known.has(`${f.jobId}:${f.code}`))
    if (late.length > 0) throw exportBlocked(late)

    const batchId = await insertBatch(trx, { format: input.format, createdAt: at, createdBy: input.user })
    const outDir = resolve(input.outDir ?? join(dataDir, 'exports', `batch-${batchId}`))
    const files = WRITERS[input.format](
      plan.invoices,
      { ...plan.ctx, batchId },
      input.fileName ?? defaultFileName(input.format, localDate(now), batchId),
    )
    const existing = files.map((f) => join(outDir, f.name)).find((p) => present.has(p))
    if (existing)
      throw new CloseoutError(
        'file-exists',
        `${existing} already exists; choose another file name or folder (Closeout never overwrites a file)`,
      )
    const described: BatchFile[] = []
    for (const f of files) {
      const digest = sha256(f.content)
      await insertBatchFile(trx, { batchId, name: f.name, sha256: digest, content: f.content })
      described.push({
        name: f.name,
        path: join(outDir, f.name),
        sha256: digest,
        size: f.content.length,
        invoices: f.invoices,
        rows: f.rows,
      })
    }
    await setBatchFiles(trx, batchId, described)
    await insertBatchJobs(trx, batchId, plan.invoices)
    // Each job's `invoiced` event, then its status change, job after job (one append for all).
    await changeJobStatusesIn(
      trx,
      plan.invoices.map((inv) => ({
        jobId: inv.jobId,
        from: 'invoice-ready',
        to: 'invoiced',
        actor: input.user,
        at,
        reason: `export batch ${batchId}`,
        invoiceNumber: inv.invoiceNumber,
        conflict: { code: 'job-changed', message: `${inv.jobId} changed while exporting; export again` },
        before: {
          jobId: inv.jobId,
          type: 'invoiced',
          actor: input.user,
          at,
          data: { batchId, invoiceNumber: inv.invoiceNumber, format: input.format, invoiceDate: inv.invoiceDate },
        },
      })),
    )
    const submissions = plan.invoices.map((i) => i.submissionId)
    await oweReceiptsIn(trx, submissions, at)
    return { batchId, files, described, outDir, findings: plan.findings, submissions }
  })

  writeBatchFiles(result.batchId, result.outDir, result.files)
  return {
    batchId: result.batchId,
    files: result.described,
    findings: result.findings,
    submissions: result.submissions,
  }
}

function exportBlocked(blocks: readonly ExportFinding[]): CloseoutError {
  return new CloseoutError(
    'export-blocked',
    `${blocks.length} problem(s) block the export; first: ${blocks[0]!.message}. Fix: ${blocks[0]!.fix}`,
    blocks.map((f) => ({ path: `jobs.${f.jobId}`, message: `[${f.code}] ${f.message}. Fix: ${f.fix}` })),
  )
}

/**
 * The paths already taken in the folders this export may write to, read before its transaction
 * (which touches no file): the folder asked for, or the default ones of batches not made yet.
 */
function filesAlreadyThere(outDir: string | undefined, exportsDir: string, lastId: number): Set<string> {
  const dirs = outDir
    ? [resolve(outDir)]
    : entries(exportsDir)
        .filter((name) => /^batch-\d+$/.test(name) && Number(name.slice(6)) > lastId)
        .map((name) => resolve(join(exportsDir, name)))
  return new Set(dirs.flatMap((dir) => entries(dir).map((name) => join(dir, name))))
}

function entries(dir: string): string[] {
  try {
    return readdirSync(dir)
  } catch {
    return []
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
  if (office.engine === 'sqlite' && !office.sqlite.open) return
  await payReceiptsTogether(office, submissionIds)
}

function writeBatchFiles(batchId: number, outDir: string, files: { name: string; content: Uint8Array }[]): void {
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

async function afterStatusChange(office: Office, submissionIds: string[], reason: JobsChangedReason): Promise<void> {
  await payReceipts(office, submissionIds)
  office.events.emit('jobs.changed', { reason, jobIds: null })
}

/** Writes a past batch's files again, byte for byte, into `outDir` (default: where it first went). */
export async function reexportBatch(edb: EngineDb, batchId: number, outDir?: string) {
  const batch = await getBatch(edb, batchId)
  const rows = await batchFileCopies(edb, batchId)
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
export async function voidBatch(
  office: Office,
  batchId: number,
  reason: string,
  user: string,
  now = new Date(),
): Promise<Batch> {
  const submissions = await recordBatchVoid(office, batchId, reason, user, now)
  await afterStatusChange(office, submissions, 'batch-voided')
  return getBatch(office, batchId)
}

/** The void itself, in one transaction on either engine; the submissions whose receipts it owes. */
export async function recordBatchVoid(
  edb: EngineDb,
  batchId: number,
  reason: string,
  user: string,
  now: Date,
): Promise<string[]> {
  const at = now.toISOString()
  return withTransaction(edb, async (trx) => {
    const on = { ...edb, db: trx }
    const batch = await batchStatus(on, batchId)
    if (!batch) throw new CloseoutError('not-found', `There is no export batch ${batchId}`)
    if (batch.status === 'void')
      throw new CloseoutError('already-void', `Batch ${batchId} was already voided on ${batch.voided_at ?? '?'}`)
    await markBatchVoid(trx, batchId, reason, at)
    const moved: string[] = []
    for (const job of await batchJobStates(on, batchId)) {
      await appendEventIn(trx, { jobId: job.id, type: 'batch-voided', actor: user, at, data: { batchId, reason } })
      if (job.status !== 'invoiced') continue
      await changeJobStatusIn(trx, {
        jobId: job.id,
        from: 'invoiced',
        to: 'invoice-ready',
        actor: user,
        at,
        reason: `batch ${batchId} voided: ${reason}`,
      })
      if (job.current_submission_id) moved.push(job.current_submission_id)
    }
    await oweReceiptsIn(trx, moved, at)
    return moved
  })
}
