import type { Office, SqliteOffice } from '../office'
import { postgresBackupAdvice } from './postgres-advice'
import { lastBatchId } from './backup.repo'
import { backupFolder, lastBackup, lastBackupError, runAutomaticBackup } from './automatic-backup'

const DAY = 24 * 60 * 60 * 1000
/** A backup older than this is a Needs-attention item. */
export const BACKUP_STALE_AFTER_MS = 2 * DAY

export interface BackupStatus {
  folder: string
  last: { at: string; file: string; size: number } | null
  lastError: { at: string; message: string } | null
  running: boolean
  /** No backup, or the last good one is older than two days: the office should look. */
  needsAttention: boolean
  /** On PostgreSQL: what backs the office up instead (pg_dump on the server); null on the SQLite file. */
  postgres: string | null
}

const running = new WeakSet<SqliteOffice>()

export async function backupStatus(office: Office, now = Date.now()): Promise<BackupStatus> {
  if (office.engine === 'postgres')
    return {
      folder: '',
      last: null,
      lastError: null,
      running: false,
      needsAttention: false,
      postgres: postgresBackupAdvice(office.database, office.attachmentsDir, new Date(now)),
    }
  const last = await lastBackup(office)
  return {
    folder: await backupFolder(office),
    last: last ? { at: last.at, file: last.file, size: last.size } : null,
    lastError: await lastBackupError(office),
    running: running.has(office),
    needsAttention: !last || now - Date.parse(last.at) > BACKUP_STALE_AFTER_MS,
    postgres: null,
  }
}

/** Whether an automatic backup is due: none yet, the last one a day old, or an export batch since. */
export async function backupDue(office: SqliteOffice, now = Date.now()): Promise<boolean> {
  const last = await lastBackup(office)
  if (!last) return true
  if (now - Date.parse(last.at) >= DAY) return true
  return lastBatchId(office.sqlite) > last.lastBatchId
}

/** One backup at a time per office; a failure is recorded (backupStatus) and never stops the office. */
export async function backupIfDue(office: SqliteOffice, force = false): Promise<boolean> {
  if (running.has(office)) return false
  running.add(office)
  try {
    if (!force && !(await backupDue(office))) return false
    await runAutomaticBackup(office)
    return true
  } catch (error) {
    console.warn(`closeout: automatic backup failed: ${(error as Error).message}`)
    return false
  } finally {
    running.delete(office)
  }
}

/**
 * While the app or `serve` runs: checks every minute whether a backup is due (daily, and after
 * every export batch, which it notices by the batch table's newest id).
 */
export function startBackupScheduler(office: Office, intervalMs = 60_000): { stop: () => Promise<void> } {
  // On PostgreSQL the server holds the office: pg_dump there backs it up (backupStatus says so).
  if (office.engine === 'postgres') return { stop: async () => undefined }
  let current: Promise<unknown> = Promise.resolve()
  const tick = () => {
    current = backupIfDue(office)
  }
  const first = setTimeout(tick, 5_000)
  const timer = setInterval(tick, intervalMs)
  first.unref()
  timer.unref()
  return {
    stop: async () => {
      clearTimeout(first)
      clearInterval(timer)
      await current
    },
  }
}
