import { Alert, Anchor, Badge, Button, Drawer, Group, ScrollArea, Table, Text, TextInput } from '@mantine/core'
import { useState } from 'react'
import type { JobMetrics, Metrics } from '../../../../src-shared/api/metrics'
import { call } from '../../app/api'
import { formatDateTime } from '../../app/format'
import { routeHref } from '../../app/router'
import { useMutation } from '../../app/use-mutation'
import { StatusBadge } from '../../components/StatusBadge'
import { formatDuration } from './dashboard-format'
import type { JobSelection } from './FigureCard'

/** The jobs behind a figure, with the times that made it; an invoiced job can be marked disputed here. */
export function JobsDrawer({
  selection,
  metrics,
  onClose,
  onChanged,
}: {
  selection: JobSelection | null
  metrics: Metrics
  onClose: () => void
  onChanged: () => void
}) {
  const jobs = (selection?.jobIds ?? []).map((id) => metrics.jobs[id]).filter((j): j is JobMetrics => j !== undefined)
  return (
    <Drawer
      opened={selection !== null}
      onClose={onClose}
      position="right"
      size={980}
      title={<Text fw={650}>{selection?.title}</Text>}
    >
      <Text size="sm" c="dimmed" mb="sm">
        {jobs.length} job{jobs.length === 1 ? '' : 's'}. Completed is the technician&apos;s own clock; the rest is the
        office&apos;s.
      </Text>
      <ScrollArea>
        <Table verticalSpacing="xs" striped aria-label="Jobs behind the figure">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Job</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Completed</Table.Th>
              <Table.Th>Invoiced</Table.Th>
              <Table.Th ta="right">Cycle</Table.Th>
              <Table.Th ta="right">Touches</Table.Th>
              <Table.Th>
                <span
                  className="visually-hidden"
                  style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}
                >
                  Actions
                </span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {jobs.map((j) => (
              <JobRow key={j.id} job={j} onChanged={onChanged} />
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
    </Drawer>
  )
}

function JobRow({ job, onChanged }: { job: JobMetrics; onChanged: () => void }) {
  const [disputing, setDisputing] = useState(false)
  const [reason, setReason] = useState('')
  const mutation = useMutation()
  const reasonError = mutation.fieldErrors.reason
  const error = mutation.error && !reasonError ? mutation.error.text : undefined
  const submit = async () => {
    const r = await mutation.run(() => call('jobs.dispute', { id: job.id, reason }))
    if (!r.ok) return
    setDisputing(false)
    onChanged()
  }
  return (
    <>
      <Table.Tr data-job-id={job.id}>
        <Table.Td>
          <Anchor href={routeHref({ screen: 'job', jobId: job.id })} size="sm" fw={600}>
            {job.id}
          </Anchor>
          <Text size="xs" c="dimmed" lineClamp={1}>
            {[job.customer, job.technician, job.jobType].filter(Boolean).join(' · ')}
          </Text>
        </Table.Td>
        <Table.Td style={{ whiteSpace: 'nowrap', minWidth: 120 }}>
          <StatusBadge status={job.status} />
          {job.disputeReason ? (
            <Badge ml={4} size="sm" color="red" variant="outline" title={job.disputeReason}>
              Disputed
            </Badge>
          ) : null}
        </Table.Td>
        <Table.Td>
          <Text size="xs">{job.completedAt ? formatDateTime(job.completedAt) : '—'}</Text>
        </Table.Td>
        <Table.Td>
          <Text size="xs">{formatDateTime(job.invoicedAt)}</Text>
          {job.sentAt ? (
            <Text size="xs" c="dimmed">
              sent {formatDateTime(job.sentAt)}
            </Text>
          ) : null}
        </Table.Td>
        <Table.Td
          ta="right"
          style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}
          title={job.cycleEnd ? `Completed → ${job.cycleEnd}` : undefined}
        >
          {formatDuration(job.cycleSeconds)}
        </Table.Td>
        <Table.Td ta="right">{job.touches}</Table.Td>
        <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
          {job.status === 'invoiced' && !job.disputeReason && !disputing ? (
            <Button size="compact-xs" variant="subtle" color="red.9" onClick={() => setDisputing(true)}>
              Mark disputed
            </Button>
          ) : null}
        </Table.Td>
      </Table.Tr>
      {disputing ? (
        <Table.Tr>
          <Table.Td colSpan={7}>
            <Group align="flex-end">
              <TextInput
                label={`Why does the customer dispute ${job.id}?`}
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
                error={reasonError}
                style={{ flex: 1 }}
                maxLength={500}
              />
              <Button
                size="sm"
                color="red"
                onClick={() => void submit()}
                disabled={!reason.trim()}
                loading={mutation.busy}
              >
                Save dispute
              </Button>
              <Button size="sm" variant="default" onClick={() => setDisputing(false)}>
                Cancel
              </Button>
            </Group>
            {error ? (
              <Alert color="red" mt="xs">
                {error}
              </Alert>
            ) : null}
          </Table.Td>
        </Table.Tr>
      ) : null}
    </>
  )
}
