import { Group, Paper, Stack, Text } from '@mantine/core'
import type { ApprovalItem } from '../../../src-shared/api/approvals'
import { factsOf } from '../../../src-shared/domain/findings'
import { call } from '../app/api'
import { formatMoneyString } from '../app/format'
import { useQuery } from '../app/use-query'

/** Why a job needs approval, in the rule's words (the findings of severity "approval"). */
export function approvalReasons(item: ApprovalItem): string[] {
  return item.findings.filter((f) => f.severity === 'approval').map((f) => f.message)
}

/**
 * What the approver is about to approve: the findings that brought the job here and the amount
 * that will be invoiced, so the decision is made on the numbers, not from memory of the card.
 */
export function ApprovalSummary({ jobId }: { jobId: string }) {
  const item = useQuery(() => call('approvals.list', { jobId }).then((items) => items[0] ?? null), [jobId])
  const currency = useQuery(() => call('dispatch.options', {}).then((o) => o.currency), []).data ?? 'USD'
  if (!item.data) return null
  const data = item.data
  return (
    <Paper bg="gray.0" p="sm" radius="md" aria-label={`What you are approving on ${jobId}`}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            {data.customer ?? 'Unknown customer'} · {data.jobType ?? 'Job'}
          </Text>
          {data.findings
            .filter((f) => f.severity === 'approval')
            .map((f, i) => (
              <Text key={i} size="sm">
                <Text span fw={600}>
                  {factsOf(f.code)?.rule ?? 'Policy'}:
                </Text>{' '}
                {f.message}
              </Text>
            ))}
        </Stack>
        <Stack gap={0} align="flex-end">
          <Text size="xs" c="dimmed">
            Invoice total
          </Text>
          <Text fw={700} fz="lg" style={{ fontVariantNumeric: 'tabular-nums' }}>
            {formatMoneyString(data.totals.total, currency)}
          </Text>
          {data.levelsRequired > 1 ? (
            <Text size="xs" c="dimmed">
              approval {data.approvals.length + 1} of {data.levelsRequired}
            </Text>
          ) : null}
        </Stack>
      </Group>
    </Paper>
  )
}
