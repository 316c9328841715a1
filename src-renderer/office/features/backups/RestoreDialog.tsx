import { Alert, Button, Code, Group, List, Modal, Stack, Text, TextInput } from '@mantine/core'
import { useState } from 'react'
import type { MethodOutput } from '../../../../src-shared/api/contract'
import { call, desktop } from '../../app/api'
import { pinFailure, useMutation } from '../../app/use-mutation'
import { useSessionUser } from '../../app/session'
import { formatCount, formatDateTime } from '../../app/format'
import { PinInput } from '../../components/PinInput'
import { FailureAlert } from '../../components/FailureAlert'

type Restored = MethodOutput<'backups.restore'>
type Step = { kind: 'choose' } | { kind: 'confirm' } | { kind: 'restored'; result: Restored }

/**
 * Restore…: into a new, empty folder only, checked before it is called restored; the office
 * open now is never touched. The last step says plainly how to start working in the restored one.
 */
export function RestoreDialog({
  onClose,
  dataDir,
  lastFile,
}: {
  onClose: () => void
  dataDir: string
  lastFile: string
}) {
  const [file, setFile] = useState(lastFile)
  const [target, setTarget] = useState(`${dataDir}-restored`)
  const [step, setStep] = useState<Step>({ kind: 'choose' })
  const [switched, setSwitched] = useState<string | null>(null)
  const [pin, setPin] = useState('')
  const mutation = useMutation()
  const { busy, error } = mutation
  const restore = async () => {
    const r = await mutation.run(() =>
      call('backups.restore', { file: file.trim(), dataDir: target.trim(), confirmPin: pin }),
    )
    setPin('')
    // A wrong PIN is said beside the PIN field, on the same step; any other failure goes back to the folders.
    if (r.ok) setStep({ kind: 'restored', result: r.value })
    else if (!pinFailure(r.error)) setStep({ kind: 'choose' })
  }
  const useRestored = async (dir: string, confirmPin: string) => {
    const r = await mutation.run(() => call('settings.update', { section: 'folders', dataDir: dir, confirmPin }))
    if (r.ok) setSwitched(r.value.notice ?? `Closeout opens ${dir} the next time it starts.`)
  }

  return (
    <Modal opened onClose={onClose} title="Restore a backup" size="lg">
      {step.kind === 'restored' ? (
        <RestoredStep
          result={step.result}
          busy={busy}
          switched={switched}
          error={error?.text ?? null}
          onUse={(pin) => void useRestored(step.result.dataDir, pin)}
          onClose={onClose}
        />
      ) : (
        <Stack gap="md">
          <Text size="sm">
            Restoring never changes the office you have open. Closeout unpacks the backup into a new, empty folder on
            this computer and checks it before calling it restored: the database, the approval log, and every photo
            against its fingerprint. Afterwards you choose whether Closeout opens the restored folder.
          </Text>
          <TextInput
            label="Backup file"
            description="A .closeout-backup file. An automatic backup needs its backup folder (with blobs) beside it."
            value={file}
            onChange={(e) => setFile(e.currentTarget.value)}
            error={error?.fields.file}
            ff="monospace"
            disabled={step.kind === 'confirm'}
          />
          <TextInput
            label="Restore into"
            description="A new or empty folder on this computer, not in Dropbox, OneDrive or the shared folder."
            value={target}
            onChange={(e) => setTarget(e.currentTarget.value)}
            error={error?.fields.dataDir}
            ff="monospace"
            disabled={step.kind === 'confirm'}
          />
          {error && !(step.kind === 'confirm' && pinFailure(error)) ? (
            <Alert color="red" variant="light" role="alert">
              {error.text}
            </Alert>
          ) : null}
          {step.kind === 'confirm' ? (
            <Alert color="orange" variant="light" title="Restore this backup?">
              Closeout will write the backup into <Code>{target.trim()}</Code> and check it. Your current office stays
              exactly as it is.
            </Alert>
          ) : null}
          {step.kind === 'confirm' ? (
            <PinInput
              label="Your PIN, to restore"
              description="Restoring is an admin’s decision: confirm with your own PIN."
              w={260}
              value={pin}
              error={error?.fields.confirmPin ?? pinFailure(error)}
              onChange={setPin}
            />
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={step.kind === 'confirm' ? () => setStep({ kind: 'choose' }) : onClose}>
              {step.kind === 'confirm' ? 'Back' : 'Cancel'}
            </Button>
            {step.kind === 'confirm' ? (
              <Button loading={busy} disabled={!/^\d{4,8}$/.test(pin)} onClick={() => void restore()}>
                Restore now
              </Button>
            ) : (
              <Button disabled={!file.trim() || !target.trim()} onClick={() => setStep({ kind: 'confirm' })}>
                Continue
              </Button>
            )}
          </Group>
        </Stack>
      )}
    </Modal>
  )
}

function RestoredStep({
  result,
  busy,
  switched,
  error,
  onUse,
  onClose,
}: {
  result: Restored
  busy: boolean
  switched: string | null
  error: string | null
  onUse: (confirmPin: string) => void
  onClose: () => void
}) {
  const c = result.counts
  // Which folder the office opens is an admin's choice, confirmed with their own PIN.
  const admin = useSessionUser()?.admin ?? false
  const [pin, setPin] = useState('')
  return (
    <Stack gap="md">
      <Alert color="green" variant="light" title="Restored and checked" role="status">
        The backup from {formatDateTime(result.backupCreatedAt)} is in <Code>{result.dataDir}</Code>:{' '}
        {formatCount(c.jobs)} jobs, {formatCount(c.closeouts)} closeouts, {formatCount(c.batches)} export batches,{' '}
        {formatCount(c.attachments)} photos and signatures, {formatCount(c.events)} history entries.
      </Alert>
      <List size="sm" spacing={2}>
        <List.Item>The database passed its integrity check.</List.Item>
        <List.Item>The approval log is intact ({formatCount(result.eventLogRows)} entries).</List.Item>
        <List.Item>{formatCount(result.attachmentsVerified)} photos and signatures match their fingerprints.</List.Item>
        {result.migrated.length ? (
          <List.Item>It came from an older Closeout and was upgraded ({result.migrated.length} steps).</List.Item>
        ) : null}
      </List>
      <Text size="sm" fw={600}>
        What next
      </Text>
      <Text size="sm">
        Nothing has changed in the office you have open. To work in the restored office, have Closeout open the restored
        folder the next time it starts, then quit and start Closeout again.
        {desktop()
          ? ''
          : ` If you run Closeout as “closeout serve”, stop it and start it again with --data "${result.dataDir}".`}
      </Text>
      {switched ? (
        <Alert color="blue" variant="light" role="status">
          {switched}
        </Alert>
      ) : null}
      <FailureAlert text={error} />
      {admin ? null : (
        <Text size="sm" c="dimmed">
          Only an admin can choose which folder Closeout opens.
        </Text>
      )}
      <Group justify="flex-end" align="flex-end">
        <Button variant="default" onClick={onClose}>
          Close
        </Button>
        {admin ? (
          <>
            <PinInput label="Your PIN, to confirm" w={180} value={pin} disabled={switched !== null} onChange={setPin} />
            <Button loading={busy} disabled={switched !== null || !pin} onClick={() => onUse(pin)}>
              Open the restored office next time
            </Button>
          </>
        ) : null}
      </Group>
    </Stack>
  )
}
