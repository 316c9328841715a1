import { Alert, Anchor, Button, Group, Text } from '@mantine/core'
import { call } from '../../app/api'
import { useMutation } from '../../app/use-mutation'
import { Icon } from '../../components/icons'
import { backupAttentionText } from './backup-words'
import { useBackupStatus } from './use-backup-status'

/** In Needs attention: no backup in two days (or the last one failed), with the fix one click away. */
export function BackupAttentionItem() {
  const status = useBackupStatus()
  const mutation = useMutation()
  const { busy } = mutation
  const failure = mutation.error?.text ?? null
  const text = status.data ? backupAttentionText(status.data) : null
  if (!text) return null
  const backUp = async () => {
    await mutation.run(() => call('backups.runNow', {}))
    status.reload()
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
