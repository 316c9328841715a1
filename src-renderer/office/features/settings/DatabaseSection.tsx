import { Alert, Button, Code, Group, Stack, Text, TextInput } from '@mantine/core'
import { useEffect, useState } from 'react'
import type { DatabaseTestOutput, DatabaseView } from '../../../../src-shared/api/database'
import { call } from '../../app/api'
import { outcomeLine, useMutation } from '../../app/use-mutation'
import { useQuery } from '../../app/use-query'
import { ErrorState, Loading } from '../../components/QueryState'
import { SectionCard } from './SectionCard'

/**
 * Settings > Database (admin only): the engine in use (with this PC's seat and the attachments
 * folder), a PostgreSQL connection string with "Test connection", and the choice saved for the
 * desktop app with its password in the OS keychain and the folder where this PC reaches the
 * photos every seat shares. A saved choice takes effect at the next start.
 */
export function DatabaseSection() {
  const query = useQuery(() => call('database.view', {}), [])
  const [view, setView] = useState<DatabaseView | undefined>()
  const [url, setUrl] = useState('')
  const [attachmentsDir, setAttachmentsDir] = useState('')
  const [pin, setPin] = useState('')
  const [tested, setTested] = useState<DatabaseTestOutput | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const testing = useMutation()
  const saving = useMutation()
  // Test has one field: any failure of it is said under the string; a save's bad string too.
  const fieldError = testing.error
    ? (testing.fieldErrors.url ?? testing.error.text)
    : (saving.fieldErrors.url ?? undefined)
  const attachmentsError = saving.fieldErrors.attachmentsDir ?? undefined
  const message = outcomeLine(saving.error, notice)
  useEffect(() => setView(query.data), [query.data])
  if (query.error)
    return <ErrorState title="Could not load the database settings" error={query.error} onRetry={query.reload} />
  if (!view) return <Loading label="Loading the database settings…" />

  const test = async () => {
    setTested(null)
    saving.clear()
    const r = await testing.run(() => call('database.test', { url }))
    if (r.ok) setTested(r.value)
  }
  const save = async (choice: string) => {
    setNotice(null)
    testing.clear()
    const postgres = choice !== 'sqlite'
    const r = await saving.run(() =>
      call('database.save', {
        url: choice,
        ...(postgres && attachmentsDir.trim() ? { attachmentsDir: attachmentsDir.trim() } : {}),
        ...(pin ? { confirmPin: pin } : {}),
      }),
    )
    if (!r.ok) return
    setView(r.value.view)
    setPin('')
    setNotice(r.value.notice)
  }
  const canSave = view.storage === 'keychain'

  return (
    <SectionCard
      title="Database"
      description="Where this office's records live: the SQLite file in the data folder (the default, nothing to install), or a PostgreSQL server several seats share."
      {...(canSave ? { onSave: () => void save(url), admin: { pin, setPin }, saveLabel: 'Save this database' } : {})}
      busy={saving.busy}
      message={message}
    >
      <Stack gap="xs">
        <Text size="sm" fw={600}>
          In use
        </Text>
        {view.inUse.engine === 'sqlite' ? (
          <Text size="sm">
            SQLite file <Code>{view.inUse.file}</Code>
          </Text>
        ) : (
          <Text size="sm">
            PostgreSQL <Code>{view.inUse.target}</Code>, this PC as the seat <b>{view.inUse.seat}</b>
          </Text>
        )}
        <Text size="sm">
          Photos and signatures in <Code>{view.inUse.attachmentsDir}</Code>
        </Text>
        {view.saved?.engine === 'postgres' &&
        (view.inUse.engine !== 'postgres' || view.inUse.target !== view.saved.target) ? (
          <Alert variant="light" color="blue" title="Saved for the next start" role="note">
            Saved choice: PostgreSQL <Code>{view.saved.target}</Code>
            {view.saved.attachmentsDir ? (
              <>
                {' '}
                with the photos in <Code>{view.saved.attachmentsDir}</Code>
              </>
            ) : null}
            . Closeout opens the office there at its next start; the office must have been moved there first (
            <Code>closeout db migrate --to …</Code>).
          </Alert>
        ) : null}
        {view.fromEnvironment ? (
          <Alert variant="light" color="blue" role="note">
            {view.variable} is set in this computer&apos;s environment (<Code>{view.fromEnvironment}</Code>): it wins
            over the choice saved here.
          </Alert>
        ) : null}
      </Stack>
      <TextInput
        label="PostgreSQL connection string"
        description="postgres://user:password@server:5432/database (add ?sslmode=require for a hosted server)"
        placeholder="postgres://closeout:password@server:5432/closeout"
        autoComplete="off"
        spellCheck={false}
        value={url}
        error={fieldError}
        onChange={(e) => setUrl(e.currentTarget.value)}
      />
      {canSave && /^postgres(ql)?:/i.test(url.trim()) ? (
        <TextInput
          label="Attachments folder on this PC"
          description="Where this PC reaches the photos every seat shares: a network share beside the shared folder (each PC names it the way it reaches it)"
          placeholder={'\\\\server\\closeout\\attachments'}
          autoComplete="off"
          spellCheck={false}
          value={attachmentsDir}
          error={attachmentsError}
          onChange={(e) => setAttachmentsDir(e.currentTarget.value)}
        />
      ) : null}
      <Group>
        <Button variant="default" onClick={() => void test()} loading={testing.busy} disabled={url.trim() === ''}>
          Test connection
        </Button>
        {canSave && view.saved?.engine === 'postgres' ? (
          <Button variant="subtle" onClick={() => void save('sqlite')} loading={saving.busy}>
            Go back to the SQLite file
          </Button>
        ) : null}
      </Group>
      {tested ? (
        <Alert
          variant="light"
          color={tested.ok ? 'green' : 'red'}
          role={tested.ok ? 'status' : 'alert'}
          title={tested.ok ? 'Connected' : 'Could not connect'}
        >
          {tested.ok ? tested.summary : tested.message}
        </Alert>
      ) : null}
      {view.storage === 'environment-only' ? (
        <Alert variant="light" color="gray" role="note">
          Under <Code>closeout serve</Code> the database is chosen with {view.variable} in the environment of{' '}
          <Code>closeout serve</Code> (or <Code>--database</Code>): Settings does not keep a connection string here.
          Test a string above, then set it there.
        </Alert>
      ) : view.storage === 'no-keychain' ? (
        <Alert variant="light" color="orange" role="note">
          This computer has no keychain Closeout can lock the password in: set {view.variable} in the environment
          instead of saving the string here.
        </Alert>
      ) : (
        <Text size="sm" c="dimmed">
          Saving keeps the connection string in this computer&apos;s keychain, never in plain text in the data folder,
          and takes effect at the next start. Move the office to the server first with{' '}
          <Code>closeout db migrate --to …</Code> (see docs/multi-seat.md); then save the same server on every seat.
        </Text>
      )}
    </SectionCard>
  )
}
