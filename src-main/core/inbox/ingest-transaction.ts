import type { Kysely } from 'kysely'
import { canTransition } from '../../../src-shared/domain/status'
import type { Closeout } from '../../../src-shared/schemas/closeout'
import type { EngineDb } from '../db/engine-db'
import type { Database } from '../db/schema'
import { evaluateSubmissionIn } from '../lifecycle/evaluate'
import { appendEventsIn, type NewEvent } from '../lifecycle/event-log'
import { loadRulesSharedAsync } from '../lifecycle/load-submissions'
import { changeJobStatusIn } from '../lifecycle/job-status'
import type { RulesShared } from '../lifecycle/rules-context'
import { findJobLinkIn, insertJobRowIn, jobExistsIn, type JobLink } from '../jobs/job-rows.repo'
import {
  insertAttachmentsIn,
  insertSubmissionIn,
  insertSubmissionLinesIn,
  submissionExistsIn,
} from '../jobs/submissions.repo'
import { catalogHasIn, customerIdByNameIn } from '../setup/catalog-reads.repo'
import type { ConflictCopyUsed } from './bundle-conflicts'
import { buildLinesIn } from './submission-lines'

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

/** What the closeouts written in one transaction share: the rules' context, and the events to append. */
export interface IngestTransaction {
  /** The withTransaction body's transaction. */
  trx: Kysely<Database>
  /** The engine it runs on (where the SQL differs). */
  edb: EngineDb
  shared: RulesShared
  /**
   * The events, in order, for the caller to append (appendEventsIn) before the transaction
   * ends: one append for a group instead of one per event, the same rows and chain.
   */
  log: NewEvent[]
}

/** The start of closeouts' writing in `trx` (a withTransaction body's): the rules' context read once. */
export async function openIngest(edb: EngineDb, trx: Kysely<Database>): Promise<IngestTransaction> {
  return { trx, edb, shared: await loadRulesSharedAsync({ ...edb, db: trx }), log: [] }
}

/** Its end, before the transaction commits: the closeouts' events appended to the log, in order. */
export async function closeIngest(t: IngestTransaction): Promise<void> {
  await appendEventsIn(t.trx, t.log)
  t.log = []
}

/**
 * Writes one closeout in the ingest's transaction, on either engine (issue #17): the job link,
 * the submission, its lines and attachments, its events (into `t.log`), then lets the rules set
 * the final status. Awaits only queries on `t.trx` (engine-db.ts withTransaction).
 */
export async function writeIngestIn(t: IngestTransaction, record: IngestRecord): Promise<IngestOutcome> {
  const { trx, log } = t
  const doc = record.document
  const now = record.receivedAt
  const techActor = `tech:${doc.technician.id}`
  const job = await resolveJob(t, doc, now, techActor)
  await insertSubmissionIn(trx, doc, {
    jobId: job.id,
    supersedes: doc.supersedes && (await submissionExistsIn(trx, doc.supersedes)) ? doc.supersedes : null,
    fingerprint: record.fingerprint,
    receivedAt: now,
    archivedPath: record.archivedPath,
  })
  await insertSubmissionLinesIn(trx, await buildLinesIn(trx, t.edb.engine, doc))
  await insertAttachmentsIn(
    trx,
    doc.submissionId,
    record.attachments.map((a) => ({
      file: a.file,
      category: a.category,
      sha256: a.sha256,
      size: a.size,
      taken_at: a.takenAt,
      mime: a.mime,
    })),
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
  log.push({ jobId: job.id, type: 'submission-received', actor: techActor, at: now, data: received })
  if (!linked) {
    // Checked (not made current), so its receipt names the wrong-technician finding.
    if (displaces) await evaluateAfterIngest(t, doc)
    return { jobId: job.id, linked }
  }
  await changeJobStatusIn(
    trx,
    {
      jobId: job.id,
      from: job.status,
      to: 'submitted',
      currentSubmissionId: doc.submissionId,
      actor: ACTOR_INBOX,
      reason: doc.supersedes ? 'resubmission received' : 'closeout received',
      at: now,
    },
    log,
  )
  await evaluateAfterIngest(t, doc)
  return { jobId: job.id, linked }
}

/** The rules on a freshly stored closeout: priced, checked, and its job moved out of `submitted`. */
async function evaluateAfterIngest(t: IngestTransaction, doc: Closeout): Promise<void> {
  await evaluateSubmissionIn(t.edb, t.trx, doc.submissionId, {
    actor: 'rules',
    reason: 'closeout received',
    afterIngest: true,
    closeout: doc,
    shared: t.shared,
    log: t.log,
  })
}

/** Known id -> that job; unknown id -> a field job with that id; job.new -> a field job F-<8 of the id>. */
async function resolveJob(t: IngestTransaction, doc: Closeout, now: string, actor: string): Promise<JobLink> {
  const { trx } = t
  const technicianId = (await catalogHasIn(trx, 'technician', doc.technician.id)) ? doc.technician.id : null
  let id: string
  let values: { customer_id: string | null; site_address: string; job_type_id: string | null; description: string }
  if ('id' in doc.job) {
    const known = await findJobLinkIn(trx, doc.job.id)
    if (known) return known
    id = doc.job.id
    values = { customer_id: null, site_address: '', job_type_id: null, description: '' }
  } else {
    const wanted = doc.job.new
    const compact = doc.submissionId.replace(/-/g, '')
    id = `F-${compact.slice(0, 8)}`
    for (let n = 12; (await jobExistsIn(trx, id)) && n <= compact.length; n += 4) id = `F-${compact.slice(0, n)}`
    values = {
      customer_id: (await customerIdByNameIn(trx, t.edb.engine, wanted.customerName)) ?? null,
      site_address: wanted.siteAddress,
      job_type_id: (await catalogHasIn(trx, 'jobType', wanted.jobType)) ? wanted.jobType : null,
      description: `Unscheduled work for ${wanted.customerName}`,
    }
  }
  await insertJobRowIn(trx, { id, ...values, technician_id: technicianId, origin: 'field', created_at: now })
  t.log.push({ jobId: id, type: 'job-created', actor, at: now, data: { via: 'closeout' } })
  return { id, status: 'scheduled', technicianId, currentSubmissionId: null }
}
