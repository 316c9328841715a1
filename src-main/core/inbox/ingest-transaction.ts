import type { Kysely } from 'kysely'
import { canTransition } from '../../../src-shared/domain/status'
import type { Closeout } from '../../../src-shared/schemas/closeout'
import type { EngineDb } from '../db/engine-db'
import type { Database } from '../db/schema'
import { evaluateSubmissionsIn } from '../lifecycle/evaluate'
import { appendEventsIn, type NewEvent } from '../lifecycle/event-log'
import { loadRulesSharedAsync } from '../lifecycle/load-submissions'
import { logStatusChange, type StatusChange } from '../lifecycle/job-status'
import type { RulesShared } from '../lifecycle/rules-context'
import { insertJobRowIn, jobExistsIn, type JobLink } from '../jobs/job-rows.repo'
import {
  insertAttachmentsOfIn,
  insertSubmissionLinesIn,
  insertSubmissionsIn,
  submissionExistsIn,
  type NewLine,
} from '../jobs/submissions.repo'
import { catalogHasIn, customerIdByNameIn } from '../setup/catalog-reads.repo'
import { IngestReads } from './ingest-reads'
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
  /** Technicians, taxability and jobs, read once for the transaction's closeouts. */
  reads: IngestReads
  /**
   * The events, in order, for the caller to append (appendEventsIn) before the transaction
   * ends: one append for a group instead of one per event, the same rows and chain.
   */
  log: NewEvent[]
}

/**
 * The start of closeouts' writing in `trx` (a withTransaction body's): the rules' context read
 * once, and what `docs` (the closeouts about to be written) will look up.
 */
export async function openIngest(
  edb: EngineDb,
  trx: Kysely<Database>,
  docs: readonly Closeout[] = [],
): Promise<IngestTransaction> {
  const reads = new IngestReads(trx, edb.engine)
  await reads.prefetch(docs)
  return { trx, edb, shared: await loadRulesSharedAsync({ ...edb, db: trx }), reads, log: [] }
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
  const decided = await decideIngest(t, record)
  await writeDecided(t, [decided])
  return decided.outcome
}

/** A closeout decided in the ingest's transaction (its job found or created): its rows still to write. */
export interface DecidedIngest {
  record: IngestRecord
  job: JobLink
  supersedes: string | null
  /** Stored and made the job's current submission (moved to `submitted`, then judged by the rules). */
  linked: boolean
  /** Sent as someone other than the job's technician while the job has a closeout: held, but checked. */
  displaces: boolean
  /** Its events, in order (appended to `t.log` when it is written). */
  log: NewEvent[]
  outcome: IngestOutcome
}

/**
 * The first half of writing a closeout: finds or creates its job and decides what becomes of it.
 * `pending`: the submissions decided but not yet written in this transaction (one may supersede
 * another). Writes only a new job's row.
 */
export async function decideIngest(
  t: IngestTransaction,
  record: IngestRecord,
  pending: ReadonlySet<string> = new Set(),
): Promise<DecidedIngest> {
  const doc = record.document
  const techActor = `tech:${doc.technician.id}`
  const log: NewEvent[] = []
  const job = await resolveJob(t, doc, record.receivedAt, techActor, log)
  const supersedes =
    doc.supersedes && (pending.has(doc.supersedes) || (await submissionExistsIn(t.trx, doc.supersedes)))
      ? doc.supersedes
      : null
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
  log.push({ jobId: job.id, type: 'submission-received', actor: techActor, at: record.receivedAt, data: received })
  t.reads.touch(job.id)
  return { record, job, supersedes, linked, displaces, log, outcome: { jobId: job.id, linked } }
}

/**
 * The second half, for closeouts decided in this transaction, each of a DIFFERENT job: their
 * submissions, lines and attachments (a statement each for all of them), each linked one moved to
 * `submitted`, then the rules on them together (a linked one, and one held because it was sent
 * as someone else, so its receipt names the wrong-technician finding). Their events go to
 * `t.log` closeout by closeout, in the order decided: the rows and chain one closeout at a time
 * would have written.
 */
export async function writeDecided(t: IngestTransaction, decided: readonly DecidedIngest[]): Promise<void> {
  const { trx } = t
  await insertSubmissionsIn(
    trx,
    decided.map((s) => ({
      doc: s.record.document,
      arrival: {
        jobId: s.job.id,
        supersedes: s.supersedes,
        fingerprint: s.record.fingerprint,
        receivedAt: s.record.receivedAt,
        archivedPath: s.record.archivedPath,
      },
    })),
  )
  const lines: NewLine[] = []
  for (const s of decided) lines.push(...(await buildLinesIn(t.reads, s.record.document)))
  await insertSubmissionLinesIn(trx, lines)
  await insertAttachmentsOfIn(
    trx,
    decided.map((s) => ({ submissionId: s.record.document.submissionId, attachments: attachmentRows(s.record) })),
  )
  // Each linked closeout moves its job to `submitted`: logged now, its row written with the rules' verdict.
  const moves = new Map(
    decided
      .filter((s) => s.linked)
      .map((s) => {
        const doc = s.record.document
        const move: StatusChange = {
          jobId: s.job.id,
          from: s.job.status,
          to: 'submitted',
          currentSubmissionId: doc.submissionId,
          actor: ACTOR_INBOX,
          reason: doc.supersedes ? 'resubmission received' : 'closeout received',
          at: s.record.receivedAt,
        }
        logStatusChange(move, s.log)
        return [s, move] as const
      }),
  )
  const judged = decided.filter((s) => s.linked || s.displaces)
  const evaluations =
    judged.length > 0
      ? await evaluateSubmissionsIn(
          t.edb,
          trx,
          judged.map((s) => ({
            submissionId: s.record.document.submissionId,
            closeout: s.record.document,
            log: s.log,
            submitted: moves.get(s),
          })),
          { actor: 'rules', reason: 'closeout received', afterIngest: true, shared: t.shared, reads: t.reads.context },
        )
      : []
  // Each job as now written, for a later closeout of the same job in this transaction.
  for (const s of decided) {
    const status = s.linked ? evaluations[judged.indexOf(s)]?.status : s.job.status
    if (status === undefined) continue
    const current = s.linked ? s.record.document.submissionId : s.job.currentSubmissionId
    t.reads.know({ ...s.job, status, currentSubmissionId: current })
  }
  for (const s of decided) t.log.push(...s.log)
}

function attachmentRows(record: IngestRecord) {
  return record.attachments.map((a) => ({
    file: a.file,
    category: a.category,
    sha256: a.sha256,
    size: a.size,
    taken_at: a.takenAt,
    mime: a.mime,
  }))
}

/** Known id -> that job; unknown id -> a field job with that id; job.new -> a field job F-<8 of the id>. */
async function resolveJob(
  t: IngestTransaction,
  doc: Closeout,
  now: string,
  actor: string,
  log: NewEvent[],
): Promise<JobLink> {
  const { trx } = t
  const technicianId = (await t.reads.isTechnician(doc.technician.id)) ? doc.technician.id : null
  let id: string
  let values: { customer_id: string | null; site_address: string; job_type_id: string | null; description: string }
  if ('id' in doc.job) {
    const known = await t.reads.jobLink(doc.job.id)
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
  t.reads.touch(id)
  log.push({ jobId: id, type: 'job-created', actor, at: now, data: { via: 'closeout' } })
  return { id, status: 'scheduled', technicianId, currentSubmissionId: null }
}
