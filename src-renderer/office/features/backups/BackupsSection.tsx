import { Alert, Badge, Button, Group, Stack, Text, TextInput } from '@mantine/core'
import { useEffect, useState } from 'react'
import { call, desktop } from '../../app/api'
import { useSessionUser } from '../../app/session'
import { formatBytes, formatCount, formatDateTime } from '../../app/format'
import { useMutation } from '../../app/use-mutation'
import { Icon } from '../../components/icons'
import { ErrorState, Loading } from '../../components/QueryState'
import { ShowInFolderButton } from '../../components/ShowInFolderButton'
import { SectionCard } from '../settings/SectionCard'
import { backupAttentionText, lastBackupText } from './backup-words'
import { RestoreDialog } from './RestoreDialog'
import { useBackupStatus } from './use-backup-status'
import { PinInput } from '../../components/PinInput'
import { OutcomeAlert } from '../../components/FailureAlert'

type Message = { ok: boolean; text: string } | null

/**
 * Settings > Backups: when the last backup ran, where backups go, "Back up now" and "Restore…".
 * Where backups go and restoring are an admin's, confirmed with their own PIN; anyone signed in
 * sees the status and can back up now.
 */
export function BackupsSection({ dataDir }: { dataDir: string }) {
  const status = useBackupStatus()
  const admin = useSessionUser()?.admin ?? false
  const [folder, setFolder] = useState('')
  const [pin, setPin] = useState('')
  const [done, setDone] = useState<string | null>(null)
  const mutation = useMutation()
  const busy = mutation.busyKey
  const folderError = mutation.fieldErrors.folder
  const message: Message = mutation.error
    ? { ok: false, text: mutation.error.text }
    : done !== null
      ? { ok: true, text: done }
      : null
  const [restoring, setRestoring] = useState(false)
  useEffect(() => {
    if (status.data) setFolder(status.data.folder)
  }, [status.data?.folder])
  const bridge = desktop()

  const run = async (what: 'folder' | 'backup', work: () => Promise<string>) => {
    setDone(null)
    const r = await mutation.run(work, what)
    if (r.ok) setDone(r.value)
    status.reload()
  }
  const saveFolder = () =>
    run('folder', async () => {
      const s = await call('backups.setFolder', { folder, confirmPin: pin })
      setPin('')
      return `Backups now go to ${s.folder}.`
    })
  const backUpNow = () =>
    run('backup', async () => {
      const r = await call('backups.runNow', {})
      return `Backed up ${formatCount(r.counts.jobs)} jobs and ${formatCount(r.counts.attachments)} photos and signatures (${formatBytes(r.size)}).`
    })

  if (status.error)
    return <ErrorState title="Could not read the backups" error={status.error} onRetry={status.reload} />
  if (!status.data) return <Loading label="Reading the backups…" />
  const s = status.data
  if (s.postgres)
    return (
      <SectionCard title="Backups" description="The office's records are on a PostgreSQL server several seats share.">
        <Alert variant="light" color="blue" title="Backed up on the server" role="note">
          {s.postgres}
        </Alert>
      </SectionCard>
    )
  const attention = backupAttentionText(s)
  return (
    <SectionCard
      title="Backups"
      description="Closeout backs up the database and every photo and signature once a day and after every export, and keeps 7 daily, 4 weekly and 12 monthly backups. Keep them off this computer: if it dies, the backups are what you restore from."
    >
      <Stack gap="md">
        <Group gap="sm" wrap="nowrap">
          <Badge color={s.running ? 'blue' : attention ? 'orange' : 'green'} variant="light">
            {s.running ? 'Backing up…' : attention ? 'Needs attention' : 'Up to date'}
          </Badge>
          <Text size="sm" data-testid="last-backup">
            {lastBackupText(s)}
            {s.last ? ` · ${formatDateTime(s.last.at)}` : ''}
          </Text>
        </Group>
        {attention ? (
          <Alert color={s.lastError ? 'red' : 'orange'} variant="light" icon={<Icon name="alert" size={18} />}>
            {attention}
          </Alert>
        ) : null}
        <Group align="flex-end" wrap="nowrap">
          <TextInput
            label="Backup folder"
            description="A folder off this computer: the shared folder’s backups folder (synced with it), a USB drive or a network drive. Not inside the data folder."
            value={folder}
            onChange={(e) => setFolder(e.currentTarget.value)}
            error={folderError}
            style={{ flex: 1 }}
            ff="monospace"
            readOnly={!admin}
          />
          {bridge && admin ? (
            <Button
              variant="default"
              leftSection={<Icon name="folder" size={16} />}
              onClick={() =>
                void bridge.pickFolder('Choose the backup folder', folder).then((chosen) => chosen && setFolder(chosen))
              }
            >
              Choose…
            </Button>
          ) : null}
        </Group>
        {admin ? (
          <Group align="flex-end" wrap="nowrap">
            <PinInput
              label="Your PIN, to change the folder"
              w={220}
              value={pin}
              error={mutation.fieldErrors.confirmPin}
              onChange={setPin}
            />
            <Button
              variant="default"
              disabled={folder.trim() === s.folder || !/^\d{4,8}$/.test(pin)}
              loading={busy === 'folder'}
              onClick={() => void saveFolder()}
            >
              Save folder
            </Button>
          </Group>
        ) : null}
        <Group gap="sm">
          <Button
            leftSection={<Icon name="upload" size={16} />}
            loading={busy === 'backup'}
            onClick={() => void backUpNow()}
          >
            Back up now
          </Button>
          {admin ? (
            <Button variant="default" onClick={() => setRestoring(true)}>
              Restore…
            </Button>
          ) : null}
          <ShowInFolderButton path={s.folder} label="Open backup folder" />
        </Group>
        {admin ? null : (
          <Text size="sm" c="dimmed" data-testid="backups-admin-only">
            Only an admin can change where backups go or restore a backup, confirming with their own PIN: a restore can
            replace the whole office, and the backups hold every user’s PIN (as a hash).
          </Text>
        )}
        <OutcomeAlert line={message} />
        {s.lastError && !attention?.includes(s.lastError.message) ? (
          <Text size="sm" c="red.8">
            The backup at {formatDateTime(s.lastError.at)} failed: {s.lastError.message}
          </Text>
        ) : null}
      </Stack>
      {/* Mounted on opening, so it starts from the newest backup, not the one shown when the screen loaded. */}
      {restoring ? (
        <RestoreDialog onClose={() => setRestoring(false)} dataDir={dataDir} lastFile={s.last?.file ?? ''} />
      ) : null}
    </SectionCard>
  )
}
