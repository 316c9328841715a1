import { Box, Group, Kbd, Paper, Select, Stack, Tabs, Text, TextInput, Title } from '@mantine/core'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { JobSort } from '../../../../src-shared/api/jobs'
import type { JobStatus } from '../../../../src-shared/domain/status'
import { call } from '../../app/api'
import { formatCount } from '../../app/format'
import { useQuery } from '../../app/use-query'
import { Icon } from '../../components/icons'
import { EmptyState, ErrorState, Loading } from '../../components/QueryState'
import { FiltersButton, InboxFilters, type Filters } from './InboxFilters'
import { useFoldedFilters, useNarrow } from '../../app/use-narrow'
import classes from './InboxScreen.module.css'
import { BackupAttentionItem } from '../backups/BackupAttentionItem'
import { InboxHealthLine } from './InboxHealthLine'
import { JobsTable } from './JobsTable'
import { useJobPages } from './use-job-pages'

type Tab = JobStatus | 'all' | 'attention'

const SORTS: { value: JobSort; label: string }[] = [
  { value: 'updated', label: 'Latest activity' },
  { value: 'when', label: 'Scheduled date' },
  { value: 'job', label: 'Job number' },
  { value: 'customer', label: 'Customer' },
  { value: 'technician', label: 'Technician' },
  { value: 'total', label: 'Total' },
  { value: 'status', label: 'Status' },
]

const TABS: { value: Tab; label: string }[] = [
  { value: 'attention', label: 'Needs attention' },
  { value: 'needs-review', label: 'Needs review' },
  { value: 'needs-approval', label: 'Needs approval' },
  { value: 'invoice-ready', label: 'Invoice ready' },
  { value: 'invoiced', label: 'Invoiced' },
  { value: 'scheduled', label: 'Scheduled' },
  { value: 'all', label: 'All' },
]

/**
 * The inbox opens on what needs a person, oldest waiting first, and survives leaving the
 * screen: coming back from a job shows the same tab, filters and sort.
 */
const remembered: { tab: Tab; search: string; filters: Filters; sort: JobSort; direction: 'asc' | 'desc' } = {
  tab: 'attention',
  search: '',
  filters: {},
  sort: 'updated',
  direction: 'asc',
}

