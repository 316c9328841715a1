import { Badge, Group, Progress, Stack, Text, Tooltip } from '@mantine/core'
import type { Metrics } from '../../../../src-shared/api/metrics'
import { formatDuration, formatPercent, STAGE_LOOK } from './dashboard-format'
import { FigureButton, type JobSelection } from './FigureCard'

/** Where the cycle time goes: each stage's share and average, and what waits in it right now. */
export function StageBreakdown({ metrics, onOpen }: { metrics: Metrics; onOpen: (s: JobSelection) => void }) {
  const waiting = new Map(metrics.waitingNow.map((w) => [w.stage, w]))
  return (
    <Stack gap="sm">
      <Progress.Root size={14} radius="xl">
        {metrics.stages.map((s) =>
          s.share ? (
            <Tooltip key={s.stage} label={`${STAGE_LOOK[s.stage].label}: ${formatPercent(s.share)}`}>
              <Progress.Section
                value={s.share * 100}
                color={STAGE_LOOK[s.stage].color}
                aria-label={`${STAGE_LOOK[s.stage].label}: share of cycle time`}
              />
            </Tooltip>
          ) : null,
        )}
      </Progress.Root>
      <Stack gap={2} role="list" aria-label="Stages">
        {metrics.stages.map((s) => {
          const look = STAGE_LOOK[s.stage]
          const now = waiting.get(s.stage)
          return (
            <Group
              key={s.stage}
              role="listitem"
              data-stage={s.stage}
              wrap="nowrap"
              gap="sm"
              py={6}
              style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}
            >
              <div style={{ flex: 1, minWidth: 0 }}>
                <FigureButton
                  selection={{
                    title: `Invoiced jobs that spent time ${look.label.toLowerCase()}`,
                    jobIds: s.jobIds,
                    figure: 'stage',
                    key: s.stage,
                  }}
                  onOpen={onOpen}
                >
                  <Group gap={8} wrap="nowrap">
                    <span
                      style={{
                        width: 10,
                        height: 10,
                        borderRadius: 3,
                        flex: 'none',
                        background: `var(--mantine-color-${look.color}-6)`,
                      }}
                    />
                    {/* The stage's name wraps rather than losing its end in a column narrower than the dashboard's. */}
                    <Text size="sm" fw={600} data-testid="stage-name">
                      {look.label}
                    </Text>
                  </Group>
                  <Text size="xs" c="dimmed" ml={18} lineClamp={2}>
                    {look.hint}
                  </Text>
                </FigureButton>
              </div>
              <div style={{ textAlign: 'right', flex: 'none', width: 96 }}>
                <Text
                  size="sm"
                  fw={600}
                  style={{ fontVariantNumeric: 'tabular-nums' }}
                  title={`Median ${formatDuration(s.medianSeconds)}`}
                >
                  {formatDuration(s.meanSeconds)}
                </Text>
                <Text size="xs" c="dimmed">
                  avg · {formatPercent(s.share)}
                </Text>
              </div>
              <div style={{ flex: 'none', width: 118, textAlign: 'right' }}>
                {now ? (
                  <FigureButton
                    selection={{
                      title: `${look.label}, right now`,
                      jobIds: now.jobIds,
                      figure: 'waitingNow',
                      key: now.stage,
                    }}
                    onOpen={onOpen}
                    label={`${look.label} right now: ${now.count} jobs`}
                  >
                    <Badge
                      variant={now.count ? 'light' : 'transparent'}
                      color={now.count ? look.color : 'gray'}
                      radius="sm"
                      size="md"
                      style={{ textTransform: 'none' }}
                    >
                      {now.count ? `${now.count} waiting` : 'none waiting'}
                    </Badge>
                    {now.count ? (
                      <Text size="xs" c="dimmed" mt={2}>
                        oldest {formatDuration(now.oldestSeconds)}
                      </Text>
                    ) : null}
                  </FigureButton>
                ) : (
                  <Text size="xs" c="dimmed">
                    {s.stage === 'sending' ? 'after the export' : 'before the office'}
                  </Text>
                )}
              </div>
            </Group>
          )
        })}
      </Stack>
      <Text size="xs" c="dimmed">
        Averages over the invoiced jobs of the range; badges show the jobs in each stage right now and the longest wait.
      </Text>
    </Stack>
  )
}
