import { NumberInput, SimpleGrid, Text, TextInput } from '@mantine/core'
import { useState } from 'react'
import type { SettingsView } from '../../../../src-shared/api/settings'
import { SectionCard } from './SectionCard'
import { useSectionSave } from './use-section-save'

/** Company details and invoice numbering (prefix and the next number). */
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
