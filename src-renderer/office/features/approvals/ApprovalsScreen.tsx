import { Alert, Anchor, Badge, Button, Checkbox, Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core'
import { factsOf } from '../../../../src-shared/domain/findings'
import { useState } from 'react'
import type { ApprovalItem } from '../../../../src-shared/api/approvals'
import { call } from '../../app/api'
import { formatAgo, formatCount, formatMoneyString, formatQuantity } from '../../app/format'
import { routeHref } from '../../app/router'
import { useQuery } from '../../app/use-query'
import { DecisionDialog } from '../../components/DecisionDialog'
import { Icon } from '../../components/icons'
import { PageHeader } from '../../components/PageHeader'
import { EmptyState, ErrorState, Loading } from '../../components/QueryState'
import { BulkApproveDialog } from './BulkApproveDialog'

/** Only the jobs waiting for a supervisor, oldest first, each with the rule that sent it here. */
export function ApprovalsScreen() {
  const items = useQuery(() => call('approvals.list', {}), [], ['jobs.changed'])
  const [decision, setDecision] = useState<{ kind: 'approve' | 'send-back'; jobId: string } | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set())
  const [bulk, setBulk] = useState(false)
  const approvable = (items.data ?? []).filter((i) => !i.findings.some((f) => f.severity === 'block'))
  const chosen = approvable.filter((i) => selected.has(i.jobId))
  const toggle = (jobId: string, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s)
      if (on) next.add(jobId)
      else next.delete(jobId)
      return next
    })
  const currency = useQuery(() => call('dispatch.options', {}).then((o) => o.currency), []).data ?? 'USD'

  return (
    <Stack gap="md" maw={1200}>
      <PageHeader
        title="Approvals"
        subtitle={
          items.data
            ? items.data.length
              ? `${formatCount(items.data.length)} ${items.data.length === 1 ? 'job is' : 'jobs are'} waiting for a supervisor, oldest first.`
              : 'Nothing is waiting.'
            : 'Jobs whose closeout broke a rule of the approval policy.'
        }
      />
      {notice ? (
        <Alert color="green" variant="light" withCloseButton onClose={() => setNotice(null)} role="status">
          {notice}
        </Alert>
      ) : null}
      {items.error ? (
        <ErrorState title="Could not load the approval inbox" error={items.error} onRetry={items.reload} />
      ) : !items.data ? (
        <Loading label="Loading jobs waiting for approval…" />
      ) : items.data.length === 0 ? (
        <Paper withBorder>
          <EmptyState icon="approvals" title="All caught up">
            Jobs that need a supervisor (a big discount, overtime, a missing signature, a warranty claim…) appear here
            the moment they arrive.
          </EmptyState>
        </Paper>
      ) : (
        <>
          <Group justify="space-between" gap="sm">
            <Checkbox
              label="Select all that can be approved"
              checked={approvable.length > 0 && chosen.length === approvable.length}
              indeterminate={chosen.length > 0 && chosen.length < approvable.length}
              onChange={(e) => setSelected(new Set(e.currentTarget.checked ? approvable.map((i) => i.jobId) : []))}
              disabled={approvable.length === 0}
            />
            <Button
              leftSection={<Icon name="check" size={16} />}
              disabled={chosen.length === 0}
              onClick={() => setBulk(true)}
            >
              {chosen.length ? `Approve ${chosen.length} selected` : 'Approve selected'}
            </Button>
          </Group>
          <Stack gap="md" role="list" aria-label="Jobs waiting for approval">
            {items.data.map((item) => (
              <ApprovalCard
                key={item.jobId}
                item={item}
                currency={currency}
                selected={selected.has(item.jobId)}
                onSelect={(on) => toggle(item.jobId, on)}
                onDecide={(kind) => setDecision({ kind, jobId: item.jobId })}
              />
            ))}
          </Stack>
        </>
      )}
      {bulk && chosen.length ? (
        <BulkApproveDialog
          items={chosen}
          currency={currency}
          onClose={() => setBulk(false)}
          onDone={(message, failed) => {
            setBulk(false)
            setSelected(new Set(failed))
            setNotice(message)
            items.reload()
          }}
        />
      ) : null}
      {decision ? (
        <DecisionDialog
          kind={decision.kind}
          jobId={decision.jobId}
          approversOnly
          opened
          onClose={() => setDecision(null)}
          onDone={(message) => {
            setDecision(null)
            setNotice(message)
            items.reload()
          }}
          run={async (a, comment) => {
            if (decision.kind === 'approve') {
              const r = await call('approvals.approve', {
                jobId: decision.jobId,
                userId: a.userId,
                pin: a.pin,
                ...(comment ? { comment } : {}),
              })
              return r.status === 'needs-approval'
                ? `Approval recorded for ${decision.jobId}; it needs a second approver.`
                : `${decision.jobId} approved and ready to invoice.`
            }
            await call('approvals.sendBack', { jobId: decision.jobId, userId: a.userId, pin: a.pin, comment })
            return `${decision.jobId} was sent back to the technician.`
          }}
        />
      ) : null}
    </Stack>
  )
}

