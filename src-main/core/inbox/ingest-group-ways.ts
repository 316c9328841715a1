import type { Kysely } from 'kysely'
import { endsTransaction, inSavepoint, type EngineDb } from '../db/engine-db'
import type { Database } from '../db/schema'
import type { BlobCheck } from '../store/blob-staging'
import { sniffMime } from './bundle-files'
import { saveBundle, saveBundles } from './bundles.repo'
import type { CommitResult, PreparedIngest, ProvenGroup } from './ingest-commit'
import {
  closeIngest,
  openIngest,
  decideIngest,
  writeIngestIn,
  writeDecided,
  type IngestRecord,
  type IngestTransaction,
  type DecidedIngest,
  type StoredAttachment,
} from './ingest-transaction'
import { archiveMonth } from './layout'

/*
 * The two ways a group of proven bundles is written in its transaction (ingest-commit.ts
 * writeIngests): quickly, a few statements for the whole group; or carefully, each bundle in a
 * savepoint of its own, when one of them failed the quick way.
 */

/**
 * In the ingest transaction, which of the group's folders this seat still holds the claims of
 * (marking them done): all of them on the SQLite file; on PostgreSQL the leases (inbox/seat-gate.ts
 * `claimedIn`). A folder left out must not be committed here.
 */
export type ClaimCheck = (trx: Kysely<Database>, folders: readonly string[]) => Promise<ReadonlySet<string>>

/** A bundle whose claim another seat took over while this one staged it: left for that seat, not a failure of the bundle. */
export class ClaimLostError extends Error {
  constructor(readonly folder: string) {
    super(`another seat took over ${folder} (this seat's claim ran out): that seat ingests it`)
  }
}

/** A bundle of the group failed the quick way: write the group again the careful way. */
export class QuickWayFailed extends Error {
  constructor(override readonly cause: unknown) {
    super('a bundle of the group failed; the group is written again one savepoint per bundle')
  }
}

/** A bundle ready to write: its index in the group, its closeout as stored. */
interface Ready {
  i: number
  p: PreparedIngest
  record: IngestRecord
}

export type GroupWriter = (
  t: IngestTransaction,
  ready: readonly Ready[],
  results: (CommitResult | null)[],
) => Promise<void>

/** The withTransaction body: the claims checked, the ready bundles written by `write`, the events appended. */
export async function writeGroup(
  edb: EngineDb,
  trx: Kysely<Database>,
  batch: readonly PreparedIngest[],
  proven: ProvenGroup,
  claimed: ClaimCheck,
  write: GroupWriter,
): Promise<CommitResult[]> {
  // Afresh on every attempt: PostgreSQL may run the body again after a serialization failure.
  const results = [...proven.results]
  const waiting = batch.flatMap((p, i) => (results[i] ? [] : [{ i, p }]))
  if (waiting.length === 0) return results.map((r) => r!)
  const held = await claimed(
    trx,
    waiting.map((w) => w.p.folder),
  )
  const ready: Ready[] = []
  for (const { i, p } of waiting) {
    if (!held.has(p.folder)) results[i] = { kind: 'failed', error: new ClaimLostError(p.folder) }
    else ready.push({ i, p, record: recordOf(p, attachmentsOf(p, proven.checks[i] ?? [])) })
  }
  const t = await openIngest(
    edb,
    trx,
    ready.map((r) => r.record.document),
  )
  await write(t, ready, results)
  await closeIngest(t)
  return results.map((r) => r ?? { kind: 'failed', error: new Error('not committed') })
}

/**
 * The quick way: the group in runs of closeouts of different jobs (a second closeout for a job
 * starts a new run, so it finds the job as the first one left it), each run decided, then written
 * together (ingest-transaction.ts writeDecided), then every inbox row in one statement.
 */
export const writeQuickly: GroupWriter = async (t, ready, results) => {
  try {
    let run: { ready: Ready; decided: DecidedIngest }[] = []
    const jobs = new Set<string>()
    const pending = new Set<string>()
    const flush = async () => {
      await writeDecided(
        t,
        run.map((r) => r.decided),
      )
      for (const { ready: r, decided } of run) results[r.i] = { kind: 'ingested', jobId: decided.outcome.jobId }
      run = []
      jobs.clear()
      pending.clear()
    }
    for (const r of ready) {
      const doc = r.record.document
      if (('id' in doc.job && jobs.has(doc.job.id)) || pending.has(doc.submissionId)) await flush()
      const decided = await decideIngest(t, r.record, pending)
      // Cannot happen (a job.new gets an id no job has): were it to, the careful way writes the group.
      if (jobs.has(decided.job.id)) throw new Error(`job ${decided.job.id} twice in one run`)
      jobs.add(decided.job.id)
      pending.add(doc.submissionId)
      run.push({ ready: r, decided })
    }
    await flush()
    await saveBundles(
      t.trx,
      ready.map((r) => ({ folder: r.p.folder, update: ingestedRow(r) })),
    )
  } catch (error) {
    if (endsTransaction(error)) throw error
    throw new QuickWayFailed(error)
  }
}

/** The careful way: each bundle in its own savepoint, written alone; one that fails rolls back alone. */
export const writeCarefully: GroupWriter = async (t, ready, results) => {
  for (const r of ready) {
    const mark = t.log.length
    try {
      results[r.i] = await inSavepoint(t.trx, async () => {
        const { jobId } = await writeIngestIn(t, r.record)
        await saveBundle(t.trx, r.p.folder, ingestedRow(r))
        return { kind: 'ingested', jobId }
      })
    } catch (error) {
      if (endsTransaction(error)) throw error
      t.log.length = mark
      // Its savepoint undid whatever it wrote: what was known of its job no longer holds.
      t.reads.forgetJobs()
      results[r.i] = { kind: 'failed', error }
    }
  }
}

function recordOf(p: PreparedIngest, attachments: StoredAttachment[]): IngestRecord {
  return {
    document: p.document,
    fingerprint: p.fingerprint,
    receivedAt: p.now,
    archivedPath: `archive/${archiveMonth(p.now)}/${p.folder}`,
    attachments,
    conflictCopiesUsed: p.conflictCopiesUsed,
  }
}

/** A bundle's inbox row as ingested (where it will be archived). */
function ingestedRow(r: Ready) {
  return {
    state: 'ingested' as const,
    submissionId: r.p.document.submissionId,
    detail: { movedTo: r.record.archivedPath },
    now: r.p.now,
  }
}

function attachmentsOf(p: PreparedIngest, checks: BlobCheck[]): StoredAttachment[] {
  return p.files.flatMap((f, j) => {
    const check = checks[j]
    if (!f.ref || check?.kind !== 'ok') return []
    return [
      {
        file: f.path,
        category: f.ref.category,
        sha256: f.sha256,
        size: f.size,
        takenAt: f.ref.takenAt,
        mime: sniffMime(check.head, f.path),
      },
    ]
  })
}
