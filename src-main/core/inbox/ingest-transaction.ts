import { parseMilli, parseMoney } from '../../../src-shared/domain/money'
import { canTransition, type JobStatus } from '../../../src-shared/domain/status'
import type { Closeout } from '../../../src-shared/schemas/closeout'
import { evaluateAfterIngest } from '../lifecycle/evaluate'
import { appendEvent } from '../lifecycle/event-log'
import { insertRow, statement } from '../db/statements'
import type { Office } from '../office'
import type { ConflictCopyUsed } from './bundle-conflicts'
import { buildLines } from './submission-lines'

export interface StoredAttachment {
  file: string
  /** 'before' | 'after' | 'serial-plate' | 'other' | 'signature' */
  category: string
  sha256: string
  size: number
  takenAt: string | null
  mime: string
}

export interface IngestRecord {
  document: Closeout
  fingerprint: string
  receivedAt: string
  /** Relative to the shared folder: 'archive/2026-11/<id>'. */
  archivedPath: string
  attachments: StoredAttachment[]
  /** Listed files taken from a sync conflict copy that matched the manifest. */
  conflictCopiesUsed?: ConflictCopyUsed[]
}

export interface IngestOutcome {
  jobId: string
  /** False when the job's status could not take a new submission (e.g. invoiced): stored, not made current. */
  linked: boolean
}

const ACTOR_INBOX = 'inbox'

/**
 * Writes one closeout: the job link, the submission, its lines and attachments, the events,
 * then lets the rules set the final status. Must run inside `office.sqlite.transaction`.
 */
export function writeIngest(office: Office, record: IngestRecord): IngestOutcome {
  const { sqlite, db } = office
  const doc = record.document
  const now = record.receivedAt
  const techActor = `tech:${doc.technician.id}`
  const job = resolveJob(office, doc, now, techActor)
  const supersedes =
    doc.supersedes && statement(sqlite, 'SELECT id FROM submissions WHERE id = ?').get(doc.supersedes)
      ? doc.supersedes
      : null
  const percent = doc.discount?.percent
  const amount = doc.discount?.amount
  insertRow(sqlite, 'submissions', {
    id: doc.submissionId,
    job_id: job.id,
    supersedes,
    technician_id: doc.technician.id,
    fingerprint: record.fingerprint,
    document_json: JSON.stringify(doc),
    started_at: doc.startedAt ?? null,
    completed_at: doc.completedAt,
    received_at: now,
    warranty_claim: doc.warrantyClaim ? 1 : 0,
    discount_percent_milli: percent === undefined ? null : parseMilli(percent),
    discount_cents: amount === undefined ? null : parseMoney(amount),
    discount_reason: doc.discount?.reason ?? null,
    signer_name: doc.signature?.signerName ?? null,
    signed_at: doc.signature?.signedAt ?? null,
    signature_attachment_id: null,
    no_signature_reason: doc.exceptions.find((e) => e.kind === 'no-signature')?.reason ?? null,
    archived_path: record.archivedPath,
    findings_json: '[]',
  })
  for (const line of buildLines(office, doc)) insertRow(sqlite, 'submission_lines', line)
  let signatureId: number | null = null
  for (const a of record.attachments) {
    const { lastInsertRowid } = insertRow(sqlite, 'attachments', {
      submission_id: doc.submissionId,
      file: a.file,
      category: a.category,
      sha256: a.sha256,
      size: a.size,
      taken_at: a.takenAt,
      mime: a.mime,
    })
    if (a.category === 'signature') signatureId = lastInsertRowid
  }
  if (signatureId !== null)
    statement(sqlite, 'UPDATE submissions SET signature_attachment_id = ? WHERE id = ?').run(
      signatureId,
      doc.submissionId,
    )
  const received: Record<string, unknown> = {
    submissionId: doc.submissionId,
    completedAt: doc.completedAt,
    technicianId: doc.technician.id,
  }
  if (doc.supersedes) received.supersedes = doc.supersedes
  if (record.conflictCopiesUsed?.length) received.conflictCopiesUsed = record.conflictCopiesUsed
  // A closeout sent as someone other than the job's technician never displaces the submission the
  // job already has (issue #12: a forged closeout turned the real one into "sent-back").
  const byOther = job.technicianId !== null && job.technicianId !== doc.technician.id
  const displaces = byOther && job.currentSubmissionId !== null
  const linked = canTransition(job.status, 'submitted') && !displaces
  // A job already approved or invoiced cannot take a new closeout silently: keep it for the office.
  if (!linked)
    received.heldBecause = displaces
      ? `job ${job.id} is assigned to ${job.technicianId}, not ${doc.technician.id}`
      : `job ${job.id} is ${job.status}`
  appendEvent(sqlite, db, { jobId: job.id, type: 'submission-received', actor: techActor, at: now, data: received })
  if (!linked) {
    // Checked (not made current), so its receipt names the wrong-technician finding.
    if (displaces) evaluateAfterIngest(office, doc.submissionId, doc)
    return { jobId: job.id, linked }
  }
  statement(sqlite, 'UPDATE jobs SET status = ?, current_submission_id = ?, updated_at = ? WHERE id = ?').run(
    'submitted',
    doc.submissionId,
    now,
    job.id,
  )
  appendEvent(sqlite, db, {
    jobId: job.id,
    type: 'status-changed',
    actor: ACTOR_INBOX,
    at: now,
    data: { from: job.status, to: 'submitted', reason: doc.supersedes ? 'resubmission received' : 'closeout received' },
  })
  evaluateAfterIngest(office, doc.submissionId, doc)
  return { jobId: job.id, linked }
}

