import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JobSort } from '../../../src-shared/api/jobs'
import { BROAD_MATCH, ftsQuery } from '../../../src-main/core/jobs/job-search'
import { openDemoOffice, type DemoOffice } from './office-fixture'

let demo: DemoOffice
const EXTRA = BROAD_MATCH + 500
const STATUSES = ['scheduled', 'needs-review', 'needs-approval', 'invoice-ready', 'invoiced'] as const

beforeAll(async () => {
  demo = await openDemoOffice()
  // Enough "capacitor" jobs that the search is broad and the inbox walks the sort's index.
  const insert = demo.office.sqlite.prepare(
    `INSERT INTO jobs (id, customer_id, site_address, description, status, origin, total_cents, scheduled_for, created_at, updated_at)
     VALUES (?, 'C-100', '1 Main St', ?, ?, 'dispatch', ?, ?, ?, ?)`,
  )
  demo.office.sqlite.transaction(() => {
    for (let i = 0; i < EXTRA; i++) {
      // Repeating days and totals make ties, so paging must break them the same way on both paths.
      const day = `2026-0${1 + (i % 9)}-1${i % 10}T08:00:00.000Z`
      insert.run(
        `X-${i}`,
        i % 3 === 0 ? 'Replaced capacitor' : 'Capacitor check',
        STATUSES[i % STATUSES.length],
        i % 7 === 0 ? null : 1000 * (i % 13),
        i % 4 === 0 ? null : day,
        day,
        day,
      )
    }
  })()
})
afterAll(async () => {
  await demo.close()
})

const list = async (input: Record<string, unknown>) => {
  const result = await demo.call('jobs.list', input)
  if (!result.ok) throw new Error(result.error.message)
  return result.value as { total: number; counts: Record<string, number>; jobs: { id: string }[] }
}

/** The sorts the index walk serves, written out here so the reference does not share the inbox's code. */
const ORDER: Partial<Record<JobSort, string>> = {
  when: 'COALESCE(j.scheduled_for, j.created_at)',
  updated: 'j.updated_at',
  job: 'j.id',
  total: 'j.total_cents',
}
const orderBy = (sort: JobSort, direction: 'asc' | 'desc') =>
  `ORDER BY ${ORDER[sort]} ${direction.toUpperCase()}, j.rowid ${direction.toUpperCase()}`

/** The plain plan: look up every match, then sort. The index walk must give the very same page. */
const reference = (sort: JobSort, direction: 'asc' | 'desc', status: string, offset: number) =>
  demo.office.sqlite
    .prepare(
      `SELECT j.id FROM jobs j WHERE j.rowid IN (SELECT rowid FROM jobs_fts WHERE jobs_fts MATCH ?) ${status === 'all' ? '' : 'AND j.status = ?'}
       ${orderBy(sort, direction)} LIMIT 100 OFFSET ?`,
    )
    .pluck()
    .all(...[ftsQuery('capacitor'), ...(status === 'all' ? [] : [status]), offset]) as string[]

describe('a broad search over thousands of jobs', () => {
  it('pages in the same order as looking up every match, for each sort, direction and tab', async () => {
    for (const sort of ['updated', 'when', 'job', 'total'] as const) {
      for (const direction of ['asc', 'desc'] as const) {
        for (const [status, offset] of [
          ['all', 0],
          ['all', 2300],
          ['invoiced', 100],
        ] as const) {
          const page = await list({ search: 'capacitor', sort, direction, status, offset, limit: 100, counts: false })
          expect(
            page.jobs.map((j) => j.id),
            `${sort} ${direction} ${status} +${offset}`,
          ).toEqual(reference(sort, direction, status, offset))
        }
      }
    }
  })

  it('answers the total without the tab counts, and jobs.counts answers those for the same search', async () => {
    const full = await list({ search: 'capacitor', limit: 1 })
    expect(full.total).toBeGreaterThanOrEqual(EXTRA)
    expect(full.counts.all).toBe(full.total)
    const rowsFirst = await list({ search: 'capacitor', limit: 1, counts: false })
    expect(rowsFirst.counts).toEqual({})
    expect(rowsFirst.total).toBe(full.total)
    const invoiced = await list({ search: 'capacitor', status: 'invoiced', limit: 1, counts: false })
    expect(invoiced.total).toBe(full.counts.invoiced)
    const counts = await demo.call('jobs.counts', { search: 'capacitor' })
    expect(counts).toEqual({ ok: true, value: full.counts })
    const narrowed = await demo.call('jobs.counts', { search: 'capacitor', technicianId: 'T-07' })
    expect(narrowed.ok && (narrowed.value as Record<string, number>).all).toBe(
      (await list({ search: 'capacitor', technicianId: 'T-07', limit: 1 })).total,
    )
  })

  it('counts nothing for a search that matches nothing, and says which field is wrong', async () => {
    const none = await demo.call('jobs.counts', { search: 'no such word' })
    expect(none.ok && (none.value as Record<string, number>).all).toBe(0)
    const bad = await demo.call('jobs.counts', { dateTo: 'tomorrow' })
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(bad.error.details[0]?.path).toBe('dateTo')
  })
})
