import { Badge, Button, Group, NumberInput, Paper, Popover, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import { useState } from 'react'
import type { Metrics } from '../../../../src-shared/api/metrics'
import { formatDuration, formatPercent } from './dashboard-format'
import { FigureButton, type JobSelection } from './FigureCard'

function Stat({
  label,
  value,
  detail,
  selection,
  onOpen,
}: {
  label: string
  value: string
  detail?: string
  selection: JobSelection
  onOpen: (s: JobSelection) => void
}) {
  return (
    <FigureButton selection={selection} onOpen={onOpen}>
      <Text size="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text fz={22} fw={700} style={{ fontVariantNumeric: 'tabular-nums' }}>
        {value}
      </Text>
      {detail ? (
        <Text size="xs" c="dimmed">
          {detail}
        </Text>
      ) : null}
    </FigureButton>
  )
}

/** Approvals against the SLA: how many, how fast, and how many jobs need one at all. */
export function ApprovalsPanel({
  metrics,
  onOpen,
  onSaveSla,
}: {
  metrics: Metrics
  onOpen: (s: JobSelection) => void
  onSaveSla: (hours: number) => Promise<void>
}) {
  const d = metrics.approvals.decisions
  return (
    <Paper withBorder radius="md" p="md" h="100%">
      <Group justify="space-between" align="center" mb="sm">
        <Title order={4}>Approvals</Title>
        <SlaEditor hours={metrics.approvalSlaHours} onSave={onSaveSla} />
      </Group>
      <SimpleGrid cols={3} spacing="md">
        <Stat
          label="Time to decision"
          value={formatDuration(d.medianSeconds)}
          detail={`median · p90 ${formatDuration(d.p90Seconds)}`}
          selection={{ title: 'Approval decisions in this range', jobIds: d.jobIds, figure: 'approvalDecisions' }}
          onOpen={onOpen}
        />
        <Stat
          label="Decided within SLA"
          value={formatPercent(d.withinSla.rate)}
          detail={`${d.withinSla.count} of ${d.withinSla.of} · ${d.approved} approved, ${d.sentBack} sent back`}
          selection={{ title: 'Approval decisions in this range', jobIds: d.jobIds, figure: 'approvalDecisions' }}
          onOpen={onOpen}
        />
        <Stat
          label="Jobs needing approval"
          value={formatPercent(metrics.approvals.needed.rate)}
          detail={`${metrics.approvals.needed.count} of ${metrics.approvals.needed.of} received`}
          selection={{
            title: 'Received jobs that needed approval',
            jobIds: metrics.approvals.needed.jobIds,
            figure: 'approvalsNeeded',
          }}
          onOpen={onOpen}
        />
      </SimpleGrid>
    </Paper>
  )
}

/** The review queue, first-time-right, voids and customer disputes with their reasons. */
export function QualityPanel({ metrics, onOpen }: { metrics: Metrics; onOpen: (s: JobSelection) => void }) {
  return (
    <Paper withBorder radius="md" p="md" h="100%">
      <Title order={4} mb="sm">
        Quality
      </Title>
      <SimpleGrid cols={4} spacing="md">
        <Stat
          label="Needs review now"
          value={String(metrics.needsReview.count)}
          detail={
            metrics.needsReview.count ? `oldest ${formatDuration(metrics.needsReview.oldestSeconds)}` : 'queue is empty'
          }
          selection={{ title: 'Needs review right now', jobIds: metrics.needsReview.jobIds, figure: 'needsReview' }}
          onOpen={onOpen}
        />
        <Stat
          label="First-time-right"
          value={formatPercent(metrics.firstTimeRight.rate)}
          detail={`${metrics.firstTimeRight.count} of ${metrics.firstTimeRight.of} untouched`}
          selection={{
            title: 'Needed a send-back, an edit or a fix before invoice-ready',
            jobIds: metrics.firstTimeRight.missedJobIds,
            figure: 'firstTimeMissed',
          }}
          onOpen={onOpen}
        />
        <Stat
          label="Disputed"
          value={formatPercent(metrics.disputes.rate)}
          detail={`${metrics.disputes.count} of ${metrics.disputes.of} invoices`}
          selection={{ title: 'Disputed invoices', jobIds: metrics.disputes.jobIds, figure: 'disputes' }}
          onOpen={onOpen}
        />
        <Stat
          label="Voided"
          value={String(metrics.voids.count)}
          detail="not in other figures"
          selection={{ title: 'Voided in this range', jobIds: metrics.voids.jobIds, figure: 'voids' }}
          onOpen={onOpen}
        />
      </SimpleGrid>
      <Stack gap={4} mt="sm">
        {metrics.disputes.reasons.slice(0, 3).map((r) => (
          <FigureButton
            key={r.reason}
            selection={{ title: `Disputed: ${r.reason}`, jobIds: r.jobIds, figure: 'disputeReason', key: r.reason }}
            onOpen={onOpen}
          >
            <Group gap={8} wrap="nowrap">
              <Badge size="sm" variant="light" color="red" radius="sm">
                {r.count}×
              </Badge>
              <Text size="xs" truncate>
                {r.reason}
              </Text>
            </Group>
          </FigureButton>
        ))}
      </Stack>
    </Paper>
  )
}

function SlaEditor({ hours, onSave }: { hours: number; onSave: (hours: number) => Promise<void> }) {
  const [opened, setOpened] = useState(false)
  const [value, setValue] = useState<number | string>(hours)
  const [saving, setSaving] = useState(false)
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" withArrow trapFocus>
      <Popover.Target>
        <Button size="compact-xs" variant="subtle" onClick={() => (setValue(hours), setOpened((o) => !o))}>
          SLA {hours} h
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <NumberInput
          label="Approval SLA (hours)"
          min={0.25}
          max={720}
          step={0.5}
          decimalScale={2}
          value={value}
          onChange={setValue}
          w={180}
        />
        <Button
          size="xs"
          mt="xs"
          loading={saving}
          disabled={typeof value !== 'number' || value < 0.25 || value > 720}
          onClick={async () => {
            setSaving(true)
            try {
              await onSave(Number(value))
              setOpened(false)
            } finally {
              setSaving(false)
            }
          }}
        >
          Save
        </Button>
      </Popover.Dropdown>
    </Popover>
  )
}
