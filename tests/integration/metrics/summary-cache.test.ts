import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { withTransaction } from '../../../src-main/core/db/engine-db'
import { appendEventIn } from '../../../src-main/core/lifecycle/event-log'
import { computeMetrics } from '../../../src-main/core/metrics/compute'
import { disputeJob } from '../../../src-main/core/metrics/dispute'
import { loadMetricSummaries } from '../../../src-main/core/metrics/metrics-reads.repo'
import { getMetrics, getMetricsJobs } from '../../../src-main/core/metrics/metrics.service'
import type { Office } from '../../../src-main/core/office'
import { addDays, mondayOf, startOfDay } from '../../../src-main/core/metrics/zoned-time'
import { FROM, JOBS, NOW, TIME_ZONE, TO } from '../../fixtures/metrics/history'
import { seedHistory } from '../../fixtures/metrics/seed'
import { tempOffice } from '../../support/temp-office'
import { loadMetricSummariesCached } from '../../../src-main/core/metrics/summary-cache'

/**
 * getMetrics keeps the summaries it parsed (summary-cache.ts) and reads again only those of
 * jobs with an event since: what it answers must always be what a fresh read of job_timelines
 * gives, after any change to a job.
 */
let office: Office
let dispose: () => Promise<void>

beforeAll(async () => {
  const temp = await tempOffice()
  office = temp.office
  dispose = temp.dispose
  await seedHistory(office, JOBS, TIME_ZONE)
})
afterAll(async () => {
  await dispose()
})

/** The figures from the summary table read afresh (no cache), for the same range and moment. */
async function uncached(now: number) {
  const since = Math.min(startOfDay(FROM, TIME_ZONE), startOfDay(addDays(mondayOf(TO), -7), TIME_ZONE))
  const until = startOfDay(addDays(TO, 1), TIME_ZONE)
  const rows = await loadMetricSummaries(office, new Date(since).toISOString(), new Date(until).toISOString())
  return computeMetrics({ ...rows, from: FROM, to: TO, timeZone: TIME_ZONE, now, approvalSlaHours: 4 })
}

describe('the figures read from kept summaries', () => {
  it('answer what a fresh read answers, before and after a job changes, at any moment', async () => {
    const now = Date.parse(NOW)
    const first = await getMetrics(office, { from: FROM, to: TO }, now)
    expect({ ...first, payments: undefined }).toEqual({ ...(await uncached(now)), payments: undefined })
    expect(first.disputes.jobIds).toEqual(['J-1046'])

    await disputeJob(office, { id: 'J-1042', reason: 'Charged for a second visit' })
    // A change only the job's summary shows: its invoice sent two hours after the export.
    await withTransaction(office, (trx) =>
      appendEventIn(trx, {
        jobId: 'J-1042',
        type: 'invoice-sent',
        actor: 'office',
        at: '2026-10-28T17:00:00.000Z',
        data: { invoiceNumber: 'INV-1042', to: ['ap@example.com'], messageId: '<INV-1042@test>', mode: 'smtp' },
      }),
    )
    const later = now + 3600_000
    const second = await getMetrics(office, { from: FROM, to: TO }, later)

    expect(second.disputes.jobIds).toEqual(['J-1042', 'J-1046'])
    expect([first.cycleTime.sent, second.cycleTime.sent]).toEqual([0, 1])
    expect(second.stages.find((s) => s.stage === 'sending')?.jobIds).toEqual(['J-1042'])
    expect({ ...second, payments: undefined }).toEqual({ ...(await uncached(later)), payments: undefined })
    // Waiting ages move with the moment asked about, not the moment the summaries were read.
    expect(second.needsReview.oldestSeconds).toBe(first.needsReview.oldestSeconds! + 3600)
    const drawer = await getMetricsJobs(office, { from: FROM, to: TO, figure: 'disputes', page: 0, limit: 50 }, later)
    expect(drawer.jobs.map((j) => [j.id, j.disputeReason])).toEqual([
      ['J-1042', 'Charged for a second visit'],
      ['J-1046', 'Customer says the part was under warranty'],
    ])
  })
  it('reads the jobs a fresh read reads, when an event brings a job into a range', async () => {
    const since = '2026-11-09T06:00:00.000Z'
    const until = '2026-11-21T06:00:00.000Z'
    const ids = (rows: { jobs: { id: string }[] }) => rows.jobs.map((j) => j.id)
    const before = await loadMetricSummariesCached(office, since, until)
    expect(ids(before)).toEqual(ids(await loadMetricSummaries(office, since, until)))
    expect(ids(before)).not.toContain('J-1045')

    await withTransaction(office, (trx) =>
      appendEventIn(trx, {
        jobId: 'J-1045',
        type: 'invoice-sent',
        actor: 'office',
        at: '2026-11-10T15:00:00.000Z',
        data: { invoiceNumber: 'INV-1045', to: ['ap@example.com'], messageId: '<INV-1045@test>', mode: 'smtp' },
      }),
    )
    const after = await loadMetricSummariesCached(office, since, until)
    const fresh = await loadMetricSummaries(office, since, until)

    expect(ids(after)).toContain('J-1045')
    expect(ids(after)).toEqual(ids(fresh))
    expect(after.states?.get('J-1045')).toEqual(fresh.states?.get('J-1045'))
    expect(after.states?.get('J-1045')?.sends).toEqual([Date.parse('2026-11-10T15:00:00.000Z')])
  })
})
