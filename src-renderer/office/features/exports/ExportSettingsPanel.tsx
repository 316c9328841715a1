import {
  Accordion,
  Alert,
  Button,
  Checkbox,
  Group,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core'
import { useEffect, useState } from 'react'
import type { ExportSettings, ExportSettingsView } from '../../../../src-shared/api/exports'
import { call } from '../../app/api'
import { outcomeLine, useMutation } from '../../app/use-mutation'
import { useQuery } from '../../app/use-query'
import { ErrorState, Loading } from '../../components/QueryState'
import type { AccountingSystem } from '../../../../src-shared/api/settings'

type Item = ExportSettingsView['items'][number]
const SYSTEMS = [
  ['qbo', 'QuickBooks Online'],
  ['xero', 'Xero'],
  ['iif', 'QuickBooks Desktop'],
] as const
const IIF_FIELDS: [keyof ExportSettings['iif'], string][] = [
  ['arAccount', 'Accounts receivable account'],
  ['laborAccount', 'Labor income account'],
  ['partsAccount', 'Parts income account'],
  ['adjustmentAccount', 'Adjustments income account'],
  ['discountAccount', 'Discount account'],
  ['salesTaxAccount', 'Sales tax account'],
  ['taxAgency', 'Sales tax agency (vendor)'],
  ['noTaxItem', 'Sales-tax item for untaxed customers'],
]

/**
 * Exports > Export settings: the per-system choices (QuickBooks Online form and date order,
 * Xero account and dates, IIF accounts) and the accounting names of the lines Settings does not
 * list (discount, adjustments, parts outside the price book). A missing-item-mapping names these rows.
 */
export function ExportSettingsPanel({ onSaved }: { onSaved: () => void }) {
  const view = useQuery(() => call('exports.settings.get', {}), [])
  const [settings, setSettings] = useState<ExportSettings | null>(null)
  const [items, setItems] = useState<Item[]>([])
  // Field errors keyed by the API's own path (`settings.iif.arAccount`, `items[2].qbo`): each input reads its own.
  const mutation = useMutation()
  const [saved, setSaved] = useState(false)
  const fieldError = (path: string): string | undefined => mutation.fieldErrors[path]
  useEffect(() => {
    if (view.data) {
      setSettings(view.data.settings)
      setItems(view.data.items)
    }
  }, [view.data])

  const save = async () => {
    if (!settings) return
    setSaved(false)
    const r = await mutation.run(() =>
      call('exports.settings.update', {
        settings,
        items: items.map(({ kind, ref, qbo, xero, iif }) => ({ kind, ref, qbo, xero, iif })),
      }),
    )
    if (!r.ok) return
    setSettings(r.value.settings)
    setItems(r.value.items)
    setSaved(true)
    onSaved()
  }
  const message = outcomeLine(mutation.error, saved ? 'Saved. The check above uses the new settings.' : null)
  const qbo = (patch: Partial<ExportSettings['qbo']>) =>
    setSettings((s) => (s ? { ...s, qbo: { ...s.qbo, ...patch } } : s))
  const xero = (patch: Partial<ExportSettings['xero']>) =>
    setSettings((s) => (s ? { ...s, xero: { ...s.xero, ...patch } } : s))
  const iif = (patch: Partial<ExportSettings['iif']>) =>
    setSettings((s) => (s ? { ...s, iif: { ...s.iif, ...patch } } : s))
  const setName = (i: number, system: AccountingSystem, value: string) =>
    setItems((rows) => rows.map((r, k) => (k === i ? { ...r, [system]: value } : r)))

  return (
    <Accordion variant="contained" radius="md">
      <Accordion.Item value="settings">
        <Accordion.Control>Export settings</Accordion.Control>
        <Accordion.Panel>
          {view.error ? (
            <ErrorState title="Could not load the export settings" error={view.error} onRetry={view.reload} />
          ) : null}
          {!settings && !view.error ? <Loading label="Loading export settings…" /> : null}
          {settings ? (
            <Stack gap="md">
              <Title order={4}>Accounting names</Title>
              <Text size="sm" c="dimmed">
                Names, exactly as in each accounting system, for lines that have no entry under Settings &gt; Accounting
                names.
              </Text>
              <Table withTableBorder aria-label="Accounting names of discounts and adjustments">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w="30%">Line</Table.Th>
                    {SYSTEMS.map(([, label]) => (
                      <Table.Th key={label}>{label}</Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((r, i) => (
                    <Table.Tr key={`${r.kind}:${r.ref}`}>
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {r.kind === 'item' ? 'Parts without a price-book item' : r.ref}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {r.label}
                        </Text>
                      </Table.Td>
                      {SYSTEMS.map(([system, label]) => (
                        <Table.Td key={system}>
                          <TextInput
                            size="xs"
                            aria-label={`${r.ref === '*' && r.kind === 'item' ? 'Parts without a price-book item' : r.ref} in ${label}`}
                            value={r[system]}
                            error={fieldError(`items[${i}].${system}`)}
                            onChange={(e) => setName(i, system, e.currentTarget.value)}
                          />
                        </Table.Td>
                      ))}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              <Title order={4}>QuickBooks Online</Title>
              <Group align="end">
                <SegmentedControl
                  aria-label="QuickBooks Online form"
                  value={settings.qbo.form}
                  onChange={(v) => qbo({ form: v as 'us' | 'non-us' })}
                  data={[
                    { value: 'us', label: 'US (sales tax)' },
                    { value: 'non-us', label: 'Non-US (VAT/GST codes)' },
                  ]}
                />
                <Select
                  label="Dates"
                  value={settings.qbo.dateFormat}
                  onChange={(v) => v && qbo({ dateFormat: v as ExportSettings['qbo']['dateFormat'] })}
                  data={['MM/DD/YYYY', 'DD/MM/YYYY']}
                  allowDeselect={false}
                  w={160}
                />
                <TextInput
                  label="Zero-rate tax code (non-US)"
                  value={settings.qbo.exemptTaxCode}
                  error={fieldError('settings.qbo.exemptTaxCode')}
                  onChange={(e) => qbo({ exemptTaxCode: e.currentTarget.value })}
                />
              </Group>
              <Title order={4}>Xero</Title>
              <Group align="end">
                <Select
                  label="Dates"
                  value={settings.xero.dateFormat ?? 'auto'}
                  onChange={(v) => xero({ dateFormat: !v || v === 'auto' ? null : (v as 'MM/DD/YYYY') })}
                  data={[{ value: 'auto', label: 'From the currency' }, 'MM/DD/YYYY', 'DD/MM/YYYY', 'YYYY-MM-DD']}
                  allowDeselect={false}
                  w={180}
                />
                <TextInput
                  label="Sales account code"
                  value={settings.xero.salesAccountCode}
                  error={fieldError('settings.xero.salesAccountCode')}
                  onChange={(e) => xero({ salesAccountCode: e.currentTarget.value })}
                  w={160}
                />
                <TextInput
                  label="Tax rate for untaxed lines"
                  value={settings.xero.exemptTaxType}
                  error={fieldError('settings.xero.exemptTaxType')}
                  onChange={(e) => xero({ exemptTaxType: e.currentTarget.value })}
                />
                <Checkbox
                  label="Write the currency"
                  checked={settings.xero.writeCurrency}
                  onChange={(e) => xero({ writeCurrency: e.currentTarget.checked })}
                />
              </Group>
              <Title order={4}>QuickBooks Desktop (IIF)</Title>
              <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
                {IIF_FIELDS.map(([field, label]) => (
                  <TextInput
                    key={field}
                    label={label}
                    value={settings.iif[field]}
                    error={fieldError(`settings.iif.${field}`)}
                    onChange={(e) => iif({ [field]: e.currentTarget.value })}
                  />
                ))}
              </SimpleGrid>
              {message ? (
                <Alert color={message.ok ? 'teal' : 'red'} role="status">
                  {message.text}
                </Alert>
              ) : null}
              <Group>
                <Button onClick={() => void save()} loading={mutation.busy}>
                  Save export settings
                </Button>
              </Group>
            </Stack>
          ) : null}
        </Accordion.Panel>
      </Accordion.Item>
    </Accordion>
  )
}
