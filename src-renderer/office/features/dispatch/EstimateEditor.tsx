import { ActionIcon, Button, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core'
import type { DispatchEstimateLine, DispatchOptions } from '../../../../src-shared/api/dispatch'
import { lineAmount, parseMilli, parseMoney, sumCents } from '../../../../src-shared/domain/money'
import { formatMoneyText } from '../../app/format'
import { Icon } from '../../components/icons'

export type EstimateRow =
  { kind: 'part'; sku: string; quantity: string } | { kind: 'labor'; role: string; quantity: string }

const QTY = /^\d{1,9}(\.\d{1,3})?$/

export function toEstimate(rows: EstimateRow[]): DispatchEstimateLine[] {
  return rows
    .filter((r) => (r.kind === 'part' ? r.sku : r.role) && QTY.test(r.quantity))
    .map((r) =>
      r.kind === 'part'
        ? { kind: 'part', sku: r.sku, quantity: r.quantity }
        : { kind: 'labor', role: r.role, hours: r.quantity },
    )
}

export function fromEstimate(lines: DispatchEstimateLine[]): EstimateRow[] {
  return lines.map((l) =>
    l.kind === 'part'
      ? { kind: 'part', sku: l.sku, quantity: String(l.quantity) }
      : { kind: 'labor', role: l.role, quantity: String(l.hours) },
  )
}

/** Integer-cent estimate total at price-book prices and labor rates, for the live preview. */
export function estimateCents(rows: EstimateRow[], options: DispatchOptions | undefined): number | null {
  if (!options) return null
  const amounts: number[] = []
  for (const r of rows) {
    if (!QTY.test(r.quantity)) continue
    const price =
      r.kind === 'part'
        ? options.priceBook.find((p) => p.sku === r.sku)?.unitPrice
        : options.laborRoles.find((l) => l.role === r.role)?.rate
    if (!price) continue
    amounts.push(lineAmount(parseMoney(price), parseMilli(r.quantity)))
  }
  return sumCents(amounts)
}

/** Estimate lines: parts from the price book by SKU, labor by role and hours. */
export function EstimateEditor({
  rows,
  onChange,
  options,
  disabled,
}: {
  rows: EstimateRow[]
  onChange: (rows: EstimateRow[]) => void
  options: DispatchOptions | undefined
  disabled?: boolean
}) {
  const set = (i: number, row: EstimateRow) => onChange(rows.map((r, k) => (k === i ? row : r)))
  const parts = (options?.priceBook ?? []).map((p) => ({ value: p.sku, label: `${p.sku} · ${p.description}` }))
  const roles = (options?.laborRoles ?? []).map((l) => ({ value: l.role, label: l.name }))
  const total = estimateCents(rows, options)
  return (
    <Stack gap="xs">
      {rows.length ? (
        <Table verticalSpacing={6} aria-label="Estimate lines">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w="16%">Kind</Table.Th>
              <Table.Th>Item or role</Table.Th>
              <Table.Th w="16%">Qty / hours</Table.Th>
              <Table.Th w={48} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r, i) => (
              <Table.Tr key={i}>
                <Table.Td>
                  <Text size="sm">{r.kind === 'part' ? 'Part' : 'Labor'}</Text>
                </Table.Td>
                <Table.Td>
                  {r.kind === 'part' ? (
                    <Select
                      size="xs"
                      aria-label={`Estimate line ${i + 1} part`}
                      data={parts}
                      value={r.sku || null}
                      onChange={(v) => set(i, { ...r, sku: v ?? '' })}
                      searchable
                      placeholder="Search the price book"
                      nothingFoundMessage="Not in the price book"
                      disabled={disabled}
                    />
                  ) : (
                    <Select
                      size="xs"
                      aria-label={`Estimate line ${i + 1} role`}
                      data={roles}
                      value={r.role || null}
                      onChange={(v) => set(i, { ...r, role: v ?? '' })}
                      placeholder="Labor role"
                      disabled={disabled}
                    />
                  )}
                </Table.Td>
                <Table.Td>
                  <TextInput
                    size="xs"
                    aria-label={`Estimate line ${i + 1} quantity`}
                    value={r.quantity}
                    error={!QTY.test(r.quantity)}
                    inputMode="decimal"
                    onChange={(e) => set(i, { ...r, quantity: e.currentTarget.value.trim() })}
                    disabled={disabled}
                  />
                </Table.Td>
                <Table.Td>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={`Remove estimate line ${i + 1}`}
                    onClick={() => onChange(rows.filter((_, k) => k !== i))}
                    disabled={disabled}
                  >
                    <Icon name="trash" size={16} />
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Text size="sm" c="dimmed">
          No estimate lines. Add the parts and labor you expect; the phone shows them to the technician.
        </Text>
      )}
      <Group justify="space-between">
        <Group gap="xs">
          <Button
            size="xs"
            variant="light"
            leftSection={<Icon name="plus" size={14} />}
            onClick={() => onChange([...rows, { kind: 'part', sku: '', quantity: '1' }])}
            disabled={disabled}
          >
            Add part
          </Button>
          <Button
            size="xs"
            variant="light"
            leftSection={<Icon name="plus" size={14} />}
            onClick={() =>
              onChange([...rows, { kind: 'labor', role: options?.laborRoles[0]?.role ?? '', quantity: '1' }])
            }
            disabled={disabled}
          >
            Add labor
          </Button>
        </Group>
        <Text size="sm">
          Estimate{' '}
          <Text span fw={700} style={{ fontVariantNumeric: 'tabular-nums' }}>
            {formatMoneyText(total, options?.currency)}
          </Text>
        </Text>
      </Group>
    </Stack>
  )
}
