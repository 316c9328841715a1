import { Badge, ScrollArea, Table, Text, Textarea, TextInput } from '@mantine/core'
import { useState } from 'react'
import { ACCOUNTING_SYSTEMS, type SettingsView } from '../../../../src-shared/api/settings'
import { SectionCard } from './SectionCard'
import { useSectionSave } from './use-section-save'

type Mapping = SettingsView['accountingMappings'][number]
const KIND = { item: 'Item', labor: 'Labor', tax: 'Tax' } as const

/** What each item, labor role and tax is called in QuickBooks Online, Xero and QuickBooks Desktop. */
export function MappingsSection({ settings, onSaved }: { settings: SettingsView; onSaved: (v: SettingsView) => void }) {
  const [rows, setRows] = useState<Mapping[]>(settings.accountingMappings)
  const [filter, setFilter] = useState('')
  const { busy, message, save } = useSectionSave(onSaved)
  const set = (i: number, patch: Partial<Mapping>) =>
    setRows((rs) => rs.map((r, k) => (k === i ? { ...r, ...patch } : r)))
  const missing = rows.filter((r) => !r.qbo && !r.xero && !r.iif).length
  const shown = rows
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => !filter || `${r.ref} ${r.label}`.toLowerCase().includes(filter.toLowerCase()))
  return (
    <SectionCard
      title="Accounting names"
      description="Exports use these names so every line lands on the right item in your accounting system. A line whose item has no name for the system you export to stops that export until you add one. Discounts, trip charges and other adjustments are named under Exports › Export settings."
      onSave={() =>
        void save({
          section: 'accountingMappings',
          mappings: rows.map(({ kind, ref, qbo, xero, iif }) => ({ kind, ref, qbo, xero, iif })),
        })
      }
      busy={busy}
      message={message}
    >
      <TextInput
        aria-label="Filter accounting names"
        placeholder="Filter by SKU or name"
        value={filter}
        onChange={(e) => setFilter(e.currentTarget.value)}
        w={320}
      />
      {missing ? (
        <Text size="sm" c="orange.9">
          {missing} without any accounting name.
        </Text>
      ) : null}
      <ScrollArea.Autosize mah={480}>
        <Table verticalSpacing={4} stickyHeader aria-label="Accounting names">
          <Table.Thead>
            <Table.Tr>
              {/* QuickBooks Online names are long ("Equipment:3 ton cased evaporator coil"): the widest
                  column; a name longer than its box wraps onto a second line instead of being cut. */}
              <Table.Th w="25%">Closeout</Table.Th>
              <Table.Th w="35%">QuickBooks Online</Table.Th>
              <Table.Th w="19%">Xero</Table.Th>
              <Table.Th w="21%">QuickBooks Desktop</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map(({ r, i }) => (
              <Table.Tr key={`${r.kind}:${r.ref}`}>
                <Table.Td>
                  <Badge size="xs" variant="light" color="gray" mr={6}>
                    {KIND[r.kind]}
                  </Badge>
                  <Text span size="sm" fw={500}>
                    {r.ref}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {r.label}
                  </Text>
                </Table.Td>
                {ACCOUNTING_SYSTEMS.map((system) => {
                  const label = `${r.ref} in ${system === 'qbo' ? 'QuickBooks Online' : system === 'xero' ? 'Xero' : 'QuickBooks Desktop'}`
                  return (
                    <Table.Td key={system}>
                      <Textarea
                        size="xs"
                        autosize
                        minRows={1}
                        aria-label={label}
                        value={r[system]}
                        // One line of text in the accounting system: Enter and pasted line breaks become spaces.
                        onChange={(e) => set(i, { [system]: e.currentTarget.value.replace(/[\r\n]+/g, ' ') })}
                      />
                    </Table.Td>
                  )
                })}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
    </SectionCard>
  )
}
