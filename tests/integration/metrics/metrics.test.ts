import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyEventLogIn } from '../../../src-main/core/lifecycle/event-log'
import { signedInApi } from '../../support/signed-in'
import { getMetrics, getMetricsJobs } from '../../../src-main/core/metrics/metrics.service'
import type { SqliteOffice } from '../../../src-main/core/office'
import type { Metrics, MetricsJobs } from '../../../src-shared/api/metrics'
import { EXPECTED, EXPECTED_J1044 } from '../../fixtures/metrics/expected'
import { FROM, JOBS, NOW, TIME_ZONE, TO } from '../../fixtures/metrics/history'
import { seedHistory } from '../../fixtures/metrics/seed'
import { runCli } from '../../support/run-cli'
import { tempOffice } from '../../support/temp-office'

let office: SqliteOffice
let dispose: () => Promise<void>
let dataDir: string
let sharedDir: string

beforeAll(async () => {
  const temp = await tempOffice()
  office = temp.office
  dispose = temp.dispose
  dataDir = temp.folders.dataDir
  sharedDir = temp.folders.sharedDir
  await seedHistory(office, JOBS, TIME_ZONE)
})

afterAll(async () => {
  await dispose()
})

describe('metrics from the event log of a real office', () => {
  it('gives exactly the known answers for the fixed history', async () => {
    const m = await getMetrics(office, { from: FROM, to: TO }, Date.parse(NOW))

    expect((await verifyEventLogIn(office.db)).ok).toBe(true)
    expect(m.timeZone).toBe(TIME_ZONE)
    expect(m).toMatchObject({
      range: EXPECTED.range,
      cycleTime: EXPECTED.cycleTime,
      stages: EXPECTED.stages,
      weekly: EXPECTED.weekly,
      waitingNow: EXPECTED.waitingNow,
      headline: EXPECTED.headline,
      approvals: EXPECTED.approvals,
      needsReview: EXPECTED.needsReview,
      touches: EXPECTED.touches,
      firstTimeRight: EXPECTED.firstTimeRight,
      byTechnician: EXPECTED.byTechnician,
      byJobType: EXPECTED.byJobType,
      disputes: EXPECTED.disputes,
      voids: EXPECTED.voids,
    })
    const invoiced = await getMetricsJobs(
      office,
      { from: FROM, to: TO, figure: 'cycleTime', page: 0, limit: 50 },
      Date.parse(NOW),
    )
    expect(invoiced.jobs.map((j) => j.id)).toEqual(EXPECTED.cycleTime.jobIds)
    expect(invoiced.jobs.find((j) => j.id === 'J-1044')).toMatchObject({
      ...EXPECTED_J1044,
      customer: 'Rosa Peña',
      jobType: 'Plumbing service',
    })
  })

  it('defaults to the twelve weeks up to today in the office time zone', async () => {
    const m = await getMetrics(office, {}, Date.parse(NOW))

    expect(m.range.to).toBe('2026-11-06')
    expect(m.range.from).toBe('2026-08-17')
    expect(m.weekly).toHaveLength(12)
    expect(m.cycleTime.count).toBe(7)
  })

  it('keeps the approval SLA as a setting that changes the figures', async () => {
    const api = await signedInApi(office)
    const saved = await api.call('metrics.setApprovalSla', { hours: 6 })
    const refused = await api.call('metrics.setApprovalSla', { hours: 0 })

    expect(saved).toEqual({ ok: true, value: { approvalSlaHours: 6 } })
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-input', details: [{ path: 'hours' }] } })
    const m = await getMetrics(office, { from: FROM, to: TO }, Date.parse(NOW))
    expect(m.approvalSlaHours).toBe(6)
    expect(m.approvals.decisions.withinSla).toEqual({ count: 4, of: 4, rate: 1 })
    await api.call('metrics.setApprovalSla', { hours: 4 })
  })

  it('answers metrics.get through the API and names the field of a bad range', async () => {
    const api = await signedInApi(office)
    const ok = await api.call('metrics.get', { from: FROM, to: TO })
    const backwards = await api.call('metrics.get', { from: TO, to: FROM })
    const notADate = await api.call('metrics.get', { from: '2026-02-30' })

    expect(ok.ok && (ok.value as Metrics).cycleTime.count).toBe(6)
    expect(backwards).toMatchObject({ ok: false, error: { code: 'invalid-input', details: [{ path: 'from' }] } })
    expect(notADate).toMatchObject({ ok: false, error: { code: 'invalid-input', details: [{ path: 'from' }] } })
  })

  it('answers metrics.jobs a page at a time, without the jobs in metrics.get', async () => {
    const api = await signedInApi(office)
    const figures = await api.call('metrics.get', { from: FROM, to: TO })
    const second = await api.call('metrics.jobs', { from: FROM, to: TO, figure: 'cycleTime', page: 1, limit: 4 })
    const week = await api.call('metrics.jobs', { from: FROM, to: TO, figure: 'week', key: '2026-10-26' })
    const noKey = await api.call('metrics.jobs', { from: FROM, to: TO, figure: 'technician' })
    const tooMany = await api.call('metrics.jobs', { figure: 'cycleTime', limit: 5000 })

    expect(figures.ok && figures.value).not.toHaveProperty('jobs')
    expect(second).toMatchObject({ ok: true, value: { total: 6, page: 1, limit: 4 } })
    expect(second.ok && (second.value as MetricsJobs).jobs.map((j) => j.id)).toEqual(['J-1046', 'J-1052'])
    expect(week.ok && (week.value as MetricsJobs).jobs.map((j) => j.id)).toEqual(['J-1042', 'J-1043', 'J-1046'])
    expect(noKey).toMatchObject({ ok: false, error: { code: 'invalid-input', details: [{ path: 'key' }] } })
    expect(tooMany).toMatchObject({ ok: false, error: { code: 'invalid-input', details: [{ path: 'limit' }] } })
  })
})

