import BetterSqlite3 from 'better-sqlite3'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync } from 'node:fs'
import { stat, unlink } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { CloseoutError } from '../errors'
import type { Office, SqliteOffice } from '../office'
import { attachmentsRoot, blobPath } from '../store/attachment-store'
import { stagingDir } from '../store/temp-sweep'
import { ArchiveWriter, type WriteFault } from './archive-writer'
import {
  attachmentEntryName,
  DATABASE_ENTRY,
  MANIFEST_ENTRY,
  type BackupCounts,
  type BackupManifest,
} from './backup-manifest'
import { appliedMigrationNames, lastBatchId, officeCounts, referencedBlobs, type BlobRef } from './backup.repo'
import { copyBlobIntoFolder, eachInPool } from './blob-folder'
import { closeoutVersion } from './closeout-version'

export interface BackupOptions {
  /** The backup file to write; it must not exist. */
  out: string
  /**
   * `inside`: one self-contained file (the command line's `backup --out`). `blobs-folder`: the
   * automatic backups' incremental form, blobs in `<folder of out>/blobs/` shared by every backup.
   */
  attachments: 'inside' | 'blobs-folder'
  /** Test seam to simulate a full disk part-way through. */
  fault?: WriteFault
  now?: Date
}

export interface BackupResult {
  file: string
  size: number
  createdAt: string
  counts: BackupCounts
  lastBatchId: number
  /** Blobs copied into the backup folder's blob store by this run (incremental backups). */
  blobsCopied: number
  blobBytesCopied: number
  durationMs: number
}

/**
 * An online backup of the office: a consistent SQLite snapshot (the backup API, safe while the
 * office keeps working), every attachment blob that snapshot references, and the manifest,
 * written last into one tar file under a temp name and renamed into place once durable.
 */
export async function createBackup(office: SqliteOffice, options: BackupOptions): Promise<BackupResult> {
  const started = Date.now()
  const out = resolve(options.out)
  if (existsSync(out)) throw new CloseoutError('file-exists', `${out} already exists; choose a new file name`)
  const dir = dirname(out)
  // The snapshot is a SQLite file: it is made on this computer (the store's swept staging folder), never
  // in a backup folder a sync client may lock or upload half-written; only the finished tar goes there.
  const snapshotDir = stagingDir(attachmentsRoot(office.dataDir))
  const snapshotPath = join(snapshotDir, `.${basename(out)}.${randomBytes(4).toString('hex')}.db.tmp`)
  let writer: ArchiveWriter | null = null
  try {
    mkdirSync(dir, { recursive: true })
    mkdirSync(snapshotDir, { recursive: true })
    writer = await ArchiveWriter.create(out, options.fault)
    await office.sqlite.backup(snapshotPath)
    const facts = readSnapshotFacts(snapshotPath, office.nativeBinding)
    const database = await writer.addGzipped(DATABASE_ENTRY, snapshotPath)
    let copied = { blobs: 0, bytes: 0 }
    if (options.attachments === 'inside') {
      for (const blob of facts.blobs) {
        const entry = await writer
          .addFile(attachmentEntryName(blob.sha256), blobPath(office.attachmentsDir, blob.sha256))
          .catch((error: NodeJS.ErrnoException) => {
            throw error.code === 'ENOENT' ? damagedBlob(office, blob) : error
          })
        if (entry.sha256 !== blob.sha256 || entry.size !== blob.size) throw damagedBlob(office, blob)
      }
    } else {
      copied = await copyMissingBlobs(office, dir, facts.blobs)
    }
    const createdAt = (options.now ?? new Date()).toISOString()
    const manifest: BackupManifest = {
      schema: 'closeout-backup/v1',
      createdAt,
      closeoutVersion: closeoutVersion(),
      migrations: facts.migrations,
      database: { entry: DATABASE_ENTRY, size: database.size, sha256: database.sha256 },
      attachmentsStored: options.attachments,
      attachments: facts.blobs,
      counts: facts.counts,
      lastBatchId: facts.lastBatchId,
    }
    await writer.addBuffer(MANIFEST_ENTRY, Buffer.from(`${JSON.stringify(manifest)}\n`, 'utf8'))
    await writer.commit()
    writer = null
    const { size } = await stat(out)
    return {
      file: out,
      size,
      createdAt,
      counts: facts.counts,
      lastBatchId: facts.lastBatchId,
      blobsCopied: copied.blobs,
      blobBytesCopied: copied.bytes,
      durationMs: Date.now() - started,
    }
  } catch (error) {
    await writer?.abort()
    throw asBackupError(error, dir)
  } finally {
    for (const suffix of ['', '-journal', '-wal', '-shm'])
      await unlink(`${snapshotPath}${suffix}`).catch(() => undefined)
  }
}

interface SnapshotFacts {
  blobs: BlobRef[]
  counts: BackupCounts
  migrations: string[]
  lastBatchId: number
}

/**
 * What the snapshot holds, read from the snapshot itself so the blob list matches it exactly
 * (ingest may add rows to the live database meanwhile). It is made a plain rollback-journal
 * file first: a restored database is then one file, with no WAL to go missing.
 */
function readSnapshotFacts(snapshotPath: string, nativeBinding: string | undefined): SnapshotFacts {
  const snap = new BetterSqlite3(snapshotPath, nativeBinding ? { nativeBinding } : {})
  try {
    snap.pragma('journal_mode = DELETE')
    return {
      blobs: referencedBlobs(snap),
      counts: officeCounts(snap),
      migrations: appliedMigrationNames(snap),
      lastBatchId: lastBatchId(snap),
    }
  } finally {
    snap.close()
  }
}

async function copyMissingBlobs(
  office: Office,
  backupDir: string,
  blobs: BlobRef[],
): Promise<{ blobs: number; bytes: number }> {
  let count = 0
  let bytes = 0
  await eachInPool(blobs, 8, async (blob) => {
    const outcome = await copyBlobIntoFolder(backupDir, blobPath(office.attachmentsDir, blob.sha256), blob)
    if (outcome === 'damaged') throw damagedBlob(office, blob)
    if (outcome === 'copied') {
      count++
      bytes += blob.size
    }
  })
  return { blobs: count, bytes }
}

function damagedBlob(office: Office, blob: BlobRef): CloseoutError {
  return new CloseoutError(
    'attachment-damaged',
    `The attachment ${blob.sha256} in ${office.dataDir} is missing or no longer matches its hash; the backup stopped so it does not copy a damaged photo as good`,
  )
}

function asBackupError(error: unknown, dir: string): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code
  if (code === 'ENOSPC' || code === 'EDQUOT')
    return new CloseoutError(
      'disk-full',
      `The backup folder ${dir} is full; this backup was not written and earlier backups are untouched. Free some space or choose another folder in Settings > Backups`,
    )
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOTDIR')
    return new CloseoutError(
      'backup-folder-not-writable',
      `Closeout cannot write to the backup folder ${dir} (${code})`,
    )
  if (code === 'ENOENT' && !(error instanceof CloseoutError))
    return new CloseoutError('backup-failed', `The backup could not be written: ${(error as Error).message}`)
  return error
}
