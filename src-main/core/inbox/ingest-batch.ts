import type { Office } from '../office'
import { discardBlobs } from '../store/blob-staging'
import { moveToArchive } from './bundle-moves'
import { commitIngests, type CommitResult } from './ingest-commit'
import { failIngest, type EntryOutcome, type StagedIngest } from './ingest-bundle'
import { archiveMonth, type SharedLayout } from './layout'
import { writeReceipts } from './receipts'

/**
 * Bundles committed together during a backlog. Every bundle pays fsync waits (its blobs, the
 * commit, its receipt); in a group they overlap and the commit and folder fsyncs are shared.
 * 32 bundles of 3 photos keep under a hundred files open and a few MB of bookkeeping.
 */
export const GROUP_SIZE = 32

/**
 * Commits staged bundles as one group, then, for those committed, writes their receipts and
 * moves them to the archive, in that order, exactly as a lone ingest does. A bundle that fails
 * at any step stays in the inbox for the next scan without holding up the others (a failure
 * after its commit is finished then, as after a crash).
 */
export async function commitStaged(office: Office, layout: SharedLayout, group: readonly StagedIngest[]): Promise<EntryOutcome[]> {
  let results: CommitResult[]
  try {
    results = await commitIngests(
      office,
      group.map((s) => s.prepared),
    )
  } catch (error) {
    results = group.map(() => ({ kind: 'failed', error }))
  }

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
      outcomes.push(failIngest(office, staged, result.error))
      continue
    }
    if (result.kind === 'pending') {
      outcomes.push(staged.stillPending(result.missing))
      continue
    }
    const receiptError = receiptErrors[committed.indexOf(staged)]
    try {
      if (receiptError) throw receiptError
      await moveToArchive(layout, staged.folder, archiveMonth(staged.now), staged.folder)
      outcomes.push({ kind: 'ingested', submissionId: staged.folder, jobId: result.jobId })
    } catch (error) {
      outcomes.push(failIngest(office, staged, error))
    }
  }
  return outcomes
}

/**
 * Groups staged bundles and commits each group while the next one is being staged: the
 * commit's fsync waits (thread pool) overlap the hashing and copying of the next group (main
 * thread). At most one group commits at a time, in order, so a later bundle always sees the
 * earlier ones in the database (a correction that supersedes one in the previous group).
 */
export interface IngestPipeline {
  /** Queues a staged bundle; a full group waits for the previous commit, then starts its own. */
  add(staged: StagedIngest): Promise<void>
  /** Commits whatever is queued and waits for every commit. */
  drain(): Promise<void>
}

export function ingestPipeline(office: Office, layout: SharedLayout, done: (folder: string, outcome: EntryOutcome) => void): IngestPipeline {
  let group: StagedIngest[] = []
  let committing: Promise<void> = Promise.resolve()
  const launch = async () => {
    const batch = group
    group = []
    await committing
    committing = commitStaged(office, layout, batch).then(
      (outcomes) => batch.forEach((s, i) => done(s.folder, outcomes[i] ?? { kind: 'failed', message: 'not committed' })),
      (error: unknown) => batch.forEach((s) => done(s.folder, { kind: 'failed', message: error instanceof Error ? error.message : String(error) })),
    )
  }
  return {
    async add(staged) {
      group.push(staged)
      if (group.length >= GROUP_SIZE) await launch()
    },
    async drain() {
      if (group.length) await launch()
      await committing
    },
  }
}
