import { Grid, Group, Paper, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core'
import { useState } from 'react'
import { call } from '../../app/api'
import { useQuery } from '../../app/use-query'
import { PageHeader } from '../../components/PageHeader'
import { ErrorState, Loading } from '../../components/QueryState'
import { BreakdownTable } from './BreakdownTable'
import { CycleTrendChart } from './CycleTrendChart'
import { addDaysTo, clockLabel, formatDayShort, formatDuration, mondayOfDay } from './dashboard-format'
import type { JobSelection } from './FigureCard'
import { HeadlineTiles } from './HeadlineTiles'
import { JobsDrawer } from './JobsDrawer'
import { PaymentsPanel } from './PaymentsPanel'
import { ApprovalsPanel, QualityPanel } from './QualityPanel'
import { StageBreakdown } from './StageBreakdown'

interface Range {
  from?: string
  to?: string
}

const PRESETS = [
  { value: '4', label: '4 weeks' },
  { value: '12', label: '12 weeks' },
  { value: '26', label: '26 weeks' },
]

/** The clock that matters, completed -> sent (or exported), week by week, and where each job waits. */
export function DashboardScreen() {
  const [range, setRange] = useState<Range>({})
  const [preset, setPreset] = useState('12')
  const [selection, setSelection] = useState<JobSelection | null>(null)
  const metrics = useQuery(() => call('metrics.get', range), [range.from, range.to], ['jobs.changed'])
  const m = metrics.data

  const applyPreset = (value: string) => {
    setPreset(value)
    const to = range.to ?? m?.range.to
    if (!to) return
    setRange({ from: addDaysTo(mondayOfDay(to), -7 * (Number(value) - 1)), to })
  }
  const setDay = (key: 'from' | 'to', value: string) => {
    setPreset('')
    if (/^\d{4}-\d{2}-\d{2}$/.test(value))
      setRange((r) => ({ ...r, from: r.from ?? m?.range.from, to: r.to ?? m?.range.to, [key]: value }))
  }

  return (
    <Stack gap="md" maw={1400}>
      <PageHeader
        title="Dashboard"
        subtitle={
          m
            ? `Job completed → invoice sent (or exported, where no send is recorded) · ${formatDayShort(m.range.from)} – ${formatDayShort(m.range.to)} · weeks Mon–Sun, ${m.timeZone}`
            : 'Job completed → invoice sent'
        }
        actions={
          <Group gap="xs" wrap="nowrap">
            <SegmentedControl size="xs" data={PRESETS} value={preset} onChange={applyPreset} aria-label="Range" />
            <DayInput label="From" value={range.from ?? m?.range.from ?? ''} onChange={(v) => setDay('from', v)} />
            <DayInput label="To" value={range.to ?? m?.range.to ?? ''} onChange={(v) => setDay('to', v)} />
          </Group>
        }
      />

      {metrics.error ? (
        <ErrorState title="Could not load the figures" error={metrics.error} onRetry={metrics.reload} />
      ) : !m ? (
        <Loading label="Loading figures" />
      ) : (
        <>
          <HeadlineTiles metrics={m} onOpen={setSelection} />
          <Grid gap="md">
            {/* Half and half: at 7/5 the stage names of "Where the time goes" wrapped at 1280 px. */}
            <Grid.Col span={{ base: 12, lg: 6 }}>
              <Paper withBorder radius="md" p="md" h="100%">
                <Group justify="space-between" mb="xs">
                  <Title order={4}>Cycle time per week</Title>
                  <Text size="sm" c="dimmed">
                    {clockLabel(m.cycleTime.sent, m.cycleTime.count)} · {m.cycleTime.count} invoiced, {m.cycleTime.sent}{' '}
                    sent · median {formatDuration(m.cycleTime.medianSeconds)} · p90{' '}
                    {formatDuration(m.cycleTime.p90Seconds)}
                  </Text>
                </Group>
                <CycleTrendChart
                  weeks={m.weekly}
                  onSelect={(w) =>
                    setSelection({
                      title: `Invoiced in the week of ${formatDayShort(w.weekStart)}`,
                      jobIds: w.jobIds,
                      figure: 'week',
                      key: w.weekStart,
                    })
                  }
                />
              </Paper>
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 6 }}>
              <Paper withBorder radius="md" p="md" h="100%">
                <Title order={4} mb="xs">
                  Where the time goes
                </Title>
                <StageBreakdown metrics={m} onOpen={setSelection} />
              </Paper>
            </Grid.Col>
            <Grid.Col span={12}>
              <PaymentsPanel metrics={m} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 6 }}>
              <ApprovalsPanel
                metrics={m}
                onOpen={setSelection}
                onSaveSla={async (hours) => {
                  await call('metrics.setApprovalSla', { hours })
                  metrics.reload()
                }}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 6 }}>
              <QualityPanel metrics={m} onOpen={setSelection} />
            </Grid.Col>
            <Grid.Col span={12}>
              <Paper withBorder radius="md" p="md">
                <Stack gap="lg">
                  <BreakdownTable
                    title="By technician"
                    noun="Technician"
                    figure="technician"
                    rows={m.byTechnician}
                    fileName={`closeout-technicians-${m.range.from}-${m.range.to}.csv`}
                    onOpen={setSelection}
                  />
                  <BreakdownTable
                    title="By job type"
                    noun="Job type"
                    figure="jobType"
                    rows={m.byJobType}
                    fileName={`closeout-job-types-${m.range.from}-${m.range.to}.csv`}
                    onOpen={setSelection}
                  />
                </Stack>
              </Paper>
            </Grid.Col>
          </Grid>
          <JobsDrawer
            selection={selection}
            range={m.range}
            onClose={() => setSelection(null)}
            onChanged={metrics.reload}
          />
        </>
      )}
    </Stack>
  )
}

function DayInput({ label, value, onChange }: { label: string; value: string; onChange: (value: string) => void }) {
  return (
    <TextInput
      size="xs"
      type="date"
      aria-label={label}
      leftSection={
        <Text size="xs" c="dimmed">
          {label}
        </Text>
      }
      leftSectionWidth={label.length * 7 + 16}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      w={label.length * 7 + 140}
    />
  )
}
