import { Box, Skeleton, UnstyledButton } from '@mantine/core'
import { useVirtualizer } from '@tanstack/react-virtual'
import { memo, useEffect, useRef, useState, type KeyboardEvent } from 'react'
import type { JobSort, JobSummary } from '../../../../src-shared/api/jobs'
import { formatDay, formatMoneyText } from '../../app/format'
import { navigate } from '../../app/router'
import { StatusBadge } from '../../components/StatusBadge'
import classes from './JobsTable.module.css'

const ROW_HEIGHT = 60
/** A narrow window's rows: the same two lines with less air, so a 700 px tall screen shows 8. */
const COMPACT_ROW_HEIGHT = 48

const COLUMNS: { id: JobSort; label: string; width: string; align?: 'right' }[] = [
  { id: 'job', label: 'Job', width: '14%' },
  { id: 'status', label: 'Status', width: '21%' },
  { id: 'customer', label: 'Customer and site', width: '26%' },
  { id: 'technician', label: 'Technician', width: '13%' },
  { id: 'when', label: 'Scheduled', width: '13%' },
  { id: 'total', label: 'Total', width: '13%', align: 'right' },
]

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
            <col key={c.id} style={{ width: c.width }} />
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
  return (
    <>
      <td>
        <div className={classes.strong}>{job.id}</div>
        <div className={classes.sub}>{job.jobType ?? 'No job type'}</div>
      </td>
      <td>
        <StatusBadge status={job.status} />
        {blocking > 0 && job.status !== 'invoice-ready' && job.status !== 'invoiced' ? (
          <div className={classes.sub} title={job.findings.map((f) => f.message).join('\n')}>
            {blocking} {blocking === 1 ? 'finding' : 'findings'}: {job.findings[0]?.message}
          </div>
        ) : null}
      </td>
      <td>
        <div className={classes.main}>{job.customer ?? 'Unknown customer'}</div>
        <div className={classes.sub}>{job.siteAddress || '—'}</div>
      </td>
      <td>
        <div className={classes.text}>{job.technician ?? 'Unassigned'}</div>
      </td>
      <td>
        <div className={classes.text}>{formatDay(job.scheduledFor)}</div>
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
