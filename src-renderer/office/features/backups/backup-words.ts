import type { BackupStatus } from '../../../../src-shared/api/backups'
import { formatAgo, formatBytes } from '../../app/format'

/** When the last backup ran, in a few words (the inbox's health line): "Last backup 3 days ago". */
export function lastBackupAgo(status: BackupStatus, now = Date.now()): string {
  if (!status.last) return 'No backup yet'
  const ago = formatAgo(status.last.at, now)
  return `Last backup ${ago === 'now' ? 'just now' : ago}`
}

/** The one sentence about the last backup Settings shows: when, and how large. */
export function lastBackupText(status: BackupStatus, now = Date.now()): string {
  return status.last ? `${lastBackupAgo(status, now)} (${formatBytes(status.last.size)})` : lastBackupAgo(status, now)
}

/** Why backups need the office's attention, in a few plain words (one line), or null when they do not. */
export function backupAttentionText(status: BackupStatus): string | null {
  if (status.lastError) return `The last backup failed: ${status.lastError.message}`
  if (!status.needsAttention) return null
  return status.last
    ? `Last backup ${formatAgo(status.last.at)}: the work since then is only on this computer.`
    : 'Never backed up: if this computer died today, everything in it would be lost.'
}
