import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JobSort, JobSummary } from '../../../src-shared/api/jobs'
import type { EngineDb } from '../../../src-main/core/db/engine-db'
import { countJobs, getJob, listJobs, type JobQuery } from '../../../src-main/core/jobs/jobs.repo'
import { BROAD_MATCH } from '../../../src-main/core/jobs/job-search'
import { ENGINES, engineRuns, openEngineOffices, pgRuns, type EngineOffices } from '../../support/engines'

/**
 * Issue #17, the first area on the async path: the inbox's list, tab counts, search and job
 * detail (jobs.list, jobs.counts, jobs.get) run through Kysely's `.execute()` on the SQLite file
 * and on PostgreSQL, each with its own search adapter (FTS5; tsvector with unaccent). The same
 * office is on both (the demo company, a customer with umlauts, and enough "capacitor" jobs that
 * the search is broad), and the clerk gets the same answers from both.
 */
const EXTRA = BROAD_MATCH + 500
const STATUSES = ['scheduled', 'needs-review', 'needs-approval', 'invoice-ready', 'invoiced'] as const
let engines: EngineOffices

beforeAll(async () => {
  engines = await openEngineOffices(({ office }) => {
    const sqlite = office.sqlite
    sqlite
      .prepare(
        `INSERT INTO customers (id, name, address, email, phone, requires_signature) VALUES ('C-900', 'Müller Kältetechnik GmbH', 'Hauptstraße 5', 'office@mueller.example', '+49 30 1234', 0)`,
      )
      .run()
    const insert = sqlite.prepare(
      `INSERT INTO jobs (id, customer_id, site_address, description, status, origin, total_cents, scheduled_for, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 'dispatch', ?, ?, ?, ?)`,
    )
    sqlite.transaction(() => {
      insert.run(
        'J-9001',
        'C-900',
        'Große Straße 1',
        'Kompressor prüfen',
        'scheduled',
        null,
        null,
        '2026-12-01T08:00:00.000Z',
        '2026-12-01T08:00:00.000Z',
      )
      for (let i = 0; i < EXTRA; i++) {
        const day = `2026-0${1 + (i % 9)}-1${i % 10}T08:00:00.000Z`
        insert.run(
          `X-${String(i).padStart(5, '0')}`,
          'C-100',
          '1 Main St',
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
}, 180_000)
afterAll(async () => {
  await engines?.close()
})

const query = (q: Partial<JobQuery>): JobQuery => ({ status: 'all', limit: 100, offset: 0, ...q })
const ids = async (edb: EngineDb, q: Partial<JobQuery>) => (await listJobs(edb, query(q))).jobs.map((j) => j.id)

describe.each(ENGINES)('the inbox on %s', (engine) => {
  const edb = (): EngineDb => engines.on(engine)
  const run = it.skipIf(!engineRuns(engine))

  run('finds a customer without its accents, in any case, by word prefix', async () => {
    expect(await ids(edb(), { search: 'muller' })).toContain('J-9001')
    expect(await ids(edb(), { search: 'MÜLLER kälte' })).toEqual(['J-9001'])
    expect(await ids(edb(), { search: 'kaltetech gmbh' })).toEqual(['J-9001'])
    expect(await ids(edb(), { search: 'kompressor' })).toEqual(['J-9001'])
    expect(await ids(edb(), { search: 'acme den' })).toContain('J-1042')
  })

  run('finds a job by a part on its estimate and by its PO number', async () => {
    expect(await ids(edb(), { search: 'COIL-3T' })).toContain('J-1042')
    expect(await ids(edb(), { search: 'PO-7781' })).toEqual(['J-1042'])
    // A number alone finds it too: words split at punctuation on both engines.
    expect(await ids(edb(), { search: '7781' })).toEqual(['J-1042'])
    expect(await ids(edb(), { search: '1042' })).toContain('J-1042')
    expect(await ids(edb(), { search: 'X 00012' })).toEqual(['X-00012'])
  })

  run('treats search syntax typed by a clerk as plain words, and punctuation alone as no match', async () => {
    expect(await ids(edb(), { search: '"acme" OR NEAR(' })).toEqual(await ids(edb(), { search: 'acme or near' }))
    expect(await ids(edb(), { search: "acme' & !den:* | (" })).toEqual(await ids(edb(), { search: 'acme den' }))
    const none = await listJobs(edb(), query({ search: '***' }))
    expect(none.total).toBe(0)
    expect(none.jobs).toEqual([])
    expect((await countJobs(edb(), { search: '***' })).all).toBe(0)
  })

  run('filters by technician, job type and date range together', async () => {
    const got = await ids(edb(), {
      technicianId: 'T-07',
      jobTypeId: 'maintenance',
      dateFrom: '2026-11-24',
      dateTo: '2026-11-25',
    })
    expect(got.sort()).toEqual(['J-1045', 'J-1048'])
  })

  run('sorts by customer without regard to case, by total with jobs without one first', async () => {
    const byCustomer = (await listJobs(edb(), query({ sort: 'customer', direction: 'asc', limit: 3000 }))).jobs
    const names = byCustomer.map((j) => (j.customer ?? '').toLowerCase())
    expect(names).toEqual([...names].sort())
    const byTotal = (await listJobs(edb(), query({ search: 'capacitor', sort: 'total', direction: 'asc', limit: 600 })))
      .jobs
    const firstWithTotal = byTotal.findIndex((j) => j.totalCents !== null)
    expect(firstWithTotal).toBeGreaterThan(0)
    expect(byTotal.slice(firstWithTotal).every((j) => j.totalCents !== null)).toBe(true)
  })

  run('pages a broad search completely: every match once, in order, with the counts adding up', async () => {
    const seen: JobSummary[] = []
    let total = 0
    for (let offset = 0; ; offset += 500) {
      const page = await listJobs(
        edb(),
        query({ search: 'capacitor', sort: 'when', direction: 'desc', limit: 500, offset, counts: false }),
      )
      total = page.total
      seen.push(...page.jobs)
      if (page.jobs.length < 500) break
    }
    expect(total).toBe(EXTRA)
    expect(new Set(seen.map((j) => j.id)).size).toBe(EXTRA)
    const counts = await countJobs(edb(), { search: 'capacitor' })
    expect(counts.all).toBe(EXTRA)
    expect(STATUSES.reduce((n, s) => n + (counts[s] ?? 0), 0)).toBe(EXTRA)
    expect(counts.invoiced).toBe(Math.ceil((EXTRA - 4) / 5))
    const invoiced = await listJobs(edb(), query({ search: 'capacitor', status: 'invoiced', limit: 1, counts: false }))
    expect(invoiced.total).toBe(counts.invoiced)
  })

  run('shows a job with its estimate, its closeouts and its log with who did what', async () => {
    const job = await getJob(edb(), 'J-1042')
    expect(job.customer).toMatch(/Acme/)
    expect(job.estimate.map((e) => e.sku)).toContain('COIL-3T')
    expect(job.events.length).toBeGreaterThan(0)
    expect(job.events.every((e) => typeof e.id === 'number' && e.actorName.length > 0)).toBe(true)
    await expect(getJob(edb(), 'J-0000')).rejects.toMatchObject({ code: 'not-found' })
  })

  run('sees a renamed customer at once (the search index follows the row)', async () => {
    const { name } = await edb()
      .db.selectFrom('customers')
      .select('name')
      .where('id', '=', 'C-100')
      .executeTakeFirstOrThrow()
    await edb().db.updateTable('customers').set({ name: 'Zephyr Dental Group' }).where('id', '=', 'C-100').execute()
    try {
      const found = await listJobs(edb(), query({ search: 'zephyr', sort: 'job', direction: 'asc', limit: 1 }))
      expect(found.total).toBeGreaterThan(EXTRA)
      expect(found.jobs.map((j) => j.id)).toEqual(['J-1042'])
    } finally {
      await edb().db.updateTable('customers').set({ name }).where('id', '=', 'C-100').execute()
    }
    expect(await ids(edb(), { search: 'zephyr' })).toEqual([])
  })
})

describe('the same answers from both engines', () => {
  const QUERIES: Partial<JobQuery>[] = [
    { search: 'acme' },
    { search: 'capacitor', status: 'invoiced' },
    { search: 'capacitor replaced', status: 'attention' },
    { status: 'needs-review' },
    { technicianId: 'T-07' },
    { dateFrom: '2026-03-01', dateTo: '2026-03-31' },
  ]
  const SORTS: JobSort[] = ['job', 'updated', 'total', 'customer']

  it.skipIf(!pgRuns)('lists, counts and orders the same jobs on SQLite and on PostgreSQL', async () => {
    const sqlite = engines.on('sqlite')
    const pg = engines.on('postgres')
    for (const q of QUERIES) {
      expect(await countJobs(pg, q), JSON.stringify(q)).toEqual(await countJobs(sqlite, q))
      for (const sort of SORTS)
        for (const direction of ['asc', 'desc'] as const) {
          const a = await listJobs(sqlite, query({ ...q, sort, direction, limit: 50, offset: 20 }))
          const b = await listJobs(pg, query({ ...q, sort, direction, limit: 50, offset: 20 }))
          const label = `${JSON.stringify(q)} ${sort} ${direction}`
          expect(b.total, label).toBe(a.total)
          // Sorting by the job's id has no ties: the very same page. Other sorts break ties by
          // each engine's own key, so the page holds the same sort values in the same order.
          if (sort === 'job') expect(b.jobs, label).toEqual(a.jobs)
          else {
            const key = (j: JobSummary) =>
              sort === 'total' ? j.totalCents : sort === 'updated' ? j.updatedAt : j.customer
            expect(b.jobs.map(key), label).toEqual(a.jobs.map(key))
          }
        }
    }
  })
})
