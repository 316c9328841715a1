import type { Office } from '../office'
import { discardBlobs } from '../store/blob-staging'
import { moveToArchive } from './bundle-moves'
import { proveIngests, writeIngests, type CommitResult } from './ingest-commit'
import { ClaimLostError } from './ingest-group-ways'
import type { InboxGate } from './seat-gate'
import { failIngest, type EntryOutcome, type StagedIngest } from './ingest-bundle'
import { archiveMonth, type SharedLayout } from './layout'
import { writeReceipts } from '../receipts/receipts'

/**
 * Bundles committed together during a backlog. Every bundle pays fsync waits (its blobs, the
 * commit, its receipt); in a group they overlap and the commit and folder fsyncs are shared.
 * 32 bundles of 3 photos keep under a hundred files open and a few MB of bookkeeping.
 */
export const GROUP_SIZE = 32

/**
 * Commits a group: proves and publishes its blobs at once, then, once `after` has settled
 * (the previous group's transaction), writes it in one transaction. Never rejects.
 */
async function commitGroup(
  office: Office,
  group: readonly StagedIngest[],
  after: Promise<unknown>,
  gate: InboxGate,
): Promise<CommitResult[]> {
  const batch = group.map((s) => s.prepared)
  try {
    const proven = await proveIngests(batch)
    await after
    return await writeIngests(office, batch, proven, gate.claimedIn)
  } catch (error) {
    return group.map(() => ({ kind: 'failed', error }))
  }
}

/**
 * Finishes a committed group: for the bundles committed, writes their receipts and moves them
 * to the archive, in that order, exactly as a lone ingest does. A bundle that fails at any
 * step stays in the inbox for the next scan without holding up the others (a failure after
 * its commit is finished then, as after a crash).
 */
async function finishGroup(
  office: Office,
  layout: SharedLayout,
  group: readonly StagedIngest[],
  results: readonly CommitResult[],
  gate: InboxGate,
): Promise<EntryOutcome[]> {
  const committed = group.filter((_, i) => results[i]?.kind === 'ingested')
  const receiptErrors = await writeReceipts(
    office,
    committed.map((s) => s.folder),
  ).catch((error: unknown) => committed.map(() => error))
  const outcomes: EntryOutcome[] = []
  for (const [i, staged] of group.entries()) {
    const result = results[i] ?? { kind: 'failed', error: new Error('not committed') }
    if (result.kind === 'failed') {
      discardBlobs(staged.prepared.files.map((f) => f.blob))
      // Another seat took the bundle over (this seat's claim ran out): its work, not a failure of the bundle.
      outcomes.push(
        result.error instanceof ClaimLostError
          ? { kind: 'failed', message: result.error.message }
          : await failIngest(office, staged, result.error),
      )
      continue
    }
    if (result.kind === 'pending') {
      outcomes.push(await staged.stillPending(result.missing))
      continue
    }
    const receiptError = receiptErrors[committed.indexOf(staged)]
    try {
      if (receiptError) throw receiptError
      // Committed here: the files move only while this seat still holds the folder (seat-gate.ts).
      if (!gate.holds(staged.folder)) {
        outcomes.push({ kind: 'failed', message: new ClaimLostError(staged.folder).message })
        continue
      }
      await moveToArchive(layout, staged.folder, archiveMonth(staged.now), staged.folder)
      outcomes.push({ kind: 'ingested', submissionId: staged.folder, jobId: result.jobId })
    } catch (error) {
      outcomes.push(await failIngest(office, staged, error))
    }
  }
  return outcomes
}

/** Commits staged bundles as one group and finishes them (receipts, then archive moves). */
export async function commitStaged(
  office: Office,
  layout: SharedLayout,
  group: readonly StagedIngest[],
  gate: InboxGate,
): Promise<EntryOutcome[]> {
  return finishGroup(office, layout, group, await commitGroup(office, group, Promise.resolve(), gate), gate)
}

/**
 * Groups staged bundles and commits each group while the next one is being staged. A group's
 * three steps overlap with its neighbours': its blobs are proven and published (fsync waits on
 * the store workers) while the group before is written; its transaction (main thread) runs
 * while the group before writes its receipts and moves its folders, and while the main thread
 * stages the group after. Transactions run one at a time, in order, so a later bundle always
 * sees the earlier ones in the database (a correction that supersedes one in the previous
 * group); each group's receipts and moves still come after its own commit.
 */
export interface IngestPipeline {
  /** Queues a staged bundle; a full group is launched, after waiting for the group before to be written. */
  add(staged: StagedIngest): Promise<void>
  /** Commits whatever is queued and waits for every group to finish. */
  drain(): Promise<void>
  /** Which folders this seat holds (every one on the SQLite file): seat-gate.ts. */
  readonly gate: InboxGate
}

export function ingestPipeline(
  office: Office,
  layout: SharedLayout,
  done: (folder: string, outcome: EntryOutcome) => void,
  gate: InboxGate,
): IngestPipeline {
  let group: StagedIngest[] = []
  /** The last launched group's transaction, settled (commitGroup never rejects). */
  let written: Promise<unknown> = Promise.resolve()
  /** Every launched group's receipts and moves, in launch order. */
  const finished: Promise<void>[] = []
  const launch = async () => {
    const batch = group
    group = []
    const previousWritten = written
    const results = commitGroup(office, batch, previousWritten, gate)
    written = results
    const finishing = results
      .then((r) => finishGroup(office, layout, batch, r, gate))
      .then(
        (outcomes) =>
          batch.forEach((s, i) => done(s.folder, outcomes[i] ?? { kind: 'failed', message: 'not committed' })),
        (error: unknown) =>
          batch.forEach((s) =>
            done(s.folder, { kind: 'failed', message: error instanceof Error ? error.message : String(error) }),
          ),
      )
    finished.push(finishing)
    // Bounded work in flight (memory, open files): the group before is written, and the one before that finished.
    await Promise.all([previousWritten, finished[finished.length - 3]])
  }
  return {
    gate,
    async add(staged) {
      group.push(staged)
      if (group.length >= GROUP_SIZE) await launch()
    },
    async drain() {
      if (group.length) await launch()
      await written
      await Promise.all(finished)
    },
  }
}
