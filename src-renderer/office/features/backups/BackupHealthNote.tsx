import { Anchor, Text } from '@mantine/core'
import { lastBackupText } from './backup-words'
import { useBackupStatus } from './use-backup-status'

/** The backup part of the office's health line (inline text): when the last backup ran, orange when it is stale. */
export function BackupHealthNote() {
  const status = useBackupStatus()
  if (!status.data) return null
  const s = status.data
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
      ·{' '}
      <Anchor href="#/settings/backups" size="sm" c="inherit" underline="always">
        {s.lastError ? 'Last backup failed' : lastBackupText(s)}
      </Anchor>
    </Text>
  )
}
