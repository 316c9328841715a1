import { ActionIcon, Button, Group, Stack, Table, TextInput } from '@mantine/core'
import { useState } from 'react'
import type { SettingsView } from '../../../../src-shared/api/settings'
import { Icon } from '../../components/icons'
import { SectionCard } from './SectionCard'
import { useSectionSave } from './use-section-save'

/** Sales taxes by id; customers point at one. Rates are percents with up to 3 decimals. */
export function TaxesSection({ settings, onSaved }: { settings: SettingsView; onSaved: (v: SettingsView) => void }) {
  const [taxes, setTaxes] = useState(settings.taxes)
  const known = new Set(settings.taxes.map((t) => t.id))
  const { busy, message, fieldErrors, save } = useSectionSave(onSaved)
  const set = (i: number, patch: Partial<SettingsView['taxes'][number]>) =>
    setTaxes((ts) => ts.map((t, k) => (k === i ? { ...t, ...patch } : t)))
  return (
    <SectionCard
      title="Taxes"
      description="Tax is computed and rounded the way the accounting system chosen under Company and invoicing does (Xero: on each line). Taxes in use cannot be removed; rename or change the rate instead."
      onSave={() => void save({ section: 'taxes', taxes })}
      busy={busy}
      message={message}
    >
      <Table verticalSpacing={6} aria-label="Taxes">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w="25%">Id</Table.Th>
            <Table.Th>Name</Table.Th>
            <Table.Th w="18%">Rate (%)</Table.Th>
            <Table.Th w={48} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {taxes.map((t, i) => (
            <Table.Tr key={i}>
              <Table.Td>
                <TextInput
                  size="xs"
                  aria-label={`Tax ${i + 1} id`}
                  value={t.id}
                  disabled={known.has(t.id)}
                  onChange={(e) => set(i, { id: e.currentTarget.value })}
                  error={fieldErrors[`taxes[${i}].id`]}
                />
              </Table.Td>
              <Table.Td>
                <TextInput
                  size="xs"
                  aria-label={`Tax ${i + 1} name`}
                  value={t.name}
                  onChange={(e) => set(i, { name: e.currentTarget.value })}
                  error={fieldErrors[`taxes[${i}].name`]}
                />
              </Table.Td>
              <Table.Td>
                <TextInput
                  size="xs"
                  aria-label={`Tax ${i + 1} rate`}
                  value={t.ratePercent}
                  inputMode="decimal"
                  onChange={(e) => set(i, { ratePercent: e.currentTarget.value.trim() })}
                  error={fieldErrors[`taxes[${i}].ratePercent`]}
                />
              </Table.Td>
              <Table.Td>
                {known.has(t.id) ? null : (
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={`Remove tax ${i + 1}`}
                    onClick={() => setTaxes((ts) => ts.filter((_, k) => k !== i))}
                  >
                    <Icon name="trash" size={16} />
                  </ActionIcon>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Stack>
        <Group>
          <Button
            size="xs"
            variant="light"
            leftSection={<Icon name="plus" size={14} />}
            onClick={() => setTaxes((ts) => [...ts, { id: '', name: '', ratePercent: '0' }])}
          >
            Add a tax
          </Button>
        </Group>
      </Stack>
    </SectionCard>
  )
}
