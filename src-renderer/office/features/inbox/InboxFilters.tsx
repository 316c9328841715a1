import { ActionIcon, Button, Group, Popover, Select, Stack, TextInput } from '@mantine/core'
import { Icon } from '../../components/icons'
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
  stacked = false,
}: {
  value: Filters
  onChange: (next: Filters) => void
  options: DispatchOptions | undefined
  /** One under the other, full width (inside the Filters panel of a narrow window). */
  stacked?: boolean
}) {
  const set = (patch: Partial<Filters>) => onChange({ ...value, ...patch })
  const active = Object.values(value).some(Boolean)
  const w = (n: number) => (stacked ? undefined : n)
  const Layout = stacked ? Stack : Group
  return (
    // In a row the widths are fixed (FOLDED_FILTERS_QUERY counts them), and room is kept for the
    // clear button, so setting a filter never pushes the row past the card.
    <Layout gap={stacked ? 'sm' : 8} {...(stacked ? {} : { align: 'flex-end', wrap: 'nowrap' as const })}>
      <Select
        label="Technician"
        placeholder="All technicians"
        data={(options?.technicians ?? []).map((t) => ({ value: t.id, label: t.name }))}
        value={value.technicianId ?? null}
        onChange={(v) => set({ technicianId: v ?? undefined })}
        clearable
        w={w(150)}
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
        w={w(150)}
        size="sm"
      />
      <Select
        label="Job type"
        placeholder="All job types"
        data={(options?.jobTypes ?? []).map((t) => ({ value: t.id, label: t.name }))}
        value={value.jobTypeId ?? null}
        onChange={(v) => set({ jobTypeId: v ?? undefined })}
        clearable
        w={w(140)}
        size="sm"
      />
      <TextInput
        label="From"
        type="date"
        value={value.dateFrom ?? ''}
        onChange={(e) => set({ dateFrom: e.currentTarget.value || undefined })}
        w={w(136)}
        size="sm"
      />
      <TextInput
        label="To"
        type="date"
        value={value.dateTo ?? ''}
        onChange={(e) => set({ dateTo: e.currentTarget.value || undefined })}
        w={w(136)}
        size="sm"
      />
      {active && stacked ? (
        <Button variant="subtle" size="sm" onClick={() => onChange({})}>
          Clear filters
        </Button>
      ) : null}
      {!stacked ? (
        <ActionIcon
          variant="subtle"
          color="gray"
          size={30}
          mb={3}
          aria-label="Clear filters"
          title="Clear filters"
          onClick={() => onChange({})}
          style={{ visibility: active ? 'visible' : 'hidden' }}
        >
          <Icon name="close" size={16} />
        </ActionIcon>
      ) : null}
    </Layout>
  )
})

/** A narrow window's filters: one button that says how many are set, the fields in a panel under it. */
export function FiltersButton(props: {
  value: Filters
  onChange: (next: Filters) => void
  options: DispatchOptions | undefined
}) {
  const set = Object.values(props.value).filter(Boolean).length
  return (
    <Popover position="bottom-start" width={280} shadow="md" trapFocus withinPortal>
      <Popover.Target>
        <Button variant={set ? 'light' : 'default'} size="sm">
          {set ? `Filters (${set})` : 'Filters'}
        </Button>
      </Popover.Target>
      <Popover.Dropdown aria-label="Filters">
        <InboxFilters {...props} stacked />
      </Popover.Dropdown>
    </Popover>
  )
}
