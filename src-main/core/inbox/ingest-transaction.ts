import { canTransition } from '../../../src-shared/domain/status'
import type { Closeout } from '../../../src-shared/schemas/closeout'
import { evaluateAfterIngest } from '../lifecycle/evaluate'
import { appendEvent } from '../lifecycle/event-log'
import { changeJobStatus } from '../lifecycle/job-status'
import { findJobLink, insertJobRow, jobExists, type JobLink } from '../jobs/job-rows.repo'
import {
  insertAttachment,
  insertSubmission,
  insertSubmissionLines,
  setSignatureAttachment,
  submissionExists,
} from '../jobs/submissions.repo'
import { customerIdByName, hasJobType, hasTechnician } from '../setup/catalog.repo'
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
  insertSubmission(office, doc, {
    jobId: job.id,
    supersedes: doc.supersedes && submissionExists(office, doc.supersedes) ? doc.supersedes : null,
    fingerprint: record.fingerprint,
    receivedAt: now,
    archivedPath: record.archivedPath,
  })
  insertSubmissionLines(office, buildLines(office, doc))
  let signatureId: number | null = null
  for (const a of record.attachments) {
    const id = insertAttachment(office, {
      submission_id: doc.submissionId,
      file: a.file,
      category: a.category,
      sha256: a.sha256,
      size: a.size,
      taken_at: a.takenAt,
      mime: a.mime,
    })
    if (a.category === 'signature') signatureId = id
  }
  if (signatureId !== null) setSignatureAttachment(office, doc.submissionId, signatureId)
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
  changeJobStatus(office, {
    jobId: job.id,
    from: job.status,
    to: 'submitted',
    currentSubmissionId: doc.submissionId,
    actor: ACTOR_INBOX,
    reason: doc.supersedes ? 'resubmission received' : 'closeout received',
    at: now,
  })
  evaluateAfterIngest(office, doc.submissionId, doc)
  return { jobId: job.id, linked }
}

/** Known id -> that job; unknown id -> a field job with that id; job.new -> a field job F-<8 of the id>. */
function resolveJob(office: Office, doc: Closeout, now: string, actor: string): JobLink {
  const technicianId = hasTechnician(office, doc.technician.id) ? doc.technician.id : null
  let id: string
  let values: { customer_id: string | null; site_address: string; job_type_id: string | null; description: string }
  if ('id' in doc.job) {
    const known = findJobLink(office, doc.job.id)
    if (known) return known
    id = doc.job.id
    values = { customer_id: null, site_address: '', job_type_id: null, description: '' }
  } else {
    const wanted = doc.job.new
    const compact = doc.submissionId.replace(/-/g, '')
    id = `F-${compact.slice(0, 8)}`
    for (let n = 12; jobExists(office, id) && n <= compact.length; n += 4) id = `F-${compact.slice(0, n)}`
    values = {
      customer_id: customerIdByName(office, wanted.customerName) ?? null,
      site_address: wanted.siteAddress,
      job_type_id: hasJobType(office, wanted.jobType) ? wanted.jobType : null,
      description: `Unscheduled work for ${wanted.customerName}`,
    }
  }
  insertJobRow(office, { id, ...values, technician_id: technicianId, origin: 'field', created_at: now })
  appendEvent(office.sqlite, office.db, { jobId: id, type: 'job-created', actor, at: now, data: { via: 'closeout' } })
  return { id, status: 'scheduled', technicianId, currentSubmissionId: null }
}
