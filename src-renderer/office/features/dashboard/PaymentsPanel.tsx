import { Anchor, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core'
import type { Metrics, PaymentFigures } from '../../../../src-shared/api/metrics'
import { formatMoneyText } from '../../app/format'
import { routeHref } from '../../app/router'
import { formatDayShort, formatPercent } from './dashboard-format'

/** "30 days", "31.7 days", "1 day". */
export function formatDays(days: number | null | undefined): string {
  if (days == null) return '—'
  return `${days.toLocaleString(undefined, { maximumFractionDigits: 1 })} day${days === 1 ? '' : 's'}`
}

function PayStat({ label, value, detail }: { label: string; value: string; detail: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text fz={22} fw={700} style={{ fontVariantNumeric: 'tabular-nums' }}>
        {value}
      </Text>
      <Text size="xs" c="dimmed">
        {detail}
      </Text>
    </div>
  )
}

type Row = PaymentFigures['byCustomer'][number]

/** A figure cell: right-aligned digits that never wrap. */
const FIGURE = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const

/**
 * The name column of a narrow table: it takes the room the figures leave and a long name ends
 * in an ellipsis (the whole name in its title) rather than wrapping the row onto two lines.
 */
function NameCell({ name }: { name: string }) {
  return (
    <Table.Td style={{ width: '100%', maxWidth: 0 }}>
      <Text size="sm" truncate="end" title={name}>
        {name}
      </Text>
    </Table.Td>
  )
}

function PaidTable({ title, noun, rows }: { title: string; noun: string; rows: readonly Row[] }) {
  return (
    <div>
      <Text size="sm" fw={600} mb={4}>
        {title}
      </Text>
      {rows.length === 0 ? (
        <Text size="xs" c="dimmed">
          No invoice paid in full in this range.
        </Text>
      ) : (
        <Table aria-label={title} verticalSpacing={4} fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{noun}</Table.Th>
              <Table.Th ta="right">Paid</Table.Th>
              <Table.Th ta="right">Median</Table.Th>
              <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }}>
                Within terms
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.id}>
                <NameCell name={r.name} />
                <Table.Td ta="right" style={FIGURE}>
                  {r.paid}
                </Table.Td>
                <Table.Td ta="right" style={FIGURE}>
                  {formatDays(r.medianDays)}
                </Table.Td>
                <Table.Td ta="right" style={FIGURE}>
                  {formatPercent(r.withinTerms.rate)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </div>
  )
}

/**
 * Days to pay, the share paid within terms and the count-back DSO trend from the payments the
 * office imported (docs/metrics.md, "Payments"); before any import, what to do to see them.
 */
export function PaymentsPanel({ metrics }: { metrics: Metrics }) {
  const p = metrics.payments
  if (!p)
    return (
      <Paper withBorder radius="md" p="md" aria-label="Days to pay and DSO" component="section">
        <Title order={4} mb={4}>
          Days to pay and DSO
        </Title>
        <Text size="sm">
          No payments imported yet. Export the paid invoices from QuickBooks Online or Xero (or fill in the template)
          and import them in{' '}
          <Anchor href={routeHref({ screen: 'dispatch', tab: 'import' })} fw={600}>
            Dispatch › Import
          </Anchor>
          : days to pay per customer and job type, the share paid within terms and the DSO trend then appear here.
        </Text>
      </Paper>
    )
  const latest = p.dso.at(-1)
  const d = p.daysToPay
  return (
    <Paper withBorder radius="md" p="md" aria-label="Days to pay and DSO" component="section">
      <Group justify="space-between" align="baseline" mb="sm" gap="xs">
        <Title order={4}>Days to pay and DSO</Title>
        <Text size="sm" c="dimmed" data-testid="payments-label">
          {p.label[0]!.toUpperCase() + p.label.slice(1)}
        </Text>
      </Group>
      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
        <PayStat
          label="Days to pay"
          value={formatDays(d.medianDays)}
          detail={`median · mean ${formatDays(d.meanDays)} · ${d.paid} invoice${d.paid === 1 ? '' : 's'} paid in full`}
        />
        <PayStat
          label="Paid within terms"
          value={formatPercent(d.withinTerms.rate)}
          detail={`${d.withinTerms.count} of ${d.withinTerms.of} within Net ${p.termsDays}`}
        />
        <PayStat
          label="DSO (count-back)"
          value={formatDays(latest?.days)}
          detail={
            !latest
              ? 'no month end in this range'
              : latest.noData
                ? `no invoice yet on ${formatDayShort(latest.date)}`
                : `on ${formatDayShort(latest.date)} · ${formatMoneyText(latest.receivableCents)} still owed`
          }
        />
      </SimpleGrid>
      {/* Two tables a row: three side by side left the names a few letters each. */}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg" mt="md">
        <div>
          <Text size="sm" fw={600} mb={4}>
            DSO trend
          </Text>
          <Table aria-label="DSO trend" verticalSpacing={4} fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>On</Table.Th>
                <Table.Th ta="right">DSO</Table.Th>
                <Table.Th ta="right" style={{ whiteSpace: 'nowrap' }}>
                  Still owed
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {p.dso.map((point) => (
                // Before the first invoice there is no DSO to give: "no data", not 0 days.
                <Table.Tr key={point.date}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDayShort(point.date)}</Table.Td>
                  <Table.Td
                    ta="right"
                    style={FIGURE}
                    title={point.noData ? 'No invoice dated up to this day' : undefined}
                  >
                    {point.noData ? 'no data' : formatDays(point.days)}
                  </Table.Td>
                  <Table.Td ta="right" style={FIGURE}>
                    {point.noData ? '—' : formatMoneyText(point.receivableCents)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
        <PaidTable title="Days to pay by customer" noun="Customer" rows={p.byCustomer} />
        <PaidTable title="Days to pay by job type" noun="Job type" rows={p.byJobType} />
      </SimpleGrid>
      <Stack gap={2} mt="sm">
        {metrics.notes
          .filter((n) => n.startsWith('DSO'))
          .map((n) => (
            <Text key={n} size="xs" c="dimmed">
              {n}
            </Text>
          ))}
      </Stack>
    </Paper>
  )
}