interface JobLink {
  id: string
  status: JobStatus
  technicianId: string | null
  currentSubmissionId: string | null
}

/** Known id -> that job; unknown id -> a field job with that id; job.new -> a field job F-<8 of the id>. */
function resolveJob(office: Office, doc: Closeout, now: string, actor: string): JobLink {
  const { sqlite, db } = office
  const findJob = (id: string) =>
    statement(
      sqlite,
      'SELECT id, status, technician_id AS technicianId, current_submission_id AS currentSubmissionId FROM jobs WHERE id = ?',
    ).get(id) as JobLink | undefined
  const exists = (table: 'technicians' | 'job_types' | 'customers', id: string) =>
    statement(sqlite, `SELECT id FROM ${table} WHERE id = ?`).get(id) !== undefined
  const technicianId = exists('technicians', doc.technician.id) ? doc.technician.id : null
  let id: string
  let values: { customer_id: string | null; site_address: string; job_type_id: string | null; description: string }
  if ('id' in doc.job) {
    const known = findJob(doc.job.id)
    if (known) return known
    id = doc.job.id
    values = { customer_id: null, site_address: '', job_type_id: null, description: '' }
  } else {
    const wanted = doc.job.new
    const compact = doc.submissionId.replace(/-/g, '')
    id = `F-${compact.slice(0, 8)}`
    for (let n = 12; findJob(id) && n <= compact.length; n += 4) id = `F-${compact.slice(0, n)}`
    const customer = statement(sqlite, 'SELECT id FROM customers WHERE name = ? ORDER BY id LIMIT 1').get(
      wanted.customerName,
    ) as { id: string } | undefined
    values = {
      customer_id: customer?.id ?? null,
      site_address: wanted.siteAddress,
      job_type_id: exists('job_types', wanted.jobType) ? wanted.jobType : null,
      description: `Unscheduled work for ${wanted.customerName}`,
    }
  }
  insertRow(sqlite, 'jobs', {
    id,
    ...values,
    technician_id: technicianId,
    scheduled_for: null,
    po_number: null,
    not_to_exceed_cents: null,
    status: 'scheduled',
    origin: 'field',
    current_submission_id: null,
    invoice_number: null,
    total_cents: null,
    void_reason: null,
    disputed_at: null,
    dispute_reason: null,
    created_at: now,
    updated_at: now,
  })
  appendEvent(sqlite, db, { jobId: id, type: 'job-created', actor, at: now, data: { via: 'closeout' } })
  return { id, status: 'scheduled', technicianId, currentSubmissionId: null }
}
