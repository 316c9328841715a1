import { createHash, randomUUID } from 'node:crypto'
import { parseMilli } from '../../../src-shared/domain/money'
import { CloseoutSchema, type Closeout } from '../../../src-shared/schemas/closeout'
import type { JobStatus } from '../../../src-shared/domain/status'
import { evaluateSubmission } from '../lifecycle/evaluate'
import { appendEvent } from '../lifecycle/event-log'
import { changeJobStatus } from '../lifecycle/job-status'
import { CloseoutError } from '../errors'
import { runExport } from '../exports/export-batches'
import { writeFileAtomic } from '../fs/atomic'
import { buildLines } from '../inbox/submission-lines'
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
 * at their time, billing's real export runs numbering the invoices, disputes last. All in one
 * transaction and in time order, so the hash-chained log reads like a real one.
 */
const BILLING = 'U-1'
const SUPERVISOR = 'U-2'
const MISC_PART = 'Misc. brass fittings'

type Action = { at: number; order: number; run: () => void }

export async function writeDemoHistory(office: Office, history: DemoHistory): Promise<void> {
  const { sqlite } = office
  const blobs = storeDemoBlobs(office)
  const receipts: Promise<void>[] = []
  const actions: Action[] = []
  const add = (at: number | null, order: number, run: () => void) => {
    if (at !== null) actions.push({ at, order, run })
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
    add(at, 4, () => {
      try {
        receipts.push(runExport(office, { format: 'qbo-csv', user: BILLING }, new Date(at)).receipts)
      } catch (error) {
        if (!(error instanceof CloseoutError && error.code === 'nothing-to-export')) throw error
      }
    })
  }
  actions.sort((a, b) => a.at - b.at || a.order - b.order)
  sqlite.transaction(() => {
    for (const action of actions) action.run()
  })()
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
  const customer = office.sqlite.prepare('SELECT address FROM customers WHERE id = ?').get(job.customerId) as
    { address: string } | undefined
  office.sqlite
    .prepare(
      `INSERT INTO jobs (id, customer_id, site_address, job_type_id, technician_id, scheduled_for, description, status, origin, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, '', 'scheduled', 'dispatch', ?, ?)`,
    )
    .run(
      job.id,
      job.customerId,
      customer?.address ?? '',
      job.jobTypeId,
      job.technicianId,
      officeTime(job.completedAt - 2 * HOUR),
      at,
      at,
    )
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
  sqlite
    .prepare(
      `INSERT INTO submissions (id, job_id, supersedes, technician_id, fingerprint, document_json, started_at, completed_at, received_at, warranty_claim,
         discount_percent_milli, discount_cents, discount_reason, signer_name, signed_at, findings_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, NULL, ?, ?, ?, '[]')`,
    )
    .run(
      doc.submissionId,
      job.id,
      doc.supersedes ?? null,
      job.technicianId,
      sha(doc.submissionId),
      JSON.stringify(doc),
      doc.startedAt ?? null,
      doc.completedAt,
      at,
      doc.discount?.percent ? parseMilli(doc.discount.percent) : null,
      doc.discount?.reason ?? null,
      doc.signature?.signerName ?? null,
      doc.signature?.signedAt ?? null,
    )
  const insertLine = sqlite.prepare(
    `INSERT INTO submission_lines (submission_id, line_no, kind, role, sku, description, quantity_milli, billable, overtime, adjustment_kind, unit_price_cents, amount_cents, taxable, edited, removed)
     VALUES (@submission_id, @line_no, @kind, @role, @sku, @description, @quantity_milli, @billable, @overtime, @adjustment_kind, @unit_price_cents, @amount_cents, @taxable, @edited, @removed)`,
  )
  for (const line of buildLines(office, doc)) insertLine.run(line)
  const insertAttachment = sqlite.prepare(
    'INSERT INTO attachments (submission_id, file, category, sha256, size, taken_at, mime) VALUES (?, ?, ?, ?, ?, ?, ?)',
  )
  for (const a of doc.attachments) {
    const blob = blobs.get(a.file.slice('photos/'.length))!
    insertAttachment.run(doc.submissionId, a.file, a.category, blob.sha256, blob.size, a.takenAt ?? null, 'image/jpeg')
  }
  const signature = blobs.get('signature.png')!
  const signatureId = insertAttachment.run(
    doc.submissionId,
    'signature.png',
    'signature',
    signature.sha256,
    signature.size,
    null,
    'image/png',
  ).lastInsertRowid
  sqlite.prepare('UPDATE submissions SET signature_attachment_id = ? WHERE id = ?').run(signatureId, doc.submissionId)
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
  const from = statusOf(office, job.id)
  sqlite.prepare('UPDATE jobs SET current_submission_id = ? WHERE id = ?').run(doc.submissionId, job.id)
  changeJobStatus(office, {
    jobId: job.id,
    from,
    to: 'submitted',
    actor: 'inbox',
    reason: doc.supersedes ? 'resubmission received' : 'closeout received',
    at,
  })
  evaluateSubmission(office, doc.submissionId, { actor: 'rules', reason: 'closeout received', at, afterIngest: true })
}

