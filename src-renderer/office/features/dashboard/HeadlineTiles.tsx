import { SimpleGrid, Text } from '@mantine/core'
import type { Metrics } from '../../../../src-shared/api/metrics'
import { clockLabel, clockMix, formatDayShort, formatDuration, formatRatio } from './dashboard-format'
import { Tile, type JobSelection } from './FigureCard'

/** The four numbers a billing clerk checks first. */
export function HeadlineTiles({ metrics, onOpen }: { metrics: Metrics; onOpen: (s: JobSelection) => void }) {
  const {
    thisWeek,
    lastWeek,
    invoiceReadyWaiting: ready,
    approvalsWaiting: approvals,
    touchesPerInvoice: touches,
  } = metrics.headline
  const delta =
    thisWeek.medianSeconds != null && lastWeek.medianSeconds != null
      ? thisWeek.medianSeconds - lastWeek.medianSeconds
      : null
  const trend =
    delta === null ? (
      `Last week ${formatDuration(lastWeek.medianSeconds)} (${lastWeek.invoiced} invoiced)`
    ) : (
      <>
        <Text span c={delta <= 0 ? 'teal.9' : 'red.9'} fw={600} inherit>
          {delta <= 0 ? '▼' : '▲'} {formatDuration(Math.abs(delta))} {delta <= 0 ? 'faster' : 'slower'}
        </Text>{' '}
        than last week ({formatDuration(lastWeek.medianSeconds)})
      </>
    )
  const mix = clockMix(thisWeek.sent, thisWeek.invoiced)
  return (
    <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
      <Tile
        label={`Median cycle · week of ${formatDayShort(thisWeek.weekStart)}`}
        value={formatDuration(thisWeek.medianSeconds)}
        caption={clockLabel(thisWeek.sent, thisWeek.invoiced)}
        detail={
          mix ? (
            <>
              {mix} · {trend}
            </>
          ) : (
            trend
          )
        }
        accent="teal"
        selection={{
          title: `Invoiced in the week of ${formatDayShort(thisWeek.weekStart)}`,
          jobIds: thisWeek.jobIds,
          figure: 'week',
          key: thisWeek.weekStart,
        }}
        onOpen={onOpen}
      />
      <Tile
        label="Invoice-ready, waiting"
        value={String(ready.count)}
        detail={
          ready.count
            ? `Oldest waiting ${formatDuration(ready.oldestSeconds)} (${ready.oldestJobId})`
            : 'Nothing waiting to be exported'
        }
        accent="green"
        selection={{
          title: 'Invoice-ready and waiting for export',
          jobIds: ready.jobIds,
          figure: 'invoiceReadyWaiting',
        }}
        onOpen={onOpen}
      />
      <Tile
        label="Approvals waiting"
        value={String(approvals.count)}
        detail={
          approvals.count ? (
            <>
              Oldest {formatDuration(approvals.oldestSeconds)} ·{' '}
              <Text span c={approvals.overSla ? 'red.9' : 'teal.9'} fw={600} inherit>
                {approvals.overSla} over the {metrics.approvalSlaHours} h SLA
              </Text>
            </>
          ) : (
            'No exception is waiting for a supervisor'
          )
        }
        accent="yellow"
        selection={{ title: 'Waiting for approval', jobIds: approvals.jobIds, figure: 'approvalsWaiting' }}
        onOpen={onOpen}
      />
      <Tile
        label="Touches per invoice"
        value={formatRatio(touches.perInvoice)}
        detail={`${touches.touches} touch${touches.touches === 1 ? '' : 'es'} on ${touches.invoices} invoice${touches.invoices === 1 ? '' : 's'}: edits, send-backs, fixes`}
        accent="indigo"
        selection={{ title: 'Invoiced jobs the office had to touch', jobIds: touches.jobIds, figure: 'touches' }}
        onOpen={onOpen}
      />
    </SimpleGrid>
  )
}
