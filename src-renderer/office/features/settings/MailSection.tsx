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
import { ApiCallError, call, desktop } from '../../app/api'
import { ErrorState, Loading } from '../../components/QueryState'
import { useQuery } from '../../app/use-query'
import { SectionCard } from './SectionCard'

/** Settings > Mail: a draft in the mail app, or SMTP; the password only ever goes to the OS keychain. */
export function MailSection() {
  const query = useQuery(() => call('mail.settings', {}), [])
  const [view, setView] = useState<MailSettingsView | undefined>()
  const [form, setForm] = useState<MailSettings | undefined>()
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const [errors, setErrors] = useState<Record<string, string>>({})
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
    setBusy(true)
    setMessage(null)
    setErrors({})
    try {
      const saved = await call('mail.updateSettings', form)
      if (bridge && password) {
        const r = await bridge.setMailPassword(password)
        if (!r.ok) throw new Error(r.message ?? 'The password could not be stored')
        setPassword('')
      }
      setView(saved)
      setForm(saved.settings)
      setMessage({ ok: true, text: 'Saved.' })
    } catch (e) {
      if (e instanceof ApiCallError) setErrors(Object.fromEntries(e.details.map((d) => [d.path, d.message])))
      setMessage({ ok: false, text: e instanceof Error ? e.message : String(e) })
    } finally {
      setBusy(false)
    }
  }

  return (
    <SectionCard
      title="Mail"
      description="How invoice packets reach customers: a draft in your own mail app, or sent by Closeout through your mail server."
      onSave={() => void save()}
      busy={busy}
      message={message}
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
      </Stack>
    </SectionCard>
  )
}
