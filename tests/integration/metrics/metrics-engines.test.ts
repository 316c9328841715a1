import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import { postgresEngineDb } from '../../../src-main/core/db/engine-db'
import { openPostgres, type PgDatabase } from '../../../src-main/core/db/pg/pool'
import { recordImport } from '../../../src-main/core/imports/import-service'
import { recordDispute } from '../../../src-main/core/metrics/dispute'
import { getMetrics, getMetricsJobs } from '../../../src-main/core/metrics/metrics.service'
import { setApprovalSlaHours } from '../../../src-main/core/metrics/settings'
import type { Metrics, MetricsJobs } from '../../../src-shared/api/metrics'
import { EXPECTED } from '../../fixtures/metrics/expected'
import { FROM, JOBS, NOW, TIME_ZONE, TO } from '../../fixtures/metrics/history'
import { seedHistory } from '../../fixtures/metrics/seed'
import { seedInvoices, TEMPLATE_CSV } from '../../fixtures/payments/history'
import { ENGINES, engineRuns, openEngineOffices, pgRuns, type EngineOffices } from '../../support/engines'

/**
 * Issue #17: the dashboard's reads (metrics.get, metrics.jobs, the payment figures, the SLA and
 * time zone settings) on the async path. The same office (the fixed history of
 * tests/fixtures/metrics with the payments of tests/fixtures/payments imported) on the SQLite
 * file and on PostgreSQL gives the same figures to the second and the cent; and a seat's cached
 * summaries (summary-cache.ts) take in what another seat changed.
 */
let engines: EngineOffices
const answers = new Map<string, { metrics: Metrics; page: MetricsJobs }>()
const now = Date.parse(NOW)
// The range holds the history's weeks and the payments' months (the DSO trend needs its month ends).
const RANGE = { from: FROM, to: TO }
const PAY_RANGE = { from: '2026-10-01', to: '2026-12-31' }

beforeAll(async () => {
  engines = await openEngineOffices(async ({ office }) => {
    await seedHistory(office, JOBS, TIME_ZONE)
    await seedInvoices(office)
    await recordImport(office, { kind: 'payments', csv: TEMPLATE_CSV, skipBadRows: false }, 'U-clerk')
    // seedInvoices set its own zone; the history's weeks are Chicago's.
    office.sqlite.prepare(`UPDATE settings SET value_json = ? WHERE key = 'timeZone'`).run(JSON.stringify(TIME_ZONE))
  })
}, 180_000)
afterAll(async () => {
  await engines?.close()
})

describe.each(ENGINES)('the dashboard on %s (issue #17)', (engine) => {
  const runs = engineRuns(engine)

  it.runIf(runs)('gives the known figures of the fixed history, with the payment figures', async () => {
    const edb = engines.on(engine)
    const metrics = await getMetrics(edb, RANGE, now)
    expect(metrics.timeZone).toBe(TIME_ZONE)
    expect(metrics.cycleTime).toEqual(EXPECTED.cycleTime)
    expect(metrics.weekly).toEqual(EXPECTED.weekly)
    expect(metrics.payments?.daysToPay.paid).toBeGreaterThan(0)
    const page = await getMetricsJobs(edb, { ...RANGE, figure: 'cycleTime', page: 0, limit: 50 }, now)
    expect(page.jobs.map((j) => j.id).sort()).toEqual(EXPECTED.cycleTime.jobIds)
    expect(page.jobs.every((j) => j.customer !== null)).toBe(true)
    answers.set(engine, { metrics: await getMetrics(edb, PAY_RANGE, now), page })
  })

  it.runIf(runs)('keeps the approval SLA the dashboard counts late approvals by', async () => {
    const edb = engines.on(engine)
    expect(await setApprovalSlaHours(edb, 6)).toBe(6)
    expect((await getMetrics(edb, RANGE, now)).approvalSlaHours).toBe(6)
    await setApprovalSlaHours(edb, 4)
  })
})

describe('both engines (issue #17)', () => {
  it.runIf(pgRuns)('answer the same, field for field: every figure, every job id, every cent', () => {
    expect(answers.get('postgres')).toEqual(answers.get('sqlite'))
    expect(answers.get('sqlite')?.metrics.payments).not.toBeNull()
  })

  it.runIf(pgRuns)('shows a seat the dispute another seat recorded, at its next reload', async () => {
    const seatA = engines.on('postgres')
    const pool: Kysely<PgDatabase> = openPostgres(engines.postgresUrl!, { max: 2 })
    try {
      const seatB = postgresEngineDb(pool)
      const before = await getMetrics(seatA, RANGE, now)
      const invoiced = EXPECTED.cycleTime.jobIds.find((id) => !before.disputes.jobIds.includes(id))!
      await recordDispute(seatB, { id: invoiced, reason: 'Billed twice for the filter' }, 'U-2')
      const after = await getMetrics(seatA, RANGE, now)
      expect(after.disputes.count).toBe(before.disputes.count + 1)
      expect(after.disputes.jobIds).toContain(invoiced)
    } finally {
      await pool.destroy()
    }
  })
})
