import { createHash, randomUUID } from 'node:crypto'
import { CloseoutSchema, type Closeout } from '../../../src-shared/schemas/closeout'
import { withTransaction } from '../db/engine-db'
import { evaluateSubmissionIn } from '../lifecycle/evaluate'
import { changeJobStatusIn } from '../lifecycle/job-status'
import { CloseoutError } from '../errors'
import { markBatchImported } from '../exports/batch-handoff'
import { runExport } from '../exports/export-batches'
import { writeFileAtomic } from '../fs/atomic'
import { closeIngest, openIngest, type IngestTransaction } from '../inbox/ingest-transaction'
import { buildLinesIn } from '../inbox/submission-lines'
import { insertApprovalIn } from '../approvals/approval-rows.repo'
import { findJobLinkIn, insertJobRowIn, markDisputedIn, setVoidReasonIn } from '../jobs/job-rows.repo'
import {
  editLineRowIn,
  findLineByDescriptionIn,
  insertAttachmentsIn,
  insertSubmissionIn,
  insertSubmissionLinesIn,
} from '../jobs/submissions.repo'
import { customerAddressIn } from './catalog-reads.repo'
import type { Office } from '../office'
import { blobPath, hasBlob } from '../store/attachment-store'
import {
  DEMO_DEVICE,
  DEMO_TECHNICIANS,
  DEMO_WORK,
  demoPhotoBytes,
  demoSignatureBytes,
  HOUR,
  officeTime,
  type DemoPhoto,
} from './demo-catalog'
import type { DemoHistory, DemoHistoryJob } from './demo-history'

/**
 * Plays the demo's history into the office the way the office would have lived it: each
 * closeout stored and judged by the real rules, approvals, edits, send-backs and voids logged
 * at their time, billing's real export runs numbering the invoices, disputes last. In time
 * order, so the hash-chained log reads like a real one. On the async path, either engine (issue
 * #17): what happens between two exports commits in one withTransaction, its events appended
 * in one go at the end (the same chain as one by one), each export in its own.
 */
const BILLING = 'U-1'
const SUPERVISOR = 'U-2'
const MISC_PART = 'Misc. brass fittings'

/** A step of the history: written in the transaction of the steps between two exports (`t`), or an export (`t` absent). */
type Action = { at: number; order: number; write?: (t: IngestTransaction) => Promise<void>; run?: () => Promise<void> }

export async function writeDemoHistory(office: Office, history: DemoHistory, now = Date.now()): Promise<void> {
  const blobs = storeDemoBlobs(office)
  const receipts: Promise<void>[] = []
  const actions: Action[] = []
  const add = (at: number | null, order: number, write: (t: IngestTransaction) => Promise<void>) => {
    if (at !== null) actions.push({ at, order, write })
  }
  for (const job of history.jobs) {
    const first = randomUUID()
    const second = randomUUID()
    add(job.createdAt, 0, (t) => createJob(t, job))
    add(job.receivedAt, 1, (t) => receive(t, job, closeoutFor(job, first, null), blobs))
    if (job.outcome === 'approval')
      add(job.decidedAt, 2, (t) => decide(t, job, 'approved', 'Discount OK: service plan renewal'))
    if (job.outcome === 'edit') add(job.decidedAt, 2, (t) => priceMiscPart(t, job, first))
    if (job.outcome === 'send-back') add(job.decidedAt, 2, (t) => decide(t, job, 'sent-back', 'Add the after photo'))
    if (job.outcome === 'void') add(job.decidedAt, 2, (t) => voidJob(t, job))
    add(job.resubmittedAt, 3, (t) => receive(t, job, closeoutFor(job, second, first), blobs))
    if (job.dispute) add(job.dispute.at, 5, (t) => dispute(t, job))
  }
  for (const at of history.exports) {
    actions.push({
      at,
      order: 4,
      run: async () => {
        try {
          const done = await runExport(office, { format: 'qbo-csv', user: BILLING }, new Date(at))
          receipts.push(done.receipts)
          // Billing imported each past batch into QuickBooks a couple of hours later; only a batch
          // too recent for that still waits (one "Mark as imported" in Needs attention, not 25).
          const importedAt = at + 2 * HOUR
          if (importedAt < now) await markBatchImported(office, done.batch.id, BILLING, new Date(importedAt))
        } catch (error) {
          if (!(error instanceof CloseoutError && error.code === 'nothing-to-export')) throw error
        }
      },
    })
  }
  actions.sort((a, b) => a.at - b.at || a.order - b.order)
  // The steps between two exports commit together; each export is its own transaction.
  let pending: Action[] = []
  const flush = async () => {
    const chunk = pending
    pending = []
    if (chunk.length > 0)
      await withTransaction(office, async (trx) => {
        const t = await openIngest(office, trx)
        for (const action of chunk) await action.write!(t)
        await closeIngest(t)
      })
  }
  for (const action of actions) {
    if (action.write) {
      pending.push(action)
      continue
    }
    await flush()
    await action.run!()
  }
  await flush()
  await Promise.all(receipts)
}

