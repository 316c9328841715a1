import { Alert, Badge, Button, Group, List, Paper, Stack, Text, Title } from '@mantine/core'
import { useEffect, useRef, useState } from 'react'
import { EXPORT_FORMAT_LABELS, type Batch } from '../../../../src-shared/api/exports'
import { call } from '../../app/api'
import { saveBatchFile } from '../../app/file-handoff'
import { formatDateTime, formatMoneyText } from '../../app/format'
import { useMutation } from '../../app/use-mutation'
import { Icon } from '../../components/icons'
import { importSteps } from './import-steps'

/**
 * After an export: the clerk saves the file(s), follows the steps for the chosen system with
 * this batch's own numbers to compare, then says "I imported it". Until then the batch's jobs
 * come back in Needs attention a day after the export.
 */
export function BatchHandoff({ batch, onChanged }: { batch: Batch; onChanged: (batch: Batch) => void }) {
  const [message, setMessage] = useState<{ text: string; error?: boolean } | null>(null)
  const [confirming, setConfirming] = useState(false)
  const mutation = useMutation()
  const system = EXPORT_FORMAT_LABELS[batch.format]
  const steps = importSteps(batch.format, batch)
  const panel = useRef<HTMLElement>(null)
  // Opened from the history at the foot of the screen: bring it into view.
  useEffect(() => panel.current?.scrollIntoView?.({ block: 'nearest' }), [batch.id])

  const save = async (file: Batch['files'][number]) => {
    const r = await mutation.run(() => saveBatchFile(batch.id, file), file.name)
    setMessage(
      r.ok
        ? { text: 'saved' in r.value ? `Saved ${r.value.saved}` : 'Not saved: the save dialog was cancelled.' }
        : { text: `Could not save ${file.name}: ${r.error.text}`, error: true },
    )
  }
  const markImported = async () => {
    const r = await mutation.run(() => call('exports.markImported', { batchId: batch.id }), 'mark')
    if (!r.ok) return setMessage({ text: `Could not mark batch ${batch.id} imported: ${r.error.text}`, error: true })
    setConfirming(false)
    setMessage(null)
    onChanged(r.value)
  }

  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      aria-label={`Batch ${batch.id}: import into ${system}`}
      component="section"
      ref={panel}
    >
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <Title order={3} fz="lg">
            Batch {batch.id}: import into {system}
          </Title>
          {batch.importedAt ? (
            <Badge color="teal" variant="light">
              Imported
            </Badge>
          ) : null}
        </Group>
        <Text size="sm">
          {batch.jobs.length} invoice{batch.jobs.length === 1 ? '' : 's'}, {formatMoneyText(batch.totalCents)} in all.
        </Text>
        <Group gap="xs">
          {batch.files.map((f) => (
            <Button
              key={f.name}
              variant="default"
              leftSection={<Icon name="file" size={16} />}
              onClick={() => void save(f)}
              aria-label={`Save ${f.name} as…`}
            >
              Save {f.name} as…
            </Button>
          ))}
        </Group>
        {message ? (
          <Text size="sm" role={message.error ? 'alert' : 'status'} c={message.error ? 'red.8' : undefined}>
            {message.text}
          </Text>
        ) : null}
        <List type="ordered" spacing="xs" aria-label={`Steps to import into ${system}`}>
          {steps.map((step) => (
            <List.Item key={step.text}>
              <Text size="sm">{step.text}</Text>
              {step.check ? (
                <Text size="sm" fw={600}>
                  {step.check}
                </Text>
              ) : null}
            </List.Item>
          ))}
        </List>
        {batch.importedAt ? (
          <Text size="sm" role="status">
            Imported: confirmed by {batch.importedByName ?? batch.importedBy} on {formatDateTime(batch.importedAt)}.
          </Text>
        ) : confirming ? (
          <Alert color="blue" variant="light" title="Did the import go through?">
            <Stack gap="xs">
              <Text size="sm">
                Mark batch {batch.id} imported only when {system} shows all {batch.jobs.length} invoice
                {batch.jobs.length === 1 ? '' : 's'} and {formatMoneyText(batch.totalCents)} in all. If the import
                failed, void the batch in Batch history instead.
              </Text>
              <Group gap="xs">
                <Button onClick={() => void markImported()} loading={mutation.busyKey === 'mark'}>
                  Yes, I imported it
                </Button>
                <Button variant="default" onClick={() => setConfirming(false)}>
                  Not yet
                </Button>
              </Group>
            </Stack>
          </Alert>
        ) : batch.status === 'active' ? (
          <Group>
            <Button leftSection={<Icon name="check" size={16} />} onClick={() => setConfirming(true)}>
              Mark as imported
            </Button>
            <Text size="sm" c="dimmed">
              Not confirmed yet: a day after the export the batch shows in Needs attention.
            </Text>
          </Group>
        ) : null}
      </Stack>
    </Paper>
  )
}
