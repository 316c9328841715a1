import {
  Alert,
  Group,
  NumberInput,
  PasswordInput,
  SegmentedControl,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core'
import { useEffect, useState } from 'react'
import type { MailSettings, MailSettingsView } from '../../../../src-shared/api/mail'
import { call, desktop } from '../../app/api'
import { useSessionUser } from '../../app/session'
import { outcomeLine, pinFailure, useMutation } from '../../app/use-mutation'
import { ErrorState, Loading } from '../../components/QueryState'
import { useQuery } from '../../app/use-query'
import { SectionCard } from './SectionCard'

/**
 * Settings > Mail: a draft in the mail app, or SMTP; the password only ever goes to the OS keychain.
 * Changing it is an admin's, confirmed with their own PIN (whoever picks the mail server reads every
 * packet sent through it); anyone else sees it read-only.
 */
export function MailSection() {
  const admin = useSessionUser()?.admin ?? false
  const [pin, setPin] = useState('')
  const query = useQuery(() => call('mail.settings', {}), [])
  const [view, setView] = useState<MailSettingsView | undefined>()
  const [form, setForm] = useState<MailSettings | undefined>()
  const [password, setPassword] = useState('')
  const mutation = useMutation()
  const [saved, setSaved] = useState(false)
  const errors = mutation.fieldErrors
  useEffect(() => {
    setView(query.data)
    setForm(query.data?.settings)
  }, [query.data])
  if (query.error)
    return <ErrorState title="Could not load the mail settings" error={query.error} onRetry={query.reload} />
  if (!view || !form) return <Loading label="Loading mail settings…" />

  const set = <K extends keyof MailSettings>(key: K, value: MailSettings[K]) => setForm({ ...form, [key]: value })
  const bridge = desktop()
  const save = async () => {
    setSaved(false)
    const r = await mutation.run(() =>
      call('mail.updateSettings', {
        ...form,
        ...(pin ? { confirmPin: pin } : {}),
        // The password goes with the PIN-confirmed save, into the keychain of this computer.
        ...(bridge && password ? { password } : {}),
      }),
    )
    if (!r.ok) return
    setView(r.value)
    setForm(r.value.settings)
    setPassword('')
    setPin('')
    setSaved(true)
  }
  const pinError = errors.confirmPin ?? pinFailure(mutation.error)
  // A wrong or missing PIN is said beside the PIN field, not again under the form.
  const message = pinError ? null : outcomeLine(mutation.error, saved ? 'Saved.' : null)

  return (
    <SectionCard
      title="Mail"
      description="How invoice packets reach customers: a draft in your own mail app, or sent by Closeout through your mail server."
      onSave={() => void save()}
      busy={mutation.busy}
      message={message}
      admin={{ pin, setPin, error: pinError }}
    >
      <Stack gap="sm">
        <SegmentedControl
          aria-label="How to send"
          value={form.mode}
          onChange={(v) => set('mode', v as MailSettings['mode'])}
          data={[
            { value: 'draft', label: 'Draft in my mail app' },
            { value: 'smtp', label: 'Send through SMTP' },
          ]}
        />
        {form.mode === 'draft' ? (
          <Text size="sm" c="dimmed">
            Closeout writes each message as a draft (.eml) with the packet attached and opens it in Outlook or Apple
            Mail; you press Send there. No password is needed.
          </Text>
        ) : (
          <>
            <Group grow align="flex-start">
              <TextInput
                label="Mail server"
                placeholder="smtp.office365.com"
                value={form.host}
                error={errors.host}
                onChange={(e) => set('host', e.currentTarget.value)}
              />
              <NumberInput
                label="Port"
                value={form.port}
                min={1}
                max={65535}
                error={errors.port}
                onChange={(v) => set('port', typeof v === 'number' ? v : 587)}
              />
            </Group>
            <Switch
              label="TLS from the start (port 465); off: STARTTLS when the server offers it (port 587)"
              checked={form.secure}
              onChange={(e) => set('secure', e.currentTarget.checked)}
            />
            <TextInput
              label="User name"
              value={form.user}
              error={errors.user}
              onChange={(e) => set('user', e.currentTarget.value)}
            />
            {bridge ? (
              <PasswordInput
                label="Password"
                description={
                  view.password.source === 'keychain'
                    ? 'A password is stored in the keychain; type a new one to replace it'
                    : 'Stored in this computer’s keychain, never in the data folder'
                }
                value={password}
                error={errors.password}
                onChange={(e) => setPassword(e.currentTarget.value)}
              />
            ) : (
              <Alert variant="light" color={view.password.source === 'environment' ? 'teal' : 'orange'}>
                {view.password.source === 'environment'
                  ? `The password comes from ${view.password.variable} in the environment of closeout serve.`
                  : `Set ${view.password.variable} in the environment of closeout serve to give the password; it is never stored here.`}
              </Alert>
            )}
          </>
        )}
        <TextInput
          label="From"
          placeholder="Northside Billing <billing@example.com>"
          value={form.from}
          error={errors.from}
          onChange={(e) => set('from', e.currentTarget.value)}
        />
        <TextInput
          label="Reply-To (optional)"
          value={form.replyTo}
          error={errors.replyTo}
          onChange={(e) => set('replyTo', e.currentTarget.value)}
        />
        {admin ? null : (
          <Text size="sm" c="dimmed" data-testid="mail-admin-only">
            Only an admin can change how invoices are e-mailed, confirming with their own PIN: whoever chooses the mail
            server can read every packet sent through it.
          </Text>
        )}
      </Stack>
    </SectionCard>
  )
}
