import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core'
import { useState } from 'react'
import type { JobDetail } from '../../../../src-shared/api/jobs'
import { call, desktop } from '../../app/api'
import { formatDateTime } from '../../app/format'
import { topField, useMutation } from '../../app/use-mutation'
import { Icon } from '../../components/icons'
import { FailureAlert } from '../../components/FailureAlert'

type Sent = { to: string[]; at: string; mode: string }

/** The last recorded send of the job's current invoice number, from its event log. */
export function lastSend(job: Pick<JobDetail, 'events' | 'invoiceNumber'>): Sent | null {
  const e = [...job.events]
    .reverse()
    .find((x) => x.type === 'invoice-sent' && x.data.invoiceNumber === job.invoiceNumber)
  if (!e) return null
  return { to: Array.isArray(e.data.to) ? (e.data.to as string[]) : [], at: e.at, mode: String(e.data.mode ?? 'smtp') }
}

/** "Sent to ap@… at 10:42" (or "Draft for …") and the Send packet / Send again button of an invoiced job. */
export function SendPacket({ job, onSent }: { job: JobDetail; onSent: () => void }) {
  const sent = lastSend(job)
  const [open, setOpen] = useState(false)
  const [to, setTo] = useState('')
  // A bad address comes back as `to[1]`: said under the field it was typed in.
  const mutation = useMutation({ fieldOf: topField })
  const [notice, setNotice] = useState<string | null>(null)
  if (job.status !== 'invoiced') return null

  const toError = mutation.fieldErrors.to
  const error = mutation.error && !toError ? mutation.error.text : null

  const send = async () => {
    const list = to
      .split(/[,;\s]+/)
      .map((a) => a.trim())
      .filter(Boolean)
    const result = await mutation.run(async () => {
      const r = await call('mail.send', { jobId: job.id, again: sent != null, ...(list.length ? { to: list } : {}) })
      if (r.draftFile) await desktop()?.openDraft(r.draftFile)
      return r
    })
    if (!result.ok) return
    const r = result.value
    setNotice(
      r.mode === 'draft'
        ? `Draft to ${r.to.join(', ')} written${desktop() ? ' and opened in your mail app' : `: ${r.draftFile}`}.`
        : `${r.invoiceNumber} sent to ${r.to.join(', ')}.`,
    )
    setOpen(false)
    setTo('')
    onSent()
  }

  return (
    <Stack gap={4}>
      {sent ? (
        <Text size="sm" data-testid="sent-status">
          {sent.mode === 'draft' ? 'Draft for' : 'Sent to'} {sent.to.join(', ')} at {formatDateTime(sent.at)}
        </Text>
      ) : null}
      <Button
        variant={sent ? 'default' : 'filled'}
        leftSection={<Icon name="mail" size={16} />}
        onClick={() => {
          mutation.clear()
          setOpen(true)
        }}
      >
        {sent ? 'Send again…' : 'Send packet'}
      </Button>
      {notice ? (
        <Alert color="green" variant="light" withCloseButton onClose={() => setNotice(null)} role="status">
          {notice}
        </Alert>
      ) : null}
      <Modal opened={open} onClose={() => setOpen(false)} title={sent ? 'Send the packet again?' : 'Send the packet'}>
        <Stack gap="sm">
          {sent ? (
            <Text size="sm">
              {job.invoiceNumber} was already sent to {sent.to.join(', ')} at {formatDateTime(sent.at)}. Send it once
              more?
            </Text>
          ) : (
            <Text size="sm">
              {job.invoiceNumber} and its packet PDF go to the customer&apos;s billing address (Settings &gt; Mail
              decides how).
            </Text>
          )}
          <TextInput
            label="Send to instead (optional)"
            description="Leave empty for the customer's billing address; separate several with commas"
            value={to}
            error={toError}
            onChange={(e) => setTo(e.currentTarget.value)}
          />
          <FailureAlert text={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button loading={mutation.busy} onClick={() => void send()}>
              {sent ? 'Send again' : 'Send'}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  )
}