/** Every job, by status, searchable and filterable; updates live when a closeout is ingested. */
export function InboxScreen() {
  const [tab, setTab] = useState<Tab>(remembered.tab)
  const [search, setSearch] = useState(remembered.search)
  const [filters, setFilters] = useState<Filters>(remembered.filters)
  const [sort, setSort] = useState<JobSort>(remembered.sort)
  const [direction, setDirection] = useState<'asc' | 'desc'>(remembered.direction)
  const typed = search.trim()
  const searchRef = useRef<HTMLInputElement>(null)
  const narrow = useNarrow()
  // Narrow, or too narrow for the filters' row (1200 to 1269 px, the sidebar still labelled).
  const folded = useFoldedFilters() || narrow
  Object.assign(remembered, { tab, search, filters, sort, direction })

  const options = useQuery(() => call('dispatch.options', {}), [])
  // No typing pause: useJobPages asks at once and coalesces keystrokes while an answer is on the way.
  const jobs = useJobPages({ status: tab, sort, direction, ...(typed ? { search: typed } : {}), ...filters })

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement
      if (event.key === '/' && !['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) {
        event.preventDefault()
        searchRef.current?.focus()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  // Stable between keystrokes, so the memoized table does not re-render while the clerk types.
  const onSort = useCallback(
    (next: JobSort) => {
      if (next === sort) setDirection(direction === 'asc' ? 'desc' : 'asc')
      else {
        setSort(next)
        setDirection(next === 'when' || next === 'updated' || next === 'total' ? 'desc' : 'asc')
      }
    },
    [sort, direction],
  )

  const sortSelect = (
    <Select
      label={folded ? undefined : 'Sort by'}
      aria-label="Sort by"
      size="sm"
      w={150}
      allowDeselect={false}
      data={SORTS}
      value={sort}
      onChange={(v) => {
        const next = (v ?? 'updated') as JobSort
        setSort(next)
        setDirection(next === 'when' || next === 'updated' || next === 'total' ? 'desc' : 'asc')
      }}
    />
  )

  const shownSearch = jobs.shownQuery?.search ?? ''
  const filtered = Boolean(shownSearch) || Object.values(filters).some(Boolean)
  return (
    <Paper withBorder shadow="xs" h="100%" style={{ display: 'flex', flexDirection: 'column', overflow: 'hidden' }}>
      {/* Narrow (a 1024×700 laptop): less air around the header, so 8 rows show under the backups banner. */}
      <Stack gap={narrow ? 'xs' : 'sm'} p={narrow ? 'md' : 'lg'} pb="xs">
        {/* Folded (narrow, or the filters folded): the health line takes the whole width under the
            title row (beside the search box, Filters and sort it would lose its words); wide: it
            sits under the title, left of the search box. */}
        <Stack gap={4}>
          <Group justify="space-between" align={folded ? 'center' : 'flex-start'} wrap="nowrap">
            {/* The title column gives up width only once the search box is at its narrowest (any
                share of the shrinking, however small, would wrap a health line that just fits). */}
            <Stack gap={4} style={{ minWidth: 0, flex: '1 0.0001 auto' }}>
              <Title order={1} fz={24}>
                Inbox
              </Title>
              {folded ? null : <InboxHealthLine />}
            </Stack>
            <TextInput
              ref={searchRef}
              aria-label="Search jobs"
              placeholder="Search jobs, customers, parts, invoices…"
              leftSection={<Icon name="search" size={16} />}
              rightSection={search ? null : <Kbd size="xs">/</Kbd>}
              value={search}
              onChange={(e) => setSearch(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === 'Escape') setSearch('')
                if (e.key === 'ArrowDown')
                  document.querySelector<HTMLElement>('[data-testid="jobs-scroller"] tbody tr[tabindex="0"]')?.focus()
              }}
              // The search box gives up its width (down to 240 px) before the health line beside it loses words.
              style={{ flex: '0 100 400px', minWidth: 240 }}
            />
            {folded ? <FiltersButton value={filters} onChange={setFilters} options={options.data} /> : null}
            {folded ? sortSelect : null}
          </Group>
          {folded ? <InboxHealthLine /> : null}
        </Stack>
        <Tabs
          // One line at every width: less air around each tab (less again when narrow), and when
          // the counts grow past the room (a window just above the narrow width) the bar scrolls.
          styles={{
            list: { flexWrap: 'nowrap', overflowX: 'auto', overflowY: 'hidden', scrollbarWidth: 'thin' },
            tab: { flexShrink: 0, paddingInline: narrow ? 8 : 12, ...(narrow ? { paddingBlock: 8 } : {}) },
            ...(narrow ? { tabLabel: { fontSize: 13 } } : {}),
          }}
          value={tab}
          onChange={(v) => {
            const next = (v as Tab | null) ?? 'all'
            setTab(next)
            // Needs attention reads oldest waiting first; the other tabs latest activity first.
            if (next === 'attention') {
              setSort('updated')
              setDirection('asc')
            } else if (tab === 'attention' && sort === 'updated') setDirection('desc')
          }}
        >
          <Tabs.List>
            {TABS.map((t) => (
              <Tabs.Tab
                key={t.value}
                value={t.value}
                rightSection={
                  jobs.counts ? (
                    <CountPill
                      n={jobs.counts[t.value] ?? 0}
                      emphasize={t.value === 'needs-approval' || t.value === 'needs-review' || t.value === 'attention'}
                      stale={!jobs.countsFresh}
                    />
                  ) : null
                }
              >
                {t.label}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </Tabs>
        {folded ? null : (
          <Group justify="space-between" align="flex-end" wrap="nowrap">
            <InboxFilters value={filters} onChange={setFilters} options={options.data} />
            {sortSelect}
          </Group>
        )}
      </Stack>
      {tab === 'attention' ? <BackupAttentionItem /> : null}
      <Box style={{ flex: 1, minHeight: 0 }}>
        {jobs.error ? (
          <Box p="lg">
            <ErrorState title="Could not load jobs" error={jobs.error} onRetry={jobs.reload} />
          </Box>
        ) : !jobs.firstLoaded ? (
          <Loading label="Loading jobs…" />
        ) : jobs.total === 0 ? (
          <EmptyState icon={filtered ? 'search' : 'inbox'} title={filtered ? 'No jobs match' : emptyTitle(tab)}>
            {filtered
              ? shownSearch
                ? `Nothing matches “${shownSearch}” with these filters. Try fewer words or clear the filters.`
                : 'No jobs match these filters.'
              : emptyHint(tab)}
          </EmptyState>
        ) : (
          <JobsTable
            total={jobs.total}
            rowAt={jobs.rowAt}
            ensure={jobs.ensure}
            sort={sort}
            direction={direction}
            onSort={onSort}
            currency={options.data?.currency ?? 'USD'}
            resetKey={jobs.shownKey}
            autoFocusFirst
            compact={narrow}
          />
        )}
      </Box>
      {jobs.firstLoaded && jobs.total > 0 ? (
        <Text
          size="xs"
          c="dimmed"
          px="lg"
          py={narrow ? 4 : 6}
          style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}
          aria-live="polite"
          data-testid="inbox-count"
          data-search={shownSearch}
        >
          {formatCount(jobs.total)} {jobs.total === 1 ? 'job' : 'jobs'} · ↑ ↓ to move, Enter to open
        </Text>
      ) : null}
    </Paper>
  )
}

/** `stale`: the count still answers the previous search; dimmed only if the new one is slow to come. */
function CountPill({ n, emphasize, stale }: { n: number; emphasize: boolean; stale: boolean }) {
  return (
    <Text
      span
      size="xs"
      fw={600}
      c={emphasize && n > 0 ? 'orange.9' : 'dimmed'}
      className={stale ? classes.staleCount : classes.count}
    >
      {formatCount(n)}
    </Text>
  )
}

function emptyTitle(tab: Tab): string {
  return (
    (
      {
        attention: 'All caught up',
        'needs-review': 'Nothing needs review',
        'needs-approval': 'Nothing is waiting for approval',
        'invoice-ready': 'No invoice-ready jobs',
        invoiced: 'Nothing invoiced yet',
        scheduled: 'No scheduled jobs',
      } as Partial<Record<Tab, string>>
    )[tab] ?? 'No jobs yet'
  )
}

function emptyHint(tab: Tab): string {
  if (tab === 'attention')
    return 'Nothing needs you right now. Closeouts that need review or approval, and jobs ready to export, appear here.'
  if (tab === 'needs-review' || tab === 'needs-approval')
    return 'Closeouts with a problem land here the moment they arrive from the field.'
  if (tab === 'invoice-ready') return 'Clean closeouts and approved jobs are ready to export to accounting.'
  if (tab === 'scheduled') return 'Create jobs on the Dispatch screen or import them from a CSV file.'
  return 'Closeouts from the field appear as soon as they arrive. Create jobs on the Dispatch screen.'
}
