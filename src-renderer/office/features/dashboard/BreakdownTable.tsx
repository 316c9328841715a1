import { Button, Group, ScrollArea, Table, Text, Title } from '@mantine/core'
import type { GroupRow } from '../../../../src-shared/api/metrics'
import { downloadCsv } from './csv-download'
import { formatDuration, formatPercent, formatRatio } from './dashboard-format'
import { FigureButton, type JobSelection } from './FigureCard'

const HEADER = [
  'Received',
  'Invoiced',
  'Median cycle',
  'First-time-right',
  'Send-backs',
  'Touches / invoice',
  'Disputed',
]

/** Per technician or per job type, with a CSV of exactly what is shown (durations in hours). */
export function BreakdownTable({
  title,
  noun,
  figure,
  rows,
  fileName,
  onOpen,
}: {
  title: string
  noun: string
  /** Which figure a row's jobs are (metrics.jobs). */
  figure: 'technician' | 'jobType'
  rows: readonly GroupRow[]
  fileName: string
  onOpen: (s: JobSelection) => void
}) {
  const csv = () =>
    downloadCsv(fileName, [
      [
        noun,
        'Id',
        'Received',
        'Invoiced',
        'Median cycle (hours)',
        'First-time-right',
        'Ready',
        'First-time-right rate',
        'Send-backs',
        'Touches',
        'Touches per invoice',
        'Disputed',
        'Jobs',
      ],
      ...rows.map((r) => [
        r.name,
        r.id,
        r.received,
        r.invoiced,
        r.medianCycleSeconds == null ? null : Math.round((r.medianCycleSeconds / 3600) * 100) / 100,
        r.firstTimeRight.count,
        r.firstTimeRight.of,
        r.firstTimeRight.rate,
        r.sendBacks,
        r.touches,
        r.touchesPerInvoice,
        r.disputed,
        r.jobIds.join(' '),
      ]),
    ])
  return (
    <div>
      <Group justify="space-between" mb="xs">
        <Title order={4}>{title}</Title>
        <Button size="xs" variant="default" onClick={csv} disabled={rows.length === 0}>
          Download CSV
        </Button>
      </Group>
      {rows.length === 0 ? (
        <Text c="dimmed" size="sm" py="md">
          No activity in this range.
        </Text>
      ) : (
        <ScrollArea>
          <Table striped highlightOnHover verticalSpacing={6} aria-label={title}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{noun}</Table.Th>
                {HEADER.map((h) => (
                  <Table.Th key={h} ta="right">
                    {h}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.id} data-row-id={r.id}>
                  <Table.Td>
                    <FigureButton
                      selection={{ title: `${r.name}: jobs in this range`, jobIds: r.jobIds, figure, key: r.id }}
                      onOpen={onOpen}
                    >
                      {/* One line per row: a long name widens the table (it scrolls sideways) rather than wrap. */}
                      <Text size="sm" fw={600} c="teal.9" style={{ whiteSpace: 'nowrap' }}>
                        {r.name}
                      </Text>
                    </FigureButton>
                  </Table.Td>
                  {[
                    r.received,
                    r.invoiced,
                    formatDuration(r.medianCycleSeconds),
                    r.firstTimeRight.of
                      ? `${formatPercent(r.firstTimeRight.rate)} (${r.firstTimeRight.count}/${r.firstTimeRight.of})`
                      : '—',
                    r.sendBacks,
                    formatRatio(r.touchesPerInvoice),
                    r.disputed,
                  ].map((v, i) => (
                    <Table.Td
                      key={HEADER[i]}
                      ta="right"
                      style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}
                    >
                      {v}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
    </div>
  )
}
