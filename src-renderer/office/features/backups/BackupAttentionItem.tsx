import { Alert, Anchor, Button, Group, Text } from '@mantine/core'
import { useState } from 'react'
import { call } from '../../app/api'
import { Icon } from '../../components/icons'
import { backupAttentionText } from './backup-words'
import { useBackupStatus } from './use-backup-status'

/** In Needs attention: no backup in two days (or the last one failed), with the fix one click away. */
export function BackupAttentionItem() {
  const status = useBackupStatus()
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<string | null>(null)
  const text = status.data ? backupAttentionText(status.data) : null
  if (!text) return null
  const backUp = async () => {
    setBusy(true)
    setFailure(null)
    try {
      await call('backups.runNow', {})
    } catch (e) {
      setFailure(e instanceof Error ? e.message : String(e))
    } finally {
      setBusy(false)
      status.reload()
    }
  }
  return (
    <Alert
      color="orange"
      variant="light"
      icon={<Icon name="alert" size={18} />}
      title="Backups need attention"
      role="region"
      aria-label="Backups need attention"
      m="md"
      mb={0}
    >
      <Group justify="space-between" wrap="nowrap" gap="md">
        <Text size="sm">
          {text} Backups go to{' '}
          <Text span ff="monospace" size="sm">
            {status.data!.folder}
          </Text>
          .{' '}
          <Anchor href="#/settings/backups" size="sm">
            Settings › Backups
          </Anchor>
        </Text>
        <Button size="xs" loading={busy} onClick={() => void backUp()} style={{ flexShrink: 0 }}>
          Back up now
        </Button>
      </Group>
      {failure ? (
        <Text size="sm" c="red.8" mt="xs" role="alert">
          {failure}
        </Text>
      ) : null}
    </Alert>
  )
}