describe('jobs.dispute', () => {
  it('marks an invoiced job disputed, logs it and counts it in the dispute rate', async () => {
    const api = await signedInApi(office)
    const result = await api.call('jobs.dispute', { id: 'J-1045', reason: '  Billed two coils, one installed ' })

    expect(result).toMatchObject({
      ok: true,
      value: { id: 'J-1045', disputeReason: 'Billed two coils, one installed' },
    })
    const row = office.sqlite.prepare('SELECT disputed_at, dispute_reason FROM jobs WHERE id = ?').get('J-1045') as {
      disputed_at: string
      dispute_reason: string
    }
    expect(row.dispute_reason).toBe('Billed two coils, one installed')
    const event = office.sqlite
      .prepare(`SELECT data_json FROM job_events WHERE job_id = 'J-1045' AND type = 'disputed'`)
      .get() as { data_json: string }
    expect(JSON.parse(event.data_json)).toEqual({ reason: 'Billed two coils, one installed' })
    const m = await getMetrics(office, { from: FROM, to: TO }, Date.parse(NOW))
    expect(m.disputes).toMatchObject({ count: 2, of: 6, rate: 0.3333, jobIds: ['J-1045', 'J-1046'] })
    expect((await verifyEventLogIn(office.db)).ok).toBe(true)
  })

  it('refuses a job that is not invoiced, one already disputed, and an empty reason', async () => {
    const api = await signedInApi(office)
    const open = await api.call('jobs.dispute', { id: 'J-1049', reason: 'Too expensive' })
    const twice = await api.call('jobs.dispute', { id: 'J-1046', reason: 'Again' })
    const empty = await api.call('jobs.dispute', { id: 'J-1042', reason: '   ' })
    const missing = await api.call('jobs.dispute', { id: 'J-9999', reason: 'Who?' })

    expect(open).toMatchObject({ ok: false, error: { code: 'not-invoiced' } })
    expect(twice).toMatchObject({ ok: false, error: { code: 'already-disputed' } })
    expect(empty).toMatchObject({ ok: false, error: { code: 'invalid-input', details: [{ path: 'reason' }] } })
    expect(missing).toMatchObject({ ok: false, error: { code: 'not-found' } })
  })
})

describe('closeout metrics', () => {
  it('prints the same figures as JSON for a range', async () => {
    await office.close()
    const r = runCli([
      '--data',
      dataDir,
      '--shared',
      sharedDir,
      'metrics',
      '--json',
      '--from',
      '2026-10-26',
      '--to',
      '2026-11-01',
    ])

    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const m = JSON.parse(r.stdout) as Metrics
    expect(m.range).toMatchObject({ from: '2026-10-26', to: '2026-11-01' })
    expect(m.cycleTime).toEqual({
      count: 3,
      sent: 0,
      medianSeconds: 24 * 3600,
      p90Seconds: 24 * 3600,
      jobIds: ['J-1042', 'J-1043', 'J-1046'],
    })
    expect(m.byTechnician.map((r) => r.name)).toEqual(['Marcus Bell', 'Priya Natarajan', 'Sam Ortiz'])
  })

  it('exits 2 with the reason for a date that is not one, or a backwards range', async () => {
    const bad = runCli(['--data', dataDir, '--shared', sharedDir, 'metrics', '--json', '--from', '2026-13-01'])
    const backwards = runCli([
      '--data',
      dataDir,
      '--shared',
      sharedDir,
      'metrics',
      '--from',
      '2026-11-08',
      '--to',
      '2026-11-01',
    ])

    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--from.*must be a date like 2026-11-30/)
    expect(backwards.code).toBe(2)
    expect(backwards.stderr).toMatch(/after --to/)
  })
})
