import type { Sqlite } from '../db/connection'
import type { BackupCounts } from './backup-manifest'

/** The queries backup and restore run, on the office's connection or a snapshot opened on its own. */

export interface BlobRef {
  sha256: string
  size: number
}

/** Every distinct blob the attachments table references. */
export function referencedBlobs(sqlite: Sqlite): BlobRef[] {
  return sqlite
    .prepare('SELECT sha256, MAX(size) AS size FROM attachments GROUP BY sha256 ORDER BY sha256')
    .all() as BlobRef[]
}

/** Blobs whose rows disagree about their size (one hash, two sizes): the database itself is inconsistent. */
export function blobsWithConflictingSizes(sqlite: Sqlite): string[] {
  return (
    sqlite.prepare('SELECT sha256 FROM attachments GROUP BY sha256 HAVING COUNT(DISTINCT size) > 1').all() as {
      sha256: string
    }[]
  ).map((r) => r.sha256)
}

export function officeCounts(sqlite: Sqlite): BackupCounts {
  const count = (table: string) => (sqlite.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n
  return {
    jobs: count('jobs'),
    closeouts: count('submissions'),
    batches: count('export_batches'),
    attachments: (sqlite.prepare('SELECT COUNT(DISTINCT sha256) AS n FROM attachments').get() as { n: number }).n,
    events: count('job_events'),
  }
}

export function lastBatchId(sqlite: Sqlite): number {
  return (sqlite.prepare('SELECT COALESCE(MAX(id), 0) AS n FROM export_batches').get() as { n: number }).n
}

/** The migrations applied to a database, oldest first (empty for a database Closeout never opened). */
export function appliedMigrationNames(sqlite: Sqlite): string[] {
  const table = sqlite
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'`)
    .get()
  if (!table) return []
  return (sqlite.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as { name: string }[]).map(
    (r) => r.name,
  )
}

/** `PRAGMA integrity_check`: an empty list when SQLite finds nothing wrong. */
export function integrityProblems(sqlite: Sqlite): string[] {
  const rows = sqlite.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[]
  const messages = rows.map((r) => r.integrity_check)
  return messages.length === 1 && messages[0] === 'ok' ? [] : messages
}