function ApprovalCard({
  item,
  currency,
  selected,
  onSelect,
  onDecide,
}: {
  item: ApprovalItem
  currency: string
  selected: boolean
  onSelect: (on: boolean) => void
  onDecide: (kind: 'approve' | 'send-back') => void
}) {
  const why = item.findings.filter((f) => f.severity === 'approval')
  const blocking = item.findings.filter((f) => f.severity === 'block')
  const e = item.estimateVsActual
  return (
    <Paper
      withBorder
      shadow="xs"
      p="lg"
      role="listitem"
      data-approval={item.jobId}
      aria-label={`${item.jobId} ${item.customer ?? ''}`}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={4} style={{ flex: 1 }}>
          <Group gap="sm">
            <Checkbox
              aria-label={`Select ${item.jobId}`}
              checked={selected}
              onChange={(e) => onSelect(e.currentTarget.checked)}
              disabled={blocking.length > 0}
            />
            <Anchor href={routeHref({ screen: 'job', jobId: item.jobId })} fw={700} fz="lg">
              {item.jobId}
            </Anchor>
            <Text fw={600}>{item.customer ?? 'Unknown customer'}</Text>
            {item.levelsRequired > 1 ? (
              <Badge variant="light" color="blue">
                {item.approvals.length} of {item.levelsRequired} approvals
              </Badge>
            ) : null}
          </Group>
          <Text size="sm" c="dimmed">
            {item.jobType ?? 'Job'} · {item.technician ?? 'Unknown technician'} · waiting{' '}
            {formatAgo(item.waitingSince).replace(/ ago$/, '')}
          </Text>
        </Stack>
        <Stack gap={0} align="flex-end">
          <Text size="xs" c="dimmed">
            Total
          </Text>
          <Text fw={700} fz="xl" style={{ fontVariantNumeric: 'tabular-nums' }}>
            {formatMoneyString(item.totals.total, currency)}
          </Text>
        </Stack>
      </Group>
      <Stack gap={6} mt="md">
        {why.map((f, i) => (
          <Group key={i} gap="sm" wrap="nowrap" align="flex-start">
            <Badge color="yellow" variant="light" miw={120}>
              {factsOf(f.code)?.rule ?? 'Policy'}
            </Badge>
            <Text size="sm">{f.message}</Text>
          </Group>
        ))}
        {blocking.map((f, i) => (
          <Group key={`b${i}`} gap="sm" wrap="nowrap" align="flex-start">
            <Badge color="red" variant="light" miw={120}>
              Must fix
            </Badge>
            <Text size="sm">{f.message}</Text>
          </Group>
        ))}
      </Stack>
      <SimpleGrid cols={4} mt="md" spacing="sm">
        <Figure
          label="Parts"
          value={`${formatMoneyString(e.partsActual, currency)}`}
          hint={e.partsEstimate ? `estimate ${formatMoneyString(e.partsEstimate, currency)}` : 'no estimate'}
        />
        <Figure
          label="Labor hours"
          value={formatQuantity(e.laborHoursActual)}
          hint={e.laborHoursEstimate ? `estimate ${formatQuantity(e.laborHoursEstimate)}` : 'no estimate'}
        />
        <Figure
          label="Discount"
          value={formatMoneyString(item.totals.discount, currency)}
          hint={`subtotal ${formatMoneyString(item.totals.subtotal, currency)}`}
        />
        <Figure
          label="Not to exceed"
          value={e.notToExceed ? formatMoneyString(e.notToExceed, currency) : 'None'}
          hint={`total ${formatMoneyString(e.total, currency)}`}
        />
      </SimpleGrid>
      <Group justify="flex-end" mt="md" gap="sm">
        <Button component="a" href={routeHref({ screen: 'job', jobId: item.jobId })} variant="subtle">
          Open job
        </Button>
        <Button
          variant="light"
          color="orange"
          leftSection={<Icon name="reply" size={16} />}
          onClick={() => onDecide('send-back')}
        >
          Send back
        </Button>
        <Button
          leftSection={<Icon name="check" size={16} />}
          onClick={() => onDecide('approve')}
          disabled={blocking.length > 0}
          title={blocking.length ? 'Fix the findings marked “Must fix” first' : undefined}
        >
          Approve
        </Button>
      </Group>
    </Paper>
  )
}

function Figure({ label, value, hint }: { label: string; value: string; hint: string }) {
  return (
    <Paper bg="gray.0" p="sm" radius="md">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={650} style={{ fontVariantNumeric: 'tabular-nums' }}>
        {value}
      </Text>
      <Text size="xs" c="dimmed">
        {hint}
      </Text>
    </Paper>
  )
}
