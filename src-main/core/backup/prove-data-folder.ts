import BetterSqlite3 from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { verifyEventLogIn } from '../lifecycle/event-log'
import { openDatabase } from '../db/connection'
import { MIGRATIONS } from '../db/migrations/index'
import { CloseoutError } from '../errors'
import { attachmentsRoot, blobPath } from '../store/attachment-store'
import type { BackupCounts } from './backup-manifest'
import { blobsWithConflictingSizes, integrityProblems, officeCounts, referencedBlobs } from './backup.repo'
import { eachInPool } from './blob-folder'

export interface DataFolderProof {
  counts: BackupCounts
  /** Migrations run after the restore because the backup came from an older Closeout. */
  migrated: string[]
  eventLogRows: number
  attachmentsVerified: number
}

/**
 * The checks a restored data folder must pass before anyone works in it: SQLite's own
 * integrity check, the schema version (newer refused, older migrated), the event log's hash
 * chain as `verify-log` checks it, and every attachment the database references present with
 * exactly its recorded size and hash.
 */
export async function proveDataFolder(
  dataDir: string,
  backupMigrations: string[],
  nativeBinding?: string,
): Promise<DataFolderProof> {
  const file = join(dataDir, 'closeout.sqlite')
  let problems: string[]
  try {
    const raw = new BetterSqlite3(file, nativeBinding ? { nativeBinding } : {})
    try {
      problems = integrityProblems(raw)
    } finally {
      raw.close()
    }
  } catch (error) {
    // Damage bad enough that SQLite refuses to walk the file at all is the same verdict, not a crash.
    const code = String((error as { code?: unknown }).code ?? '')
    if (!code.startsWith('SQLITE_CORRUPT') && !code.startsWith('SQLITE_NOTADB')) throw error
    problems = [(error as Error).message]
  }
  if (problems.length > 0)
    throw new CloseoutError(
      'restore-integrity',
      `The restored database fails SQLite's integrity check: ${problems.slice(0, 3).join('; ')}`,
    )
  const migrated = Object.keys(MIGRATIONS).filter((name) => !backupMigrations.includes(name))
  const { sqlite, db } = await openDatabase(dataDir, nativeBinding ? { nativeBinding } : {})
  try {
    const log = await verifyEventLogIn(db)
    if (!log.ok)
      throw new CloseoutError(
        'restore-event-log',
        `The restored event log is broken at row ${log.brokenAt!.id}: ${log.brokenAt!.reason}`,
      )
    const conflicting = blobsWithConflictingSizes(sqlite)
    if (conflicting.length > 0)
      throw new CloseoutError('restore-attachments', `The database records two sizes for attachment ${conflicting[0]}`)
    const blobs = referencedBlobs(sqlite)
    await eachInPool(blobs, 8, async (blob) => {
      const data = await readFile(blobPath(attachmentsRoot(dataDir), blob.sha256)).catch(() => null)
      if (data === null)
        throw new CloseoutError('restore-attachments', `The attachment ${blob.sha256} is missing after the restore`)
      if (data.length !== blob.size || createHash('sha256').update(data).digest('hex') !== blob.sha256)
        throw new CloseoutError(
          'restore-attachments',
          `The attachment ${blob.sha256} does not match the hash the database records`,
        )
    })
    return { counts: officeCounts(sqlite), migrated, eventLogRows: log.rows, attachmentsVerified: blobs.length }
  } finally {
    await db.destroy()
  }
}
