import { Button, CopyButton, Group, Text, Tooltip } from '@mantine/core'
import { useState } from 'react'
import { call, desktop } from '../app/api'
import { useMutation } from '../app/use-mutation'
import { Icon } from './icons'

/**
 * "Show in folder": the desktop app reveals the file through Electron; headless mode asks the
 * office API (same PC) and, where no file manager can open, shows the path to copy.
 */
export function ShowInFolderButton({ path, label = 'Show in folder' }: { path: string; label?: string }) {
  const [fallback, setFallback] = useState<string | null>(null)
  const mutation = useMutation()
  const open = async () => {
    const bridge = desktop()
    if (bridge && (await bridge.showInFolder(path))) return
    // Whatever the failure, the path to copy is the way on.
    const r = await mutation.run(() => call('exports.showInFolder', { path }))
    if (!r.ok) setFallback(path)
    else if (!r.value.opened) setFallback(r.value.path)
  }
  return (
    <Group gap="xs" wrap="nowrap">
      <Button size="xs" variant="default" leftSection={<Icon name="folder" size={14} />} onClick={() => void open()}>
        {label}
      </Button>
      {fallback ? (
        <CopyButton value={fallback}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : 'Copy the path'}>
              <Text size="xs" c="dimmed" ff="monospace" onClick={copy} style={{ cursor: 'copy' }} truncate maw={360}>
                {fallback}
              </Text>
            </Tooltip>
          )}
        </CopyButton>
      ) : null}
    </Group>
  )
}
