import {
  Alert,
  Anchor,
  Badge,
  Button,
  Drawer,
  Group,
  Pagination,
  ScrollArea,
  Table,
  Text,
  TextInput,
} from '@mantine/core'
import { useState } from 'react'
import { METRIC_JOBS_PAGE, type JobMetrics } from '../../../../src-shared/api/metrics'
import { call } from '../../app/api'
import { formatDateTime } from '../../app/format'
import { routeHref } from '../../app/router'
import { useMutation } from '../../app/use-mutation'
import { useQuery } from '../../app/use-query'
import { ErrorState, Loading } from '../../components/QueryState'
import { StatusBadge } from '../../components/StatusBadge'
import { formatDuration } from './dashboard-format'
import type { JobSelection } from './FigureCard'

/**
 * The jobs behind a figure, with the times that made it, a page at a time (metrics.jobs: the
 * dashboard's answer names the jobs, this asks for their details); an invoiced job can be
 * marked disputed here.
 */
export function JobsDrawer({
  selection,
  range,
  onClose,
  onChanged,
}: {
  selection: JobSelection | null
  /** The range of the figures the selection comes from. */
  range: { from: string; to: string }
  onClose: () => void
  onChanged: () => void
}) {
  const [page, setPage] = useState(0)
  const [opened, setOpened] = useState(selection)
  if (opened !== selection) {
    // Another figure: back to its first page.
    setOpened(selection)
    setPage(0)
  }
  const jobs = useQuery(
    () =>
      selection
        ? call('metrics.jobs', {
            from: range.from,
            to: range.to,
            figure: selection.figure,
            ...(selection.key === undefined ? {} : { key: selection.key }),
            page,
            limit: METRIC_JOBS_PAGE,
          })
        : Promise.resolve(null),
    [selection, range.from, range.to, page],
    ['jobs.changed'],
  )
  const answer = jobs.data ?? null
  const total = answer?.total ?? selection?.jobIds.length ?? 0
  const pages = Math.ceil(total / METRIC_JOBS_PAGE)
  const first = page * METRIC_JOBS_PAGE
  return (
    <Drawer
      opened={selection !== null}
      onClose={onClose}
      position="right"
      size={980}
      title={<Text fw={650}>{selection?.title}</Text>}
    >
      <Text size="sm" c="dimmed" mb="sm">
        {total} job{total === 1 ? '' : 's'}
        {pages > 1 ? `, ${first + 1}–${Math.min(first + METRIC_JOBS_PAGE, total)} shown` : ''}. Completed is the
        technician&apos;s own clock; the rest is the office&apos;s.
      </Text>
      {jobs.error ? (
        <ErrorState title="Could not load the jobs" error={jobs.error} onRetry={jobs.reload} />
      ) : !answer ? (
        <Loading label="Loading jobs" />
      ) : (
        <ScrollArea>
          <Table verticalSpacing="xs" striped aria-label="Jobs behind the figure" aria-busy={jobs.loading}>
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
              {answer.jobs.map((j) => (
                <JobRow
                  key={j.id}
                  job={j}
                  onChanged={() => {
                    jobs.reload()
                    onChanged()
                  }}
                />
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
      {pages > 1 ? (
        <Group justify="center" mt="md">
          <Pagination
            total={pages}
            value={page + 1}
            onChange={(p) => setPage(p - 1)}
            size="sm"
            aria-label="Pages of jobs"
            getControlProps={(control) => ({
              'aria-label': control === 'previous' ? 'Previous page' : control === 'next' ? 'Next page' : control,
            })}
            getItemProps={(p) => ({ 'aria-label': `Page ${p}` })}
          />
        </Group>
      ) : null}
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