/** The closeout as the phone sent it; the first of a send-back or void lacks its after photo. */
function closeoutFor(job: DemoHistoryJob, submissionId: string, supersedes: string | null): Closeout {
  const work = DEMO_WORK[job.jobTypeId][job.work]!
  const completed = supersedes === null ? job.completedAt : job.resubmittedAt! - 40 * 60_000
  const incomplete = supersedes === null && (job.outcome === 'send-back' || job.outcome === 'void')
  const photos = work.photos.filter((p) => !(incomplete && p.category === 'after'))
  const started = completed - Number(work.labor[0]?.hours ?? 1) * HOUR
  return CloseoutSchema.parse({
    schema: 'closeout/v1',
    submissionId,
    supersedes,
    job: { id: job.id },
    technician: { id: job.technicianId, name: DEMO_TECHNICIANS[job.technicianId] },
    startedAt: officeTime(started),
    completedAt: officeTime(completed),
    workPerformed: { tasks: work.tasks, notes: work.notes },
    labor: work.labor,
    parts: job.outcome === 'edit' ? [...work.parts, { description: MISC_PART, quantity: 1 }] : work.parts,
    discount: job.outcome === 'approval' ? { percent: '12', reason: 'Service plan member renewing today' } : null,
    serialNumbers: work.serialNumbers ?? [],
    attachments: photos.map((p) => ({
      file: `photos/${p.file}`,
      category: p.category,
      takenAt: officeTime(p.category === 'before' ? started : completed - 10 * 60_000),
    })),
    signature: { file: 'signature.png', signerName: 'Site contact', signedAt: officeTime(completed - 2 * 60_000) },
    device: DEMO_DEVICE,
  })
}

async function createJob({ trx, log }: IngestTransaction, job: DemoHistoryJob): Promise<void> {
  const at = iso(job.createdAt)
  await insertJobRowIn(trx, {
    id: job.id,
    customer_id: job.customerId,
    site_address: (await customerAddressIn(trx, job.customerId)) ?? '',
    job_type_id: job.jobTypeId,
    technician_id: job.technicianId,
    scheduled_for: officeTime(job.completedAt - 2 * HOUR),
    description: '',
    origin: 'dispatch',
    created_at: at,
  })
  log.push({ jobId: job.id, type: 'job-created', actor: BILLING, at, data: { via: 'dispatch' } })
}

/** Stores the closeout and lets the rules judge it, as the inbox's ingest does, at its time. */
async function receive(
  t: IngestTransaction,
  job: DemoHistoryJob,
  doc: Closeout,
  blobs: Map<string, Blob>,
): Promise<void> {
  const { trx, log } = t
  const at = iso(doc.supersedes ? job.resubmittedAt! : job.receivedAt)
  await insertSubmissionIn(trx, doc, {
    jobId: job.id,
    supersedes: doc.supersedes ?? null,
    fingerprint: sha(doc.submissionId),
    receivedAt: at,
    archivedPath: null,
  })
  await insertSubmissionLinesIn(trx, await buildLinesIn(t.reads, doc))
  const attachment = (file: string, category: string, blob: Blob, takenAt: string | null, mime: string) => ({
    file,
    category,
    sha256: blob.sha256,
    size: blob.size,
    taken_at: takenAt,
    mime,
  })
  await insertAttachmentsIn(trx, doc.submissionId, [
    ...doc.attachments.map((a) =>
      attachment(a.file, a.category, blobs.get(a.file.slice('photos/'.length))!, a.takenAt ?? null, 'image/jpeg'),
    ),
    attachment('signature.png', 'signature', blobs.get('signature.png')!, null, 'image/png'),
  ])
  const received: Record<string, unknown> = {
    submissionId: doc.submissionId,
    completedAt: doc.completedAt,
    technicianId: job.technicianId,
  }
  if (doc.supersedes) received.supersedes = doc.supersedes
  log.push({ jobId: job.id, type: 'submission-received', actor: `tech:${job.technicianId}`, at, data: received })
  await changeJobStatusIn(
    trx,
    {
      jobId: job.id,
      from: (await current(t, job)).status,
      to: 'submitted',
      currentSubmissionId: doc.submissionId,
      actor: 'inbox',
      reason: doc.supersedes ? 'resubmission received' : 'closeout received',
      at,
    },
    log,
  )
  await evaluateSubmissionIn(t.edb, trx, doc.submissionId, {
    actor: 'rules',
    reason: 'closeout received',
    at,
    afterIngest: true,
    shared: t.shared,
    log,
  })
}

