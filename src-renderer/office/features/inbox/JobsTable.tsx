import { Box, Skeleton, UnstyledButton } from '@mantine/core'
import { useVirtualizer } from '@tanstack/react-virtual'
import { memo, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import type { JobSort, JobSummary } from '../../../../src-shared/api/jobs'
import { formatDay, formatMoneyText } from '../../app/format'
import { navigate } from '../../app/router'
import { StatusBadge } from '../../components/StatusBadge'
import classes from './JobsTable.module.css'

const ROW_HEIGHT = 60
/** A narrow window's rows: the same two lines with less air, so a 700 px tall screen shows 8. */
const COMPACT_ROW_HEIGHT = 48

/**
 * Column widths. The figures a billing office reads to the cent never give way: Total and
 * Scheduled are as wide as the widest text they can hold in the user's locale (see
 * contentColumns), the technician's name wraps onto the row's second line, and what is left goes
 * to Status and Customer, whose long texts (findings, addresses) end in "…" with the whole text
 * in a tooltip.
 */
const COLUMNS: { id: JobSort; label: string; width?: string; align?: 'right'; className?: string }[] = [
  { id: 'job', label: 'Job', width: '8.5rem' },
  { id: 'status', label: 'Status', width: '20%' },
  { id: 'customer', label: 'Customer and site' },
  { id: 'technician', label: 'Technician', width: '8.5rem' },
  { id: 'when', label: 'Scheduled', className: classes.dateCol },
  { id: 'total', label: 'Total', align: 'right', className: classes.moneyCol },
]

/** The largest total a job can plausibly have ($999,999.99), for the Total column's width. */
const WIDEST_TOTAL_CENTS = 99_999_999

/**
 * The widths of Total and Scheduled: their widest text in characters of their own font ("ch", a
 * digit's width; tabular digits are exactly that wide, punctuation and most letters narrower,
 * which leaves room for a wide one like "W"), plus the cell's
 * padding on both sides, so "$4,637.86" never ends in "…".
 */
function contentColumns(currency: string): Partial<Record<JobSort, string>> {
  let dateChars = 0
  // Every month and every weekday (days 24 to 30 of each month), so "Wed, Sep 30" is among them.
  for (let month = 0; month < 12; month++)
    for (let day = 24; day <= 30; day++)
      dateChars = Math.max(dateChars, formatDay(new Date(2026, month, day, 12).toISOString()).length)
  const moneyChars = formatMoneyText(WIDEST_TOTAL_CENTS, currency).length
  return {
    when: `calc(${dateChars}ch + 2 * var(--cell-pad))`,
    total: `calc(${moneyChars}ch + 2 * var(--cell-pad))`,
  }
}

interface Props {
  total: number
  rowAt: (index: number) => JobSummary | undefined
  ensure: (first: number, last: number) => void
  sort: JobSort
  direction: 'asc' | 'desc'
  onSort: (sort: JobSort) => void
  currency: string
  /** Changes with the query: the list goes back to the top. */
  resetKey: string
  /** Focus the first row as soon as it shows (once per opening of the inbox), so ↑ ↓ Enter work at once. */
  autoFocusFirst?: boolean
  compact?: boolean
}

/**
 * The inbox list: a real <table> (screen readers get rows and columns) whose body renders only
 * the rows in view between two spacer rows. Arrow keys move, Enter opens, Home/End jump.
 * Memoized, as is each row: typing in the search box re-renders neither until the answer lands.
 */
export const JobsTable = memo(function JobsTable({
  total,
  rowAt,
  ensure,
  sort,
  direction,
  onSort,
  currency,
  resetKey,
  autoFocusFirst = false,
  compact = false,
}: Props) {
  const rowHeight = compact ? COMPACT_ROW_HEIGHT : ROW_HEIGHT
  const widths = useMemo(() => contentColumns(currency), [currency])
  const scrollRef = useRef<HTMLDivElement>(null)
  const [active, setActive] = useState(0)
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  })
  const items = virtualizer.getVirtualItems()
  const first = items[0]?.index ?? 0
  const last = items.at(-1)?.index ?? 0

  useEffect(() => {
    if (total > 0) ensure(first, last)
  }, [first, last, total, ensure])

  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 })
    setActive(0)
  }, [resetKey])

  const focusRow = (index: number) => {
    const next = Math.max(0, Math.min(total - 1, index))
    setActive(next)
    virtualizer.scrollToIndex(next, { align: 'auto' })
    requestAnimationFrame(() => scrollRef.current?.querySelector<HTMLElement>(`[data-index="${next}"]`)?.focus())
  }

  const onKeyDown = (event: KeyboardEvent<HTMLTableSectionElement>) => {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 600) / rowHeight) - 1)
    const moves: Record<string, number> = {
      ArrowDown: active + 1,
      ArrowUp: active - 1,
      PageDown: active + page,
      PageUp: active - page,
      Home: 0,
      End: total - 1,
    }
    const target = moves[event.key]
    if (target !== undefined) {
      event.preventDefault()
      focusRow(target)
    } else if (event.key === 'Enter') {
      const job = rowAt(active)
      if (job) navigate({ screen: 'job', jobId: job.id })
    }
  }

  const firstShown = rowAt(0) !== undefined && items.length > 0
  const autoFocused = useRef(false)
  useEffect(() => {
    if (!autoFocusFirst || !firstShown || autoFocused.current) return
    const row = scrollRef.current?.querySelector<HTMLElement>('[data-index="0"][data-job-id]')
    if (!row) return
    autoFocused.current = true
    // Not when the clerk is already typing a search or picking a tab or filter.
    if (document.activeElement?.closest('input, textarea, select, [role="tab"], [role="combobox"]')) return
    row.focus()
  }, [autoFocusFirst, firstShown])

  const padTop = items[0]?.start ?? 0
  const padBottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0)

  return (
    <div ref={scrollRef} className={classes.scroller} data-testid="jobs-scroller">
      <table className={classes.table} aria-label="Jobs" aria-rowcount={total + 1}>
        <colgroup>
          {COLUMNS.map((c) => (
            <col key={c.id} className={c.className} style={{ width: widths[c.id] ?? c.width }} />
          ))}
        </colgroup>
        <thead className={compact ? `${classes.head} ${classes.compactHead}` : classes.head}>
          <tr aria-rowindex={1}>
            {COLUMNS.map((c) => (
              <th
                key={c.id}
                scope="col"
                style={{ textAlign: c.align ?? 'left' }}
                aria-sort={sort === c.id ? (direction === 'asc' ? 'ascending' : 'descending') : 'none'}
              >
                <UnstyledButton className={classes.sortButton} onClick={() => onSort(c.id)}>
                  {c.label}
                  <span aria-hidden="true" className={classes.sortMark}>
                    {sort === c.id ? (direction === 'asc' ? '▲' : '▼') : ''}
                  </span>
                </UnstyledButton>
              </th>
            ))}
          </tr>
        </thead>
        <tbody onKeyDown={onKeyDown}>
          {padTop > 0 ? (
            <tr aria-hidden="true" className={classes.spacer}>
              <td colSpan={COLUMNS.length} style={{ height: padTop }} />
            </tr>
          ) : null}
          {items.map((item) => (
            <JobRow
              key={item.key}
              index={item.index}
              job={rowAt(item.index)}
              active={item.index === active}
              currency={currency}
              height={rowHeight}
              onFocusRow={setActive}
            />
          ))}
          {padBottom > 0 ? (
            <tr aria-hidden="true" className={classes.spacer}>
              <td colSpan={COLUMNS.length} style={{ height: padBottom }} />
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  )
})

