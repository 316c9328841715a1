import { Alert, Button, Group, Stack, Text, TextInput } from '@mantine/core'
import { useState } from 'react'
import type { SettingsView } from '../../../../src-shared/api/settings'
import { desktop } from '../../app/api'
import { Icon } from '../../components/icons'
import { ShowInFolderButton } from '../../components/ShowInFolderButton'
import { SectionCard } from './SectionCard'
import { useSectionSave } from './use-section-save'

/** The shared (synced) folder bundles travel through, and the local data folder with the database. */
export function FoldersSection({ settings, onSaved }: { settings: SettingsView; onSaved: (v: SettingsView) => void }) {
  const f = settings.folders
  const [sharedDir, setSharedDir] = useState(f.pendingSharedDir ?? f.sharedDir)
  const [dataDir, setDataDir] = useState(f.pendingDataDir ?? f.dataDir)
  const { busy, message, fieldErrors, save, confirm } = useSectionSave(onSaved)
  const bridge = desktop()
  const pick = async (title: string, current: string, setter: (v: string) => void) => {
    const chosen = await bridge?.pickFolder(title, current)
    if (chosen) setter(chosen)
  }
  const changed = { ...(sharedDir !== f.sharedDir ? { sharedDir } : {}), ...(dataDir !== f.dataDir ? { dataDir } : {}) }
  return (
    <SectionCard
      title="Folders"
      description="Closeouts travel through the shared folder (Dropbox, OneDrive, a network drive). The database stays in a local data folder: a live database inside a synced folder gets corrupted, so Closeout refuses one."
      onSave={() => void save({ section: 'folders', ...changed }, 'Nothing changed.')}
      admin={confirm}
      busy={busy}
      message={message}
      saveLabel="Save folders"
    >
      <Stack gap="md">
        <FolderField
          label="Shared folder"
          description="Inbox, archive, rejected and receipts live here."
          value={sharedDir}
          onChange={setSharedDir}
          error={fieldErrors.sharedDir}
          onPick={bridge ? () => void pick('Choose the shared folder', sharedDir, setSharedDir) : null}
          current={f.sharedDir}
        />
        <FolderField
          label="Data folder"
          description="The database and the photo store. Keep it on this computer and back it up."
          value={dataDir}
          onChange={setDataDir}
          error={fieldErrors.dataDir}
          onPick={bridge ? () => void pick('Choose the data folder', dataDir, setDataDir) : null}
          current={f.dataDir}
        />
        {f.pendingDataDir || f.pendingSharedDir ? (
          <Alert color="blue" variant="light">
            Closeout switches to the new{' '}
            {f.pendingDataDir && f.pendingSharedDir ? 'folders' : f.pendingDataDir ? 'data folder' : 'shared folder'}{' '}
            the next time it starts.
          </Alert>
        ) : null}
        {!bridge ? (
          <Text size="xs" c="dimmed">
            Type a full path: folder pickers are available in the desktop app.
          </Text>
        ) : null}
      </Stack>
    </SectionCard>
  )
}

function FolderField({
  label,
  description,
  value,
  onChange,
  error,
  onPick,
  current,
}: {
  label: string
  description: string
  value: string
  onChange: (v: string) => void
  error: string | undefined
  onPick: (() => void) | null
  current: string
}) {
  return (
    <Group align="flex-end" wrap="nowrap">
      <TextInput
        label={label}
        description={description}
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
        error={error}
        style={{ flex: 1 }}
        ff="monospace"
      />
      {onPick ? (
        <Button variant="default" leftSection={<Icon name="folder" size={16} />} onClick={onPick}>
          Choose…
        </Button>
      ) : null}
      <ShowInFolderButton path={current} label="Open" />
    </Group>
  )
}