/** An approver's decision, as approvals/decisions.ts records one. */
function decide(office: Office, job: DemoHistoryJob, decision: 'approved' | 'sent-back', comment: string): void {
  const at = iso(job.decidedAt!)
  const current = office.sqlite
    .prepare('SELECT status, current_submission_id AS submissionId FROM jobs WHERE id = ?')
    .get(job.id) as { status: JobStatus; submissionId: string }
  const user = decision === 'approved' ? SUPERVISOR : BILLING
  office.sqlite
    .prepare(
      'INSERT INTO approvals (job_id, submission_id, user_id, level, decision, comment, at) VALUES (?, ?, ?, 1, ?, ?, ?)',
    )
    .run(job.id, current.submissionId, user, decision, comment, at)
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
  const line = office.sqlite
    .prepare('SELECT id, line_no FROM submission_lines WHERE submission_id = ? AND description = ?')
    .get(submissionId, MISC_PART) as { id: number; line_no: number }
  office.sqlite.prepare('UPDATE submission_lines SET unit_price_cents = 1400, edited = 1 WHERE id = ?').run(line.id)
  appendEvent(office.sqlite, office.db, {
    jobId: job.id,
    type: 'lines-edited',
    actor: BILLING,
    at,
    data: { submissionId, edits: [{ lineNo: line.line_no, field: 'unitPrice', from: null, to: '14.00' }] },
  })
  evaluateSubmission(office, submissionId, { actor: BILLING, reason: 'lines edited', at })
}

function voidJob(office: Office, job: DemoHistoryJob): void {
  const at = iso(job.decidedAt!)
  const reason = 'Duplicate closeout: the same visit was sent twice'
  appendEvent(office.sqlite, office.db, { jobId: job.id, type: 'voided', actor: BILLING, at, data: { reason } })
  office.sqlite.prepare('UPDATE jobs SET void_reason = ? WHERE id = ?').run(reason, job.id)
  changeJobStatus(office, { jobId: job.id, from: statusOf(office, job.id), to: 'void', actor: BILLING, reason, at })
}

function dispute(office: Office, job: DemoHistoryJob): void {
  const at = iso(job.dispute!.at)
  if (statusOf(office, job.id) !== 'invoiced') return
  office.sqlite
    .prepare('UPDATE jobs SET disputed_at = ?, dispute_reason = ?, updated_at = ? WHERE id = ?')
    .run(at, job.dispute!.reason, at, job.id)
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
    if (!hasBlob(office.dataDir, blob.sha256, blob.size)) writeFileAtomic(blobPath(office.dataDir, blob.sha256), bytes)
    blobs.set(name, blob)
  }
  return blobs
}

const iso = (ms: number) => new Date(ms).toISOString()
const sha = (data: string | Buffer) => createHash('sha256').update(data).digest('hex')
const statusOf = (office: Office, jobId: string) =>
  (office.sqlite.prepare('SELECT status FROM jobs WHERE id = ?').get(jobId) as { status: JobStatus }).status
