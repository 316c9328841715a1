import { all, first, onConnection, type Sqlite } from '../db/connection'
import type { BackupCounts } from './backup-manifest'

/** The queries backup and restore run, on the office's connection or a snapshot opened on its own. */

export { appliedMigrations as appliedMigrationNames } from '../db/connection'
export { integrityProblems } from '../db/raw-sql'

export interface BlobRef {
  sha256: string
  size: number
}

/** Every distinct blob the attachments table references. */
export function referencedBlobs(sqlite: Sqlite): BlobRef[] {
  const { db } = onConnection(sqlite)
  return all(
    sqlite,
    db
      .selectFrom('attachments')
      .select((eb) => ['sha256', eb.fn.max('size').as('size')])
      .groupBy('sha256')
      .orderBy('sha256'),
  )
}

/** Blobs whose rows disagree about their size (one hash, two sizes): the database itself is inconsistent. */
export function blobsWithConflictingSizes(sqlite: Sqlite): string[] {
  const { db } = onConnection(sqlite)
  return all(
    sqlite,
    db
      .selectFrom('attachments')
      .select('sha256')
      .groupBy('sha256')
      .having((eb) => eb.fn.count('size').distinct(), '>', 1),
  ).map((r) => r.sha256)
}

export function officeCounts(sqlite: Sqlite): BackupCounts {
  const { db } = onConnection(sqlite)
  const count = (table: 'jobs' | 'submissions' | 'export_batches' | 'job_events') =>
    Number(
      first(
        sqlite,
        db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')),
      )?.n ?? 0,
    )
  return {
    jobs: count('jobs'),
    closeouts: count('submissions'),
    batches: count('export_batches'),
    attachments: Number(
      first(
        sqlite,
        db.selectFrom('attachments').select((eb) => eb.fn.count('sha256').distinct().as('n')),
      )?.n ?? 0,
    ),
    events: count('job_events'),
  }
}

export function lastBatchId(sqlite: Sqlite): number {
  const { db } = onConnection(sqlite)
  return Number(
    first(
      sqlite,
      db.selectFrom('export_batches').select((eb) => eb.fn.max('id').as('n')),
    )?.n ?? 0,
  )
}
