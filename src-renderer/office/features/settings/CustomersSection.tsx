import { Button, Checkbox, Group, Select, SimpleGrid, Stack, Table, TagsInput, Text, TextInput } from '@mantine/core'
import { useMemo, useState } from 'react'
import type { SettingsCustomer, SettingsView } from '../../../../src-shared/api/settings'
import { SectionCard } from './SectionCard'
import { useSectionSave } from './use-section-save'

type Customer = SettingsView['customers'][number]

/** At most this many rows are listed at once; the search finds the rest. */
const SHOWN = 50

const EMPTY: Customer = {
  id: '',
  name: '',
  address: { line1: '', line2: '', city: '', region: '', postalCode: '', country: '' },
  email: '',
  phone: '',
  requiresSignature: false,
  taxId: null,
  accountingName: '',
  sendPacketsTo: [],
}

function oneLine(a: Customer['address']): string {
  const cityLine = [a.city, [a.region, a.postalCode].filter(Boolean).join(' ')].filter(Boolean).join(', ')
  return [a.line1, a.line2, cityLine, a.country].filter(Boolean).join(', ')
}

/**
 * Customers: the list, and one customer at a time edited with the address in parts (street
 * lines, city, region, postal code, country) as Xero and QuickBooks Desktop want it, the billing
 * e-mail and where invoice packets go.
 */
