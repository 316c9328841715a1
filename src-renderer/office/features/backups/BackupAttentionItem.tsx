import { Anchor, Button, CloseButton, Group, Text } from '@mantine/core'
import { useState } from 'react'
import { call } from '../../app/api'
import { useMutation } from '../../app/use-mutation'
import { Icon } from '../../components/icons'
import { backupAttentionText } from './backup-words'
import { useBackupStatus } from './use-backup-status'

const HIDDEN_KEY = 'closeout.backupBannerHiddenOn'

/** Today in this computer's calendar (YYYY-MM-DD): the banner put away comes back tomorrow. */
function today(): string {
  const d = new Date()
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

function hiddenToday(): boolean {
  try {
    return window.localStorage.getItem(HIDDEN_KEY) === today()
  } catch {
    return false
  }
}

/**
 * In Needs attention: no backup in two days (or the last one failed), with the fix one click
 * away. One line, so the rows stay in view; the clerk can put it away until tomorrow (the health
 * line above keeps saying when the last backup ran).
 */
export function BackupAttentionItem() {
  const status = useBackupStatus()
  const mutation = useMutation()
  const [hidden, setHidden] = useState(hiddenToday)
  const { busy } = mutation
  const failure = mutation.error?.text ?? null
  const text = status.data ? backupAttentionText(status.data) : null
  if (!text || hidden) return null
  const backUp = async () => {
    await mutation.run(() => call('backups.runNow', {}))
    status.reload()
  }
  const hide = () => {
    try {
      window.localStorage.setItem(HIDDEN_KEY, today())
    } catch {
      // No storage (private window): hidden until the screen is opened again.
    }
    setHidden(true)
  }
  const whole = `${text} Backups go to ${status.data!.folder}.`
  return (
    <Group
      role="region"
      aria-label="Backups need attention"
      wrap="nowrap"
      gap="sm"
      mx="md"
      mt={4}
      px="sm"
      py={3}
      style={{
        background: 'var(--mantine-color-orange-0)',
        border: '1px solid var(--mantine-color-orange-3)',
        borderRadius: 'var(--mantine-radius-sm)',
      }}
    >
      <Icon name="alert" size={18} color="#9a3412" style={{ flexShrink: 0 }} aria-hidden="true" />
      <Text
        size="sm"
        truncate="end"
        title={failure ?? whole}
        style={{ flex: 1, minWidth: 0 }}
        c={failure ? 'red.8' : undefined}
        role={failure ? 'alert' : undefined}
      >
        {failure ?? text}
      </Text>
      <Anchor href="#/settings/backups" size="sm" style={{ flexShrink: 0, whiteSpace: 'nowrap' }}>
        Settings › Backups
      </Anchor>
      <Button size="compact-sm" loading={busy} onClick={() => void backUp()} style={{ flexShrink: 0 }}>
        Back up now
      </Button>
      <CloseButton size="sm" aria-label="Hide until tomorrow" title="Hide until tomorrow" onClick={hide} />
    </Group>
  )
}
