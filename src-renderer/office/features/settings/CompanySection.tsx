import { NumberInput, Select, SimpleGrid, Text, TextInput } from '@mantine/core'
import { useState } from 'react'
import type { SettingsView } from '../../../../src-shared/api/settings'
import { SectionCard } from './SectionCard'
import { useSectionSave } from './use-section-save'

const SYSTEMS = [
  { value: 'qbo', label: 'QuickBooks Online' },
  { value: 'xero', label: 'Xero' },
  { value: 'iif', label: 'QuickBooks Desktop (IIF)' },
]
const NO_SYSTEM = 'none'

const INVOICE_DATES = [
  { value: 'export', label: 'The day of the export' },
  { value: 'completed', label: 'The day the work was completed' },
]

/**
 * Company details, invoice numbering (prefix and the next number), the accounting system
 * (Closeout computes tax its way) and the date invoices carry (setup v1.1).
 */
export function CompanySection({ settings, onSaved }: { settings: SettingsView; onSaved: (v: SettingsView) => void }) {
  const [company, setCompany] = useState(settings.company)
  const { busy, message, fieldErrors, save } = useSectionSave(onSaved)
  const set = (patch: Partial<SettingsView['company']>) => setCompany((c) => ({ ...c, ...patch }))
  const err = (field: string) => fieldErrors[`company.${field}`]
  return (
    <SectionCard
      title="Company and invoicing"
      description="What your invoices and packets say about you, and how invoices are numbered."
      onSave={() => void save({ section: 'company', company })}
      busy={busy}
      message={message}
    >
      <SimpleGrid cols={2}>
        <TextInput
          label="Company name"
          value={company.name}
          onChange={(e) => set({ name: e.currentTarget.value })}
          required
          error={err('name')}
        />
        <TextInput
          label="Email"
          value={company.email}
          onChange={(e) => set({ email: e.currentTarget.value })}
          error={err('email')}
        />
        <TextInput
          label="Address"
          value={company.address}
          onChange={(e) => set({ address: e.currentTarget.value })}
          error={err('address')}
        />
        <TextInput
          label="Phone"
          value={company.phone}
          onChange={(e) => set({ phone: e.currentTarget.value })}
          error={err('phone')}
        />
        <TextInput
          label="Currency"
          description="3-letter code, e.g. USD"
          value={company.currency}
          onChange={(e) => set({ currency: e.currentTarget.value.toUpperCase() })}
          maxLength={3}
          error={err('currency')}
        />
        <NumberInput
          label="Payment terms (days)"
          value={company.paymentTermsDays}
          onChange={(v) => set({ paymentTermsDays: Number(v) || 0 })}
          min={0}
          max={365}
          allowDecimal={false}
          error={err('paymentTermsDays')}
        />
        <TextInput
          label="Invoice prefix"
          description="Up to 6 letters, digits or “-”"
          value={company.invoicePrefix}
          onChange={(e) => set({ invoicePrefix: e.currentTarget.value })}
          error={err('invoicePrefix')}
        />
        <NumberInput
          label="Next invoice number"
          value={company.nextInvoiceNumber}
          onChange={(v) => set({ nextInvoiceNumber: Number(v) || 1 })}
          min={1}
          allowDecimal={false}
          thousandSeparator=""
          error={err('nextInvoiceNumber')}
        />
        <Select
          label="Accounting system"
          // The choice reads whole in the box; what "none" means is said under the label.
          description={
            company.accountingSystem
              ? 'Closeout rounds tax the way this system does, so totals agree to the cent'
              : 'None chosen: tax on the subtotal, half a cent up. Choose one so totals agree to the cent'
          }
          data={[{ value: NO_SYSTEM, label: 'None chosen' }, ...SYSTEMS]}
          value={company.accountingSystem ?? NO_SYSTEM}
          onChange={(v) =>
            set({ accountingSystem: v === null || v === NO_SYSTEM ? null : (v as 'qbo' | 'xero' | 'iif') })
          }
          allowDeselect={false}
          error={err('accountingSystem')}
        />
        <Select
          label="Invoice date"
          description="The due date follows the payment terms from it"
          data={INVOICE_DATES}
          value={company.invoiceDate}
          onChange={(v) => set({ invoiceDate: v === 'completed' ? 'completed' : 'export' })}
          allowDeselect={false}
          error={err('invoiceDate')}
        />
      </SimpleGrid>
      <Text size="sm" c="dimmed">
        The next invoice will be{' '}
        <b>
          {company.invoicePrefix}
          {company.nextInvoiceNumber}
        </b>
        . Closeout never reuses a number it has already given out.
      </Text>
    </SectionCard>
  )
}
