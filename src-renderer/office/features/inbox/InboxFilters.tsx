import { Button, Group, Select, TextInput } from '@mantine/core'
import { memo } from 'react'
import type { DispatchOptions } from '../../../../src-shared/api/dispatch'
import type { JobsQuery } from './use-job-pages'

export type Filters = Pick<JobsQuery, 'technicianId' | 'customerId' | 'jobTypeId' | 'dateFrom' | 'dateTo'>

/**
 * Technician, customer, job type and a date range; every filter says what it filters in its label.
 * Memoized: the selects hold every customer and need not re-render on each search keystroke.
 */
export const InboxFilters = memo(function InboxFilters({
  value,
  onChange,
  options,
}: {
  value: Filters
  onChange: (next: Filters) => void
  options: DispatchOptions | undefined
}) {
  const set = (patch: Partial<Filters>) => onChange({ ...value, ...patch })
  const active = Object.values(value).some(Boolean)
  return (
    <Group gap="sm" align="flex-end" wrap="nowrap">
      <Select
        label="Technician"
        placeholder="All technicians"
        data={(options?.technicians ?? []).map((t) => ({ value: t.id, label: t.name }))}
        value={value.technicianId ?? null}
        onChange={(v) => set({ technicianId: v ?? undefined })}
        clearable
        w={150}
        size="sm"
      />
      <Select
        label="Customer"
        placeholder="All customers"
        data={(options?.customers ?? []).map((c) => ({ value: c.id, label: c.name }))}
        value={value.customerId ?? null}
        onChange={(v) => set({ customerId: v ?? undefined })}
        searchable
        clearable
        nothingFoundMessage="No customer by that name"
        w={160}
        size="sm"
      />
      <Select
        label="Job type"
        placeholder="All job types"
        data={(options?.jobTypes ?? []).map((t) => ({ value: t.id, label: t.name }))}
        value={value.jobTypeId ?? null}
        onChange={(v) => set({ jobTypeId: v ?? undefined })}
        clearable
        w={150}
        size="sm"
      />
      <TextInput
        label="From"
        type="date"
        value={value.dateFrom ?? ''}
        onChange={(e) => set({ dateFrom: e.currentTarget.value || undefined })}
        w={142}
        size="sm"
      />
      <TextInput
        label="To"
        type="date"
        value={value.dateTo ?? ''}
        onChange={(e) => set({ dateTo: e.currentTarget.value || undefined })}
        w={142}
        size="sm"
      />
      {active ? (
        <Button variant="subtle" size="sm" onClick={() => onChange({})}>
          Clear filters
        </Button>
      ) : null}
    </Group>
  )
})
