import { Anchor, Text } from '@mantine/core'
import type { BackupStatus } from '../../../../src-shared/api/backups'
import { lastBackupAgo } from './backup-words'

/** The words of the health line's backup note (its size is in Settings › Backups, a click away). */
export function backupHealthWords(s: BackupStatus): string {
  return s.lastError ? 'Last backup failed' : lastBackupAgo(s)
}

/**
 * The backup part of the office's health line (inline text, never broken inside: the line wraps
 * before it): when the last backup ran, orange when it is stale.
 */
export function BackupHealthNote({ status: s }: { status: BackupStatus | null }) {
  if (!s) return null
  const worry = s.needsAttention || s.lastError !== null
  return (
    // A dark orange: Mantine's orange.9 is 4.0:1 on white, under WCAG's 4.5:1 for text this size.
    <Text
      component="span"
      size="sm"
      c={worry ? '#9a3412' : 'dimmed'}
      style={{ whiteSpace: 'nowrap' }}
      data-testid="backup-health"
    >
      <Anchor href="#/settings/backups" size="sm" c="inherit" underline="always">
        {backupHealthWords(s)}
      </Anchor>
    </Text>
  )
}