/** An approver's decision, as approvals/decisions.ts records one. */
async function decide(
  t: IngestTransaction,
  job: DemoHistoryJob,
  decision: 'approved' | 'sent-back',
  comment: string,
): Promise<void> {
  const { trx, log } = t
  const at = iso(job.decidedAt!)
  const link = await current(t, job)
  const submissionId = link.currentSubmissionId!
  const user = decision === 'approved' ? SUPERVISOR : BILLING
  await insertApprovalIn(trx, {
    job_id: job.id,
    submission_id: submissionId,
    user_id: user,
    level: 1,
    decision,
    comment,
    at,
  })
  if (decision === 'sent-back') {
    log.push({ jobId: job.id, type: 'sent-back', actor: user, at, data: { submissionId, comment } })
    await changeJobStatusIn(
      trx,
      { jobId: job.id, from: link.status, to: 'sent-back', actor: user, reason: comment, at },
      log,
    )
    return
  }
  log.push({ jobId: job.id, type: 'approved', actor: user, at, data: { submissionId, level: 1, comment } })
  const step = { jobId: job.id, actor: user, at }
  await changeJobStatusIn(
    trx,
    { ...step, from: 'needs-approval', to: 'approved', reason: 'approved by Lee Park (supervisor)' },
    log,
  )
  await changeJobStatusIn(trx, { ...step, from: 'approved', to: 'invoice-ready', reason: 'all approvals given' }, log)
}

/** Billing prices the part the technician could not find in the price book; the rules run again. */
async function priceMiscPart(t: IngestTransaction, job: DemoHistoryJob, submissionId: string): Promise<void> {
  const { trx, log } = t
  const at = iso(job.decidedAt!)
  const line = (await findLineByDescriptionIn(trx, submissionId, MISC_PART))!
  await editLineRowIn(trx, line.id, { unit_price_cents: 1400 })
  log.push({
    jobId: job.id,
    type: 'lines-edited',
    actor: BILLING,
    at,
    data: { submissionId, edits: [{ lineNo: line.lineNo, field: 'unitPrice', from: null, to: '14.00' }] },
  })
  await evaluateSubmissionIn(t.edb, trx, submissionId, {
    actor: BILLING,
    reason: 'lines edited',
    at,
    shared: t.shared,
    log,
  })
}

async function voidJob(t: IngestTransaction, job: DemoHistoryJob): Promise<void> {
  const { trx, log } = t
  const at = iso(job.decidedAt!)
  const reason = 'Duplicate closeout: the same visit was sent twice'
  log.push({ jobId: job.id, type: 'voided', actor: BILLING, at, data: { reason } })
  await setVoidReasonIn(trx, job.id, reason)
  await changeJobStatusIn(
    trx,
    { jobId: job.id, from: (await current(t, job)).status, to: 'void', actor: BILLING, reason, at },
    log,
  )
}

async function dispute(t: IngestTransaction, job: DemoHistoryJob): Promise<void> {
  const at = iso(job.dispute!.at)
  if ((await current(t, job)).status !== 'invoiced') return
  await markDisputedIn(t.trx, job.id, { at, reason: job.dispute!.reason })
  t.log.push({ jobId: job.id, type: 'disputed', actor: BILLING, at, data: { reason: job.dispute!.reason } })
}

/** The job as it stands in the transaction: its status and current closeout. */
const current = async ({ trx }: IngestTransaction, job: DemoHistoryJob) => (await findJobLinkIn(trx, job.id))!

interface Blob {
  sha256: string
  size: number
}

/** The demo photos and signature in the attachment store (content-addressed, written once). */
function storeDemoBlobs(office: Office): Map<string, Blob> {
  const files = new Map<string, Buffer>([['signature.png', demoSignatureBytes()]])
  for (const work of Object.values(DEMO_WORK).flat())
    for (const p of work.photos) files.set(p.file, demoPhotoBytes(p.file as DemoPhoto))
  const blobs = new Map<string, Blob>()
  for (const [name, bytes] of files) {
    const blob = { sha256: sha(bytes), size: bytes.length }
    if (!hasBlob(office.attachmentsDir, blob.sha256, blob.size))
      writeFileAtomic(blobPath(office.attachmentsDir, blob.sha256), bytes)
    blobs.set(name, blob)
  }
  return blobs
}

const iso = (ms: number) => new Date(ms).toISOString()
const sha = (data: string | Buffer) => createHash('sha256').update(data).digest('hex')
