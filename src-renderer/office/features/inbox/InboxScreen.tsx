import { Alert, Group, Loader, Paper, ScrollArea, Table, Tabs, Text, TextInput, Title } from '@mantine/core'
import { useDeferredValue, useState } from 'react'
import type { JobStatus } from '../../../../src-shared/domain/status'
import { call } from '../../app/api'
import { formatDay, formatMoneyText } from '../../app/format'
import { useQuery } from '../../app/use-query'
import { StatusBadge } from '../../components/StatusBadge'

type Tab = JobStatus | 'all'

const TABS: { value: Tab; label: string }[] = [
  { value: 'needs-review', label: 'Needs review' },
  { value: 'needs-approval', label: 'Needs approval' },
  { value: 'invoice-ready', label: 'Invoice ready' },
  { value: 'invoiced', label: 'Invoiced' },
  { value: 'scheduled', label: 'Scheduled' },
  { value: 'all', label: 'All' },
]

/** Every job, by status, searchable; updates live when a closeout is ingested. */
export function InboxScreen() {
  const [tab, setTab] = useState<Tab>('all')
  const [search, setSearch] = useState('')
  const deferredSearch = useDeferredValue(search)
  const jobs = useQuery(
    () => call('jobs.list', { status: tab, limit: 500, ...(deferredSearch.trim() ? { search: deferredSearch.trim() } : {}) }),
    [tab, deferredSearch],
    ['jobs.changed'],
  )

  return (
    <Paper p="lg" radius="md" withBorder>
      <Group justify="space-between" mb="md">
        <Title order={2}>Inbox</Title>
        <TextInput
          aria-label="Search jobs"
          placeholder="Search customer, site, job or invoice number"
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={360}
        />
      </Group>
      <Tabs value={tab} onChange={(v) => setTab((v as Tab | null) ?? 'all')} mb="md">
        <Tabs.List>
          {TABS.map((t) => (
            <Tabs.Tab key={t.value} value={t.value}>
              {t.label}
              {jobs.data ? <Text span c="dimmed" size="sm" ml={6}>{jobs.data.counts[t.value] ?? 0}</Text> : null}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      {jobs.error ? (
        <Alert color="red" title="Could not load jobs">
          {jobs.error.message}
        </Alert>
      ) : !jobs.data ? (
        <Group justify="center" p="xl">
          <Loader aria-label="Loading jobs" />
        </Group>
      ) : jobs.data.jobs.length === 0 ? (
        <Text c="dimmed" ta="center" p="xl">
          {search ? `No jobs match “${search}”.` : 'No jobs here yet. Closeouts from the field appear as soon as they arrive.'}
        </Text>
      ) : (
        <ScrollArea>
          <Table striped highlightOnHover verticalSpacing="sm" aria-label="Jobs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Job</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Customer</Table.Th>
                <Table.Th>Technician</Table.Th>
                <Table.Th>Scheduled</Table.Th>
                <Table.Th ta="right">Total</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {jobs.data.jobs.map((job) => (
                <Table.Tr key={job.id} data-job-id={job.id}>
                  <Table.Td fw={600}>{job.id}</Table.Td>
                  <Table.Td>
                    <StatusBadge status={job.status} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{job.customer ?? 'Unknown customer'}</Text>
                    <Text size="xs" c="dimmed">
                      {job.siteAddress}
                    </Text>
                  </Table.Td>
                  <Table.Td>{job.technician ?? '—'}</Table.Td>
                  <Table.Td>{formatDay(job.scheduledFor)}</Table.Td>
                  <Table.Td ta="right">{formatMoneyText(job.totalCents)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
    </Paper>
  )
}
