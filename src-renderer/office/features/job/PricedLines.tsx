import { Badge, Group, Stack, Table, Text } from '@mantine/core'
import type { JobCloseout } from '../../../../src-shared/api/job-closeout'
import { formatMoneyString, formatMoneyText, formatQuantity } from '../../app/format'

const KIND: Record<string, string> = { labor: 'Labor', part: 'Part', adjustment: 'Adjustment' }

/** The closeout's lines as the invoice will show them, then discount, tax and total. */
export function PricedLines({ closeout, currency }: { closeout: JobCloseout; currency: string }) {
  const t = closeout.totals
  return (
    <Stack gap="xs">
      <Table verticalSpacing={8} aria-label="Priced lines" layout="fixed">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w="46%">Description</Table.Th>
            <Table.Th w="14%" ta="right">
              Qty / hours
            </Table.Th>
            <Table.Th w="18%" ta="right">
              Unit price
            </Table.Th>
            <Table.Th w="22%" ta="right">
              Amount
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {closeout.lines.map((line) => (
            <Table.Tr key={line.lineNo} style={line.removed ? { opacity: 0.55 } : undefined} data-line={line.lineNo}>
              <Table.Td>
                <Text size="sm" td={line.removed ? 'line-through' : undefined} truncate>
                  {line.description}
                </Text>
                <Group gap={6} mt={2}>
                  <Text size="xs" c="dimmed">
                    {KIND[line.kind]}
                    {line.sku ? ` · ${line.sku}` : line.role ? ` · ${line.role}` : ''}
                  </Text>
                  {line.overtime ? (
                    <Badge size="xs" color="orange" variant="light">
                      Overtime
                    </Badge>
                  ) : null}
                  {!line.billable ? (
                    <Badge size="xs" color="gray" variant="light">
                      Not billed
                    </Badge>
                  ) : null}
                  {line.edited ? (
                    <Badge size="xs" color="blue" variant="light">
                      Edited in office
                    </Badge>
                  ) : null}
                  {line.removed ? (
                    <Badge size="xs" color="gray" variant="light">
                      Removed
                    </Badge>
                  ) : null}
                </Group>
              </Table.Td>
              <Table.Td ta="right">
                <Text size="sm" style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {line.kind === 'adjustment' ? '' : formatQuantity(line.quantity)}
                </Text>
              </Table.Td>
              <Table.Td ta="right">
                <Text size="sm" style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {line.kind === 'adjustment' ? '' : formatMoneyString(line.rate, currency)}
                </Text>
              </Table.Td>
              <Table.Td ta="right">
                <Text
                  size="sm"
                  fw={500}
                  style={{ fontVariantNumeric: 'tabular-nums' }}
                  c={line.amountCents == null ? 'red.8' : undefined}
                >
                  {line.amountCents == null ? 'Not priced' : formatMoneyText(line.amountCents, currency)}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Stack gap={4} ml="auto" w={300} data-testid="totals">
        <TotalRow label="Subtotal" cents={t.subtotalCents} currency={currency} />
        {t.discountCents ? (
          <TotalRow
            label={
              closeout.discount
                ? `Discount${closeout.discount.percent ? ` ${formatQuantity(closeout.discount.percent)}%` : ''}`
                : 'Discount'
            }
            cents={-Math.abs(t.discountCents)}
            currency={currency}
            hint={closeout.discount?.reason}
          />
        ) : null}
        <TotalRow label="Tax" cents={t.taxCents} currency={currency} />
        <Group justify="space-between" pt={6} style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
          <Text fw={700}>Total</Text>
          <Text fw={700} fz="lg" style={{ fontVariantNumeric: 'tabular-nums' }}>
            {formatMoneyText(t.totalCents, currency)}
          </Text>
        </Group>
      </Stack>
    </Stack>
  )
}

function TotalRow({
  label,
  cents,
  currency,
  hint,
}: {
  label: string
  cents: number | null
  currency: string
  hint?: string | undefined
}) {
  return (
    <Group justify="space-between" wrap="nowrap" align="flex-start">
      <Stack gap={0}>
        <Text size="sm" c="dimmed">
          {label}
        </Text>
        {hint ? (
          <Text size="xs" c="dimmed" fs="italic">
            {hint}
          </Text>
        ) : null}
      </Stack>
      <Text size="sm" style={{ fontVariantNumeric: 'tabular-nums' }}>
        {formatMoneyText(cents, currency)}
      </Text>
    </Group>
  )
}
