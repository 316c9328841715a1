import { Badge, Button, Group, Modal, Stack, Table, Text, Textarea } from '@mantine/core'
import { useState } from 'react'
import { EXPORT_FORMAT_LABELS, type Batch } from '../../../../src-shared/api/exports'
import { call } from '../../app/api'
import { formatDateTime, formatMoneyText } from '../../app/format'
import { useMutation } from '../../app/use-mutation'
import { EmptyState } from '../../components/QueryState'

/**
 * Past batches with their files and whether the import was confirmed: open the import steps
 * (Save as…, Mark as imported), show in folder, re-export byte for byte, or void a failed import.
 */
export function BatchHistory({
  batches,
  onChanged,
  onOpen,
}: {
  batches: Batch[]
  onChanged: () => void
  onOpen: (batch: Batch) => void
}) {
  const [voiding, setVoiding] = useState<Batch | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const mutation = useMutation()
  if (batches.length === 0)
    return (
      <EmptyState icon="exports" title="No exports yet">
        Exported batches appear here with their files.
      </EmptyState>
    )

  const act = async (label: string, work: () => Promise<string>) => {
    const r = await mutation.run(work, label)
    setMessage(r.ok ? r.value : `${label} failed: ${r.error.text}`)
  }

  return (
    <Stack gap="sm">
      {message ? (
        <Text size="sm" role="status">
          {message}
        </Text>
      ) : null}
      <Table withTableBorder aria-label="Export batches">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Batch</Table.Th>
            <Table.Th>Exported</Table.Th>
            <Table.Th>Invoices</Table.Th>
            <Table.Th>Total</Table.Th>
            <Table.Th>Files</Table.Th>
            <Table.Th>Actions</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {batches.map((b) => (
            <Table.Tr key={b.id} data-testid={`batch-${b.id}`}>
              <Table.Td>
                <Stack gap={4}>
                  <Text fw={600}>#{b.id}</Text>
                  <Badge color={b.status === 'void' ? 'gray' : 'teal'} variant="light">
                    {b.status === 'void' ? 'voided' : EXPORT_FORMAT_LABELS[b.format]}
                  </Badge>
                </Stack>
              </Table.Td>
              <Table.Td>
                {formatDateTime(b.createdAt)}
                <Text size="xs" c="dimmed">
                  by {b.createdByName}
                  {b.voidReason ? ` · voided: ${b.voidReason}` : ''}
                </Text>
                {b.status === 'active' ? (
                  <Text size="xs" c={b.importedAt ? 'teal.9' : 'orange.9'}>
                    {b.importedAt
                      ? `Imported: ${b.importedByName ?? b.importedBy}, ${formatDateTime(b.importedAt)}`
                      : 'Import not confirmed yet'}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td>
                {b.jobs.length}
                <Text size="xs" c="dimmed">
                  <span style={{ whiteSpace: 'nowrap' }}>{b.jobs[0]?.invoiceNumber}</span>
                  {b.jobs.length > 1 ? (
                    <>
                      {' '}
                      – <span style={{ whiteSpace: 'nowrap' }}>{b.jobs[b.jobs.length - 1]?.invoiceNumber}</span>
                    </>
                  ) : (
                    ''
                  )}
                </Text>
              </Table.Td>
              <Table.Td>{formatMoneyText(b.totalCents)}</Table.Td>
              <Table.Td>
                <Stack gap={2}>
                  {b.files.map((f) => (
                    // The long file name wraps; the button keeps its whole label.
                    <Group key={f.name} gap={6} wrap="nowrap" preventGrowOverflow={false}>
                      <Text size="sm" title={`${f.path}\nsha256 ${f.sha256}`} style={{ overflowWrap: 'anywhere' }}>
                        {f.name}
                      </Text>
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        style={{ flexShrink: 0 }}
                        onClick={() =>
                          void act('Show in folder', async () => {
                            const r = await call('exports.showInFolder', { path: f.path })
                            return r.opened ? `Opened ${r.path}` : `The file is in ${r.path}`
                          })
                        }
                      >
                        Show in folder
                      </Button>
                    </Group>
                  ))}
                </Stack>
              </Table.Td>
              <Table.Td>
                <Group gap={6}>
                  {b.status === 'active' ? (
                    <Button size="xs" onClick={() => onOpen(b)} aria-label={`Import steps for batch ${b.id}`}>
                      Import steps
                    </Button>
                  ) : null}
                  <Button
                    size="xs"
                    variant="default"
                    onClick={() =>
                      void act('Re-export', async () => {
                        const r = await call('exports.reexport', { batchId: b.id })
                        return `Batch ${b.id} written again, byte for byte: ${r.files.map((f) => f.path).join(', ')}`
                      })
                    }
                  >
                    Re-export
                  </Button>
                  {b.status === 'active' ? (
                    <Button
                      size="xs"
                      variant="light"
                      aria-label={`Send packets of batch ${b.id}`}
                      onClick={() =>
                        void act('Send packets', async () => {
                          const r = await call('mail.sendBatch', { batchId: b.id })
                          const failed = r.jobs.filter((j) => j.outcome === 'failed')
                          return [
                            `Batch ${b.id}: ${r.sent} sent, ${r.alreadySent} already sent, ${r.failed} failed.`,
                            ...failed.map((j) => `${j.jobId}: ${j.error?.message ?? ''}`),
                          ].join(' ')
                        })
                      }
                    >
                      Send packets
                    </Button>
                  ) : null}
                  {b.status === 'active' ? (
                    <Button size="xs" variant="light" color="red" onClick={() => setVoiding(b)}>
                      Void…
                    </Button>
                  ) : null}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <VoidDialog
        batch={voiding}
        onClose={() => setVoiding(null)}
        onDone={(text) => {
          setMessage(text)
          setVoiding(null)
          onChanged()
        }}
      />
    </Stack>
  )
}

function VoidDialog({
  batch,
  onClose,
  onDone,
}: {
  batch: Batch | null
  onClose: () => void
  onDone: (message: string) => void
}) {
  const [reason, setReason] = useState('')
  const mutation = useMutation()
  // The reason is the only thing to fix here: every failure is said under it.
  const error = mutation.error ? (mutation.fieldErrors.reason ?? mutation.error.text) : null
  const submit = async () => {
    if (!batch) return
    const r = await mutation.run(() => call('exports.voidBatch', { batchId: batch.id, reason }))
    if (!r.ok) return
    setReason('')
    onDone(
      `Batch ${batch.id} voided: its ${batch.jobs.length} job(s) are invoice-ready again and keep their invoice numbers.`,
    )
  }
  return (
    <Modal opened={batch !== null} onClose={onClose} title={batch ? `Void batch #${batch.id}` : ''}>
      <Stack>
        <Text size="sm">
          Void a batch when the accounting system did not import it. Its jobs go back to invoice-ready and keep their
          numbers.
        </Text>
        <Textarea
          label="Why"
          required
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={error}
          autosize
          minRows={2}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color="red" onClick={() => void submit()} disabled={reason.trim() === ''} loading={mutation.busy}>
            Void batch
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