const JobRow = memo(function JobRow({
  index,
  job,
  active,
  currency,
  height,
  onFocusRow,
}: {
  index: number
  job: JobSummary | undefined
  active: boolean
  currency: string
  height: number
  onFocusRow: (index: number) => void
}) {
  return (
    <tr
      data-index={index}
      data-job-id={job?.id}
      aria-rowindex={index + 2}
      tabIndex={active ? 0 : -1}
      className={classes.row}
      style={{ height }}
      onClick={() => job && navigate({ screen: 'job', jobId: job.id })}
      onFocus={() => onFocusRow(index)}
    >
      {job ? <JobCells job={job} currency={currency} /> : <LoadingCells />}
    </tr>
  )
})

/** Plain elements styled like Mantine's Text: a screenful of rows re-renders on every search answer. */
function JobCells({ job, currency }: { job: JobSummary; currency: string }) {
  const blocking = job.findings.filter((f) => f.severity !== 'info').length
  const findingsLine = `${blocking} ${blocking === 1 ? 'finding' : 'findings'}: `
  const customer = job.customer ?? 'Unknown customer'
  const site = job.siteAddress || '—'
  const technician = job.technician ?? 'Unassigned'
  return (
    <>
      <td>
        <div className={classes.strong}>{job.id}</div>
        <div className={classes.sub} title={job.jobType ?? undefined}>
          {job.jobType ?? 'No job type'}
        </div>
      </td>
      <td>
        <StatusBadge status={job.status} />
        {blocking > 0 && job.status !== 'invoice-ready' && job.status !== 'invoiced' ? (
          // The tooltip: the line as shown, then every other finding under it.
          <div className={classes.sub} title={findingsLine + job.findings.map((f) => f.message).join('\n')}>
            {findingsLine}
            {job.findings[0]?.message}
          </div>
        ) : null}
      </td>
      <td>
        <div className={classes.main} title={customer}>
          {customer}
        </div>
        <div className={classes.sub} title={site}>
          {site}
        </div>
      </td>
      <td>
        {/* A long name takes the row's second line rather than losing its end. */}
        <div className={classes.name} title={technician}>
          {technician}
        </div>
      </td>
      <td>
        <div className={classes.figure}>{formatDay(job.scheduledFor)}</div>
      </td>
      <td style={{ textAlign: 'right' }}>
        {job.totalCents == null ? (
          <div className={classes.noMoney}>{job.status === 'scheduled' ? '—' : 'Not priced'}</div>
        ) : (
          <div className={classes.money}>{formatMoneyText(job.totalCents, currency)}</div>
        )}
      </td>
    </>
  )
}

function LoadingCells() {
  return (
    <>
      {COLUMNS.map((c) => (
        <td key={c.id}>
          <Box py={4}>
            <Skeleton height={12} width="70%" radius="sm" />
          </Box>
        </td>
      ))}
    </>
  )
}
