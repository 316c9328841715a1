import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core'
import { useState } from 'react'
import { call } from '../../app/api'
import { formatDateTime } from '../../app/format'
import { useMutation } from '../../app/use-mutation'
import { useQuery } from '../../app/use-query'
import { FailureAlert } from '../../components/FailureAlert'

/**
 * Finds the dispatched job a stray closeout belongs to: only jobs still waiting for a closeout
 * (scheduled) are offered, searched by number, customer or address.
 */
export function MatchJobDialog({
  jobId,
  onClose,
  onDone,
}: {
  jobId: string
  onClose: () => void
  onDone: (toJobId: string) => void
}) {
  const [search, setSearch] = useState('')
  const mutation = useMutation()
  const busy = mutation.busyKey
  const error = mutation.error?.text ?? null
  const words = search.trim()
  const jobs = useQuery(
    () =>
      call('jobs.list', {
        status: 'scheduled',
        ...(words ? { search: words } : {}),
        sort: 'when',
        direction: 'asc',
        limit: 8,
        counts: false,
      }),
    [words],
  )

  const match = async (toJobId: string) => {
    const r = await mutation.run(() => call('review.matchToJob', { jobId, toJobId }), toJobId)
    if (r.ok) onDone(toJobId)
  }

  return (
    <Modal opened onClose={onClose} title={<Text fw={650}>{`Match ${jobId}'s closeout to a job`}</Text>} size="lg">
      <Stack>
        <TextInput
          label="Search jobs waiting for a closeout"
          placeholder="Job number, customer or address"
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          data-autofocus
        />
        <Stack gap="xs" role="list" aria-label="Jobs waiting for a closeout">
          {(jobs.data?.jobs ?? []).map((j) => (
            <Group key={j.id} justify="space-between" wrap="nowrap" role="listitem">
              <Stack gap={0}>
                <Text size="sm" fw={600}>
                  {j.id} · {j.customer ?? 'Unknown customer'}
                </Text>
                <Text size="xs" c="dimmed">
                  {j.jobType ?? 'Job'} · {j.technician ?? 'Unassigned'} · {formatDateTime(j.scheduledFor)} ·{' '}
                  {j.siteAddress}
                </Text>
              </Stack>
              <Button size="xs" loading={busy === j.id} onClick={() => void match(j.id)}>
                {`Match to ${j.id}`}
              </Button>
            </Group>
          ))}
          {jobs.data && jobs.data.jobs.length === 0 ? (
            <Text size="sm" c="dimmed">
              No scheduled job matches “{words}”.
            </Text>
          ) : null}
        </Stack>
        <FailureAlert text={error} />
      </Stack>
    </Modal>
  )
}
