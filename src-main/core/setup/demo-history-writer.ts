import { createHash, randomUUID } from 'node:crypto'
import { CloseoutSchema, type Closeout } from '../../../src-shared/schemas/closeout'
import { evaluateSubmission } from '../lifecycle/evaluate'
import { appendEvent } from '../lifecycle/event-log'
import { changeJobStatus } from '../lifecycle/job-status'
import { CloseoutError } from '../errors'
import { markBatchImported } from '../exports/batch-handoff'
import { runExport } from '../exports/export-batches'
import { writeFileAtomic } from '../fs/atomic'
import { buildLines } from '../inbox/submission-lines'
import { insertApproval } from '../approvals/approval-rows.repo'
import { currentSubmissionOf, insertJobRow, jobStatus, markDisputed, setVoidReason } from '../jobs/job-rows.repo'
import {
  editLineRow,
  findLineByDescription,
  insertAttachment,
  insertSubmission,
  insertSubmissionLines,
  setSignatureAttachment,
} from '../jobs/submissions.repo'
import { customerAddress } from './catalog.repo'
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
 * order, so the hash-chained log reads like a real one: what happens between two exports
 * commits in one transaction, each export in its own (the async path, issue #17).
 */
const BILLING = 'U-1'
const SUPERVISOR = 'U-2'
const MISC_PART = 'Misc. brass fittings'

/** An action of the history: most write synchronously; an export runs in its own transaction (issue #17). */
type Action = { at: number; order: number; run: () => void | Promise<void>; async?: true }

export async function writeDemoHistory(office: Office, history: DemoHistory, now = Date.now()): Promise<void> {
  const { sqlite } = office
  const blobs = storeDemoBlobs(office)
  const receipts: Promise<void>[] = []
  const actions: Action[] = []
  const add = (at: number | null, order: number, run: () => void) => {
    if (at !== null) actions.push({ at, order, run })
  }
  const addAsync = (at: number, order: number, run: () => Promise<void>) => {
    actions.push({ at, order, run, async: true })
  }
  for (const job of history.jobs) {
    const first = randomUUID()
    const second = randomUUID()
    add(job.createdAt, 0, () => createJob(office, job))
    add(job.receivedAt, 1, () => receive(office, job, closeoutFor(job, first, null), blobs))
    if (job.outcome === 'approval')
      add(job.decidedAt, 2, () => decide(office, job, 'approved', 'Discount OK: service plan renewal'))
    if (job.outcome === 'edit') add(job.decidedAt, 2, () => priceMiscPart(office, job, first))
    if (job.outcome === 'send-back')
      add(job.decidedAt, 2, () => decide(office, job, 'sent-back', 'Add the after photo'))
    if (job.outcome === 'void') add(job.decidedAt, 2, () => voidJob(office, job))
    add(job.resubmittedAt, 3, () => receive(office, job, closeoutFor(job, second, first), blobs))
    if (job.dispute) add(job.dispute.at, 5, () => dispute(office, job))
  }
  for (const at of history.exports) {
    addAsync(at, 4, async () => {
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
    })
  }
  actions.sort((a, b) => a.at - b.at || a.order - b.order)
  // The synchronous actions between two exports commit together; each export is its own transaction.
  let pending: Action[] = []
  const flush = () => {
    const chunk = pending
    pending = []
    if (chunk.length > 0)
      sqlite.transaction(() => {
        for (const action of chunk) void action.run()
      })()
  }
  for (const action of actions) {
    if (!action.async) {
      pending.push(action)
      continue
    }
    flush()
    await action.run()
  }
  flush()
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

function createJob(office: Office, job: DemoHistoryJob): void {
  const at = iso(job.createdAt)
  insertJobRow(office, {
    id: job.id,
    customer_id: job.customerId,
    site_address: customerAddress(office, job.customerId) ?? '',
    job_type_id: job.jobTypeId,
    technician_id: job.technicianId,
    scheduled_for: officeTime(job.completedAt - 2 * HOUR),
    description: '',
    origin: 'dispatch',
    created_at: at,
  })
  appendEvent(office.sqlite, office.db, {
    jobId: job.id,
    type: 'job-created',
    actor: BILLING,
    at,
    data: { via: 'dispatch' },
  })
}

/** Stores the closeout and lets the rules judge it, as the inbox's ingest does, at its time. */
function receive(office: Office, job: DemoHistoryJob, doc: Closeout, blobs: Map<string, Blob>): void {
  const { sqlite, db } = office
  const at = iso(doc.supersedes ? job.resubmittedAt! : job.receivedAt)
  insertSubmission(office, doc, {
    jobId: job.id,
    supersedes: doc.supersedes ?? null,
    fingerprint: sha(doc.submissionId),
    receivedAt: at,
    archivedPath: null,
  })
  insertSubmissionLines(office, buildLines(office, doc))
  const attach = (file: string, category: string, blob: Blob, takenAt: string | null, mime: string) =>
    insertAttachment(office, {
      submission_id: doc.submissionId,
      file,
      category,
      sha256: blob.sha256,
      size: blob.size,
      taken_at: takenAt,
      mime,
    })
  for (const a of doc.attachments)
    attach(a.file, a.category, blobs.get(a.file.slice('photos/'.length))!, a.takenAt ?? null, 'image/jpeg')
  const signatureId = attach('signature.png', 'signature', blobs.get('signature.png')!, null, 'image/png')
  setSignatureAttachment(office, doc.submissionId, signatureId)
  const received: Record<string, unknown> = {
    submissionId: doc.submissionId,
    completedAt: doc.completedAt,
    technicianId: job.technicianId,
  }
  if (doc.supersedes) received.supersedes = doc.supersedes
  appendEvent(sqlite, db, {
    jobId: job.id,
    type: 'submission-received',
    actor: `tech:${job.technicianId}`,
    at,
    data: received,
  })
  changeJobStatus(office, {
    jobId: job.id,
    from: statusOf(office, job.id),
    to: 'submitted',
    currentSubmissionId: doc.submissionId,
    actor: 'inbox',
    reason: doc.supersedes ? 'resubmission received' : 'closeout received',
    at,
  })
  evaluateSubmission(office, doc.submissionId, { actor: 'rules', reason: 'closeout received', at, afterIngest: true })
}

/** An approver's decision, as approvals/decisions.ts records one. */
function decide(office: Office, job: DemoHistoryJob, decision: 'approved' | 'sent-back', comment: string): void {
  const at = iso(job.decidedAt!)
  const current = { status: statusOf(office, job.id), submissionId: currentSubmissionOf(office, job.id)! }
  const user = decision === 'approved' ? SUPERVISOR : BILLING
  insertApproval(office, {
    job_id: job.id,
    submission_id: current.submissionId,
    user_id: user,
    level: 1,
    decision,
    comment,
    at,
  })
  if (decision === 'sent-back') {
    appendEvent(office.sqlite, office.db, {
      jobId: job.id,
      type: 'sent-back',
      actor: user,
      at,
      data: { submissionId: current.submissionId, comment },
    })
    changeJobStatus(office, { jobId: job.id, from: current.status, to: 'sent-back', actor: user, reason: comment, at })
    return
  }
  appendEvent(office.sqlite, office.db, {
    jobId: job.id,
    type: 'approved',
    actor: user,
    at,
    data: { submissionId: current.submissionId, level: 1, comment },
  })
  changeJobStatus(office, {
    jobId: job.id,
    from: 'needs-approval',
    to: 'approved',
    actor: user,
    reason: 'approved by Lee Park (supervisor)',
    at,
  })
  changeJobStatus(office, {
    jobId: job.id,
    from: 'approved',
    to: 'invoice-ready',
    actor: user,
    reason: 'all approvals given',
    at,
  })
}

/** Billing prices the part the technician could not find in the price book; the rules run again. */
function priceMiscPart(office: Office, job: DemoHistoryJob, submissionId: string): void {
  const at = iso(job.decidedAt!)
  const line = findLineByDescription(office, submissionId, MISC_PART)!
  editLineRow(office, line.id, { unit_price_cents: 1400 })
  appendEvent(office.sqlite, office.db, {
    jobId: job.id,
    type: 'lines-edited',
    actor: BILLING,
    at,
    data: { submissionId, edits: [{ lineNo: line.lineNo, field: 'unitPrice', from: null, to: '14.00' }] },
  })
  evaluateSubmission(office, submissionId, { actor: BILLING, reason: 'lines edited', at })
}

function voidJob(office: Office, job: DemoHistoryJob): void {
  const at = iso(job.decidedAt!)
  const reason = 'Duplicate closeout: the same visit was sent twice'
  appendEvent(office.sqlite, office.db, { jobId: job.id, type: 'voided', actor: BILLING, at, data: { reason } })
  setVoidReason(office, job.id, reason)
  changeJobStatus(office, { jobId: job.id, from: statusOf(office, job.id), to: 'void', actor: BILLING, reason, at })
}

function dispute(office: Office, job: DemoHistoryJob): void {
  const at = iso(job.dispute!.at)
  if (statusOf(office, job.id) !== 'invoiced') return
  markDisputed(office, job.id, { at, reason: job.dispute!.reason })
  appendEvent(office.sqlite, office.db, {
    jobId: job.id,
    type: 'disputed',
    actor: BILLING,
    at,
    data: { reason: job.dispute!.reason },
  })
}

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
const statusOf = (office: Office, jobId: string) => jobStatus(office, jobId)!
