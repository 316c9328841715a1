import type { BackupStatus } from '../../../../src-shared/api/backups'
import { formatAgo, formatBytes } from '../../app/format'

/** The one sentence about backups the health line, Settings and Needs attention all use. */
export function lastBackupText(status: BackupStatus, now = Date.now()): string {
  if (!status.last) return 'No backup yet'
  const ago = formatAgo(status.last.at, now)
  return `Last backup ${ago === 'now' ? 'just now' : ago} (${formatBytes(status.last.size)})`
}

/** Why backups need the office's attention, in a few plain words (one line), or null when they do not. */
export function backupAttentionText(status: BackupStatus): string | null {
  if (status.lastError) return `The last backup failed: ${status.lastError.message}`
  if (!status.needsAttention) return null
  return status.last
    ? `Last backup ${formatAgo(status.last.at)}: the work since then is only on this computer.`
    : 'Never backed up: if this computer died today, everything in it would be lost.'
}
