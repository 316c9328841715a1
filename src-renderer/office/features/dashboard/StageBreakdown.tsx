import { Group, Progress, Stack, Table, Text, Tooltip } from '@mantine/core'
import type { Metrics } from '../../../../src-shared/api/metrics'
import { formatDuration, formatPercent, STAGE_LOOK } from './dashboard-format'
import { FigureButton, type JobSelection } from './FigureCard'

/** Where the cycle time goes: each stage's share, its median, and what waits in it right now. */
export function StageBreakdown({ metrics, onOpen }: { metrics: Metrics; onOpen: (s: JobSelection) => void }) {
  const waiting = new Map(metrics.waitingNow.map((w) => [w.stage, w]))
  return (
    <Stack gap="md">
      <Progress.Root size={22} radius="sm" aria-label="Share of cycle time per stage">
        {metrics.stages.map((s) =>
          s.share ? (
            <Tooltip key={s.stage} label={`${STAGE_LOOK[s.stage].label}: ${formatPercent(s.share)}`}>
              <Progress.Section value={s.share * 100} color={STAGE_LOOK[s.stage].color}>
                {s.share >= 0.08 ? <Progress.Label>{formatPercent(s.share)}</Progress.Label> : null}
              </Progress.Section>
            </Tooltip>
          ) : null,
        )}
      </Progress.Root>
      <Table verticalSpacing={6} horizontalSpacing="xs" aria-label="Stages">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Stage</Table.Th>
            <Table.Th ta="right">Avg per job</Table.Th>
            <Table.Th ta="right">Share</Table.Th>
            <Table.Th ta="right">Waiting now</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {metrics.stages.map((s) => {
            const look = STAGE_LOOK[s.stage]
            const now = waiting.get(s.stage)
            return (
              <Table.Tr key={s.stage} data-stage={s.stage}>
                <Table.Td>
                  <FigureButton selection={{ title: `Invoiced jobs that spent time ${look.label.toLowerCase()}`, jobIds: s.jobIds }} onOpen={onOpen}>
                    <Group gap={8} wrap="nowrap">
                      <span style={{ width: 10, height: 10, borderRadius: 3, flex: 'none', background: `var(--mantine-color-${look.color}-6)` }} />
                      <div>
                        <Text size="sm" fw={600}>
                          {look.label}
                        </Text>
                        <Text size="xs" c="dimmed" lineClamp={1}>
                          {look.hint}
                        </Text>
                      </div>
                    </Group>
                  </FigureButton>
                </Table.Td>
                <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }} title={`Median ${formatDuration(s.medianSeconds)}`}>
                  {formatDuration(s.meanSeconds)}
                </Table.Td>
                <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {formatPercent(s.share)}
                </Table.Td>
                <Table.Td ta="right">
                  {now ? (
                    <FigureButton selection={{ title: `${look.label}, right now`, jobIds: now.jobIds }} onOpen={onOpen}>
                      <Text size="sm" fw={now.count ? 600 : 400} c={now.count ? undefined : 'dimmed'}>
                        {now.count}
                        {now.count ? <Text span size="xs" c="dimmed">{` · oldest ${formatDuration(now.oldestSeconds)}`}</Text> : null}
                      </Text>
                    </FigureButton>
                  ) : (
                    <Text size="sm" c="dimmed">
                      —
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            )
          })}
        </Table.Tbody>
      </Table>
    </Stack>
  )
}