export function CustomersSection({
  settings,
  onSaved,
}: {
  settings: SettingsView
  onSaved: (v: SettingsView) => void
}) {
  const [search, setSearch] = useState('')
  const [editing, setEditing] = useState<{ customer: Customer; isNew: boolean } | null>(null)
  const { busy, message, fieldErrors, save } = useSectionSave((v) => {
    onSaved(v)
    setEditing((e) =>
      e ? { customer: v.customers.find((c) => c.id === e.customer.id) ?? e.customer, isNew: false } : e,
    )
  })
  const shown = useMemo(() => {
    const q = search.trim().toLowerCase()
    const hits = q
      ? settings.customers.filter((c) =>
          [c.id, c.name, c.email, oneLine(c.address)].some((t) => t.toLowerCase().includes(q)),
        )
      : settings.customers
    return { rows: hits.slice(0, SHOWN), more: Math.max(0, hits.length - SHOWN) }
  }, [settings.customers, search])
  const taxes = settings.taxes.map((t) => ({ value: t.id, label: `${t.name} (${t.ratePercent}%)` }))
  const c = editing?.customer
  const set = (patch: Partial<Customer>) => setEditing((e) => (e ? { ...e, customer: { ...e.customer, ...patch } } : e))
  const setAddress = (patch: Partial<Customer['address']>) =>
    setEditing((e) => (e ? { ...e, customer: { ...e.customer, address: { ...e.customer.address, ...patch } } } : e))
  const err = (field: string) => fieldErrors[`customers[0].${field}`]
  return (
    <SectionCard
      title="Customers"
      description="Who you bill. Addresses are kept in parts so Xero and QuickBooks get the city, region, postal code and country in their own fields."
      {...(c
        ? {
            onSave: () => void save({ section: 'customers', customers: [c satisfies SettingsCustomer] }),
            saveLabel: editing?.isNew ? 'Add customer' : `Save ${c.name || 'customer'}`,
          }
        : {})}
      busy={busy}
      message={message}
    >
      <Group justify="space-between" align="flex-end">
        <TextInput
          label="Find a customer"
          placeholder="Name, id, e-mail or address"
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={320}
        />
        <Button variant="default" onClick={() => setEditing({ customer: EMPTY, isNew: true })}>
          New customer
        </Button>
      </Group>
      <Table verticalSpacing={4} aria-label="Customers" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w="10%">Id</Table.Th>
            <Table.Th w="24%">Name</Table.Th>
            <Table.Th>Address</Table.Th>
            <Table.Th w="24%">Billing e-mail</Table.Th>
            <Table.Th w={80} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {shown.rows.map((row) => (
            <Table.Tr key={row.id} aria-selected={c?.id === row.id}>
              <Table.Td>{row.id}</Table.Td>
              <Table.Td>{row.name}</Table.Td>
              <Table.Td>{oneLine(row.address) || '—'}</Table.Td>
              <Table.Td>{row.email || '—'}</Table.Td>
              <Table.Td>
                <Button
                  size="compact-xs"
                  variant="light"
                  aria-label={`Edit ${row.name}`}
                  onClick={() => setEditing({ customer: row, isNew: false })}
                >
                  Edit
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {shown.more > 0 ? (
        <Text size="sm" c="dimmed">
          {shown.more} more: narrow the search to find them.
        </Text>
      ) : null}
      {c ? (
        <Stack gap="sm" role="group" aria-label={editing?.isNew ? 'New customer' : `Customer ${c.id}`}>
          <Text fw={650}>{editing?.isNew ? 'New customer' : `${c.name} (${c.id})`}</Text>
          <SimpleGrid cols={2}>
            {editing?.isNew ? (
              <TextInput
                label="Id"
                description="As in your dispatch or accounting system, e.g. C-200"
                value={c.id}
                onChange={(e) => set({ id: e.currentTarget.value })}
                required
                error={err('id')}
              />
            ) : null}
            <TextInput
              label="Name"
              value={c.name}
              onChange={(e) => set({ name: e.currentTarget.value })}
              required
              error={err('name')}
            />
            <TextInput
              label="Street, line 1"
              value={c.address.line1}
              onChange={(e) => setAddress({ line1: e.currentTarget.value })}
              error={err('address.line1')}
            />
            <TextInput
              label="Street, line 2"
              value={c.address.line2}
              onChange={(e) => setAddress({ line2: e.currentTarget.value })}
              error={err('address.line2')}
            />
            <TextInput
              label="City"
              value={c.address.city}
              onChange={(e) => setAddress({ city: e.currentTarget.value })}
              error={err('address.city')}
            />
            <TextInput
              label="Region"
              description="State, province or county"
              value={c.address.region}
              onChange={(e) => setAddress({ region: e.currentTarget.value })}
              error={err('address.region')}
            />
            <TextInput
              label="Postal code"
              value={c.address.postalCode}
              onChange={(e) => setAddress({ postalCode: e.currentTarget.value })}
              error={err('address.postalCode')}
            />
            <TextInput
              label="Country"
              value={c.address.country}
              onChange={(e) => setAddress({ country: e.currentTarget.value })}
              error={err('address.country')}
            />
            <TextInput
              label="Billing e-mail"
              value={c.email}
              onChange={(e) => set({ email: e.currentTarget.value })}
              error={err('email')}
            />
            <TextInput
              label="Phone"
              value={c.phone}
              onChange={(e) => set({ phone: e.currentTarget.value })}
              error={err('phone')}
            />
            <TagsInput
              label="Send packets to"
              description="Empty: the billing e-mail. Press Enter after each address."
              value={c.sendPacketsTo}
              onChange={(v) => set({ sendPacketsTo: v })}
              error={Object.entries(fieldErrors).find(([k]) => k.startsWith('customers[0].sendPacketsTo'))?.[1]}
            />
            <TextInput
              label="Accounting name"
              description="The customer's name in QuickBooks or Xero, if it differs"
              value={c.accountingName}
              onChange={(e) => set({ accountingName: e.currentTarget.value })}
              error={err('accountingName')}
            />
            <Select
              label="Sales tax"
              placeholder="No tax"
              data={taxes}
              value={c.taxId}
              clearable
              onChange={(v) => set({ taxId: v })}
              error={err('taxId')}
            />
            <Checkbox
              label="Requires a signature on every closeout"
              checked={c.requiresSignature}
              onChange={(e) => set({ requiresSignature: e.currentTarget.checked })}
              mt="lg"
            />
          </SimpleGrid>
          <Group>
            <Button variant="subtle" onClick={() => setEditing(null)}>
              Close without saving
            </Button>
          </Group>
        </Stack>
      ) : null}
    </SectionCard>
  )
}
