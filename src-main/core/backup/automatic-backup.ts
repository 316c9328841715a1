import { readdirSync, rmSync, statSync, unlinkSync } from 'node:fs'
import { join } from 'node:path'
import { backupsToKeep } from '../../../src-shared/domain/backup-retention'
import { withTransaction, type EngineDb } from '../db/engine-db'
import type { Office, SqliteOffice } from '../office'
import { recordSettingChangeIn } from '../settings/settings-audit'
import { readSettingAsync, writeSettingIn } from '../settings/settings-store'
import { STALE_TEMP_MS, sweepStaleTemps } from '../store/temp-sweep'
import { BACKUP_EXTENSION } from './backup-manifest'
import { BLOBS_FOLDER } from './blob-folder'
import { createBackup, type BackupResult } from './create-backup'
import { checkBackupFolder } from './folder-checks'
import { readBackup } from './restore-backup'
import type { WriteFault } from './archive-writer'

/**
 * Automatic backups: one file per backup in the backup folder Settings names (default
 * `<shared>/backups`, off the PC and synced with the shared folder), attachments in the folder's
 * shared `blobs/` store so a backup copies only new photos. After each good backup the folder
 * is trimmed to 7 daily, 4 weekly and 12 monthly backups, never the newest good one, and blobs
 * no kept backup needs are removed, and so are the half-written temp files a killed backup left.
 */
const FOLDER_KEY = 'backups.folder'
const LAST_KEY = 'backups.last'
const ERROR_KEY = 'backups.lastError'

export interface LastBackup {
  at: string
  file: string
  size: number
  lastBatchId: number
}

/** Where automatic backups go: the folder saved in Settings, else `<shared>/backups` (this seat's shared folder). */
export async function backupFolder(office: Pick<Office, 'sharedDir'> & Pick<EngineDb, 'db'>): Promise<string> {
  const saved = await readSettingAsync(office, FOLDER_KEY)
  return typeof saved === 'string' && saved ? saved : join(office.sharedDir, 'backups')
}

/**
 * Saves the backup folder once it is checked (made and written to: before the transaction, which
 * touches no file); with `audit`, its before/after goes into the log in the same transaction.
 */
export async function saveBackupFolder(office: Office, folder: string, audit?: { userId: string }): Promise<void> {
  const dir = checkBackupFolder(folder, office.dataDir)
  await withTransaction(office, async (trx) => {
    const before = await backupFolder({ db: trx, sharedDir: office.sharedDir })
    await writeSettingIn(trx, FOLDER_KEY, dir)
    if (audit)
      await recordSettingChangeIn(trx, {
        userId: audit.userId,
        section: 'backups',
        before: { folder: before },
        after: { folder: dir },
      })
  })
}

export async function lastBackup(edb: Pick<EngineDb, 'db'>): Promise<LastBackup | null> {
  const v = (await readSettingAsync(edb, LAST_KEY)) as LastBackup | undefined
  return v && typeof v.at === 'string' && typeof v.size === 'number' ? v : null
}

export async function lastBackupError(edb: Pick<EngineDb, 'db'>): Promise<{ at: string; message: string } | null> {
  const v = (await readSettingAsync(edb, ERROR_KEY)) as { at: string; message: string } | undefined
  return v && typeof v.message === 'string' ? v : null
}

export function backupFileName(now: Date): string {
  return `closeout-${now
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-')}${BACKUP_EXTENSION}`
}

/** One automatic backup now, then rotation. A failure is recorded for the health line and rethrown. */
export async function runAutomaticBackup(
  office: SqliteOffice,
  options: { now?: Date; fault?: WriteFault } = {},
): Promise<BackupResult> {
  const now = options.now ?? new Date()
  const dir = await backupFolder(office)
  let result: BackupResult
  try {
    result = await createBackup(office, {
      out: join(dir, backupFileName(now)),
      attachments: 'blobs-folder',
      now,
      ...(options.fault ? { fault: options.fault } : {}),
    })
  } catch (error) {
    const failed = { at: now.toISOString(), message: (error as Error).message }
    await withTransaction(office, (trx) => writeSettingIn(trx, ERROR_KEY, failed))
    throw error
  }
  const last: LastBackup = {
    at: result.createdAt,
    file: result.file,
    size: result.size,
    lastBatchId: result.lastBatchId,
  }
  await withTransaction(office, async (trx) => {
    await writeSettingIn(trx, LAST_KEY, last)
    await writeSettingIn(trx, ERROR_KEY, null)
  })
  await rotateBackups(dir, now.getTime())
  return result
}

/**
 * Deletes the backups retention no longer keeps, then the blobs no kept backup lists, then the
 * stale temp files of backups killed part-way (each can be as large as a whole backup, and the
 * sync client would otherwise carry them forever).
 */
export async function rotateBackups(
  dir: string,
  now = Date.now(),
): Promise<{ deleted: string[]; blobsRemoved: number }> {
  const names = readdirSync(dir).filter((n) => n.endsWith(BACKUP_EXTENSION) && !n.startsWith('.'))
  const good: { name: string; createdAt: string; blobs: string[] }[] = []
  for (const name of names) {
    try {
      const { manifest } = await readBackup(join(dir, name))
      good.push({ name, createdAt: manifest.createdAt, blobs: manifest.attachments.map((a) => a.sha256) })
    } catch {
      // Not a complete backup (copied in by hand, damaged): not ours to judge or delete.
    }
  }
  const keep = backupsToKeep(good)
  const deleted: string[] = []
  const needed = new Set<string>()
  for (const b of good) {
    if (keep.has(b.name)) for (const sha of b.blobs) needed.add(sha)
    else {
      unlinkSync(join(dir, b.name))
      deleted.push(b.name)
    }
  }
  sweepStaleTemps(dir, now)
  return { deleted, blobsRemoved: removeUnneededBlobs(join(dir, BLOBS_FOLDER), needed, now) }
}

/** blob-folder's temp copies: `<sha256>.<8 hex>.tmp` beside the blob. */
const BLOB_TEMP = /^[0-9a-f]{64}\.[0-9a-f]{8}\.tmp$/

function removeUnneededBlobs(root: string, needed: Set<string>, now: number): number {
  let removed = 0
  const walk = (dir: string, depth: number) => {
    let names: string[]
    try {
      names = readdirSync(dir)
    } catch {
      return
    }
    for (const name of names) {
      const path = join(dir, name)
      if (depth < 2) {
        if (statSync(path).isDirectory()) walk(path, depth + 1)
      } else if (/^[0-9a-f]{64}$/.test(name) && !needed.has(name)) {
        rmSync(path, { force: true })
        removed++
      } else if (BLOB_TEMP.test(name) && isStale(path, now)) {
        rmSync(path, { force: true })
      }
    }
  }
  walk(root, 0)
  return removed
}

function isStale(path: string, now: number): boolean {
  try {
    return now - statSync(path).mtimeMs >= STALE_TEMP_MS
  } catch {
    return false // renamed into place by its writer meanwhile
  }
}
