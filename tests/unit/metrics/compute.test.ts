import { describe, expect, it } from 'vitest'
import { computeMetrics, type MetricsInput } from '../../../src-main/core/metrics/compute'
import { computeFigureJobs, figureJobIds } from '../../../src-main/core/metrics/figure-jobs'
import { METRIC_FIGURES, type JobMetrics, type MetricFigure } from '../../../src-shared/api/metrics'
import type { JobFacts } from '../../../src-main/core/metrics/timeline'
import type { JobStatus } from '../../../src-shared/domain/status'
import { EXPECTED, EXPECTED_J1044 } from '../../fixtures/metrics/expected'
import {
  eventsInLogOrder,
  finalStatus,
  FROM,
  JOB_TYPE_NAMES,
  JOB_TYPE_OF,
  JOBS,
  NOW,
  TECHNICIAN_NAMES,
  TIME_ZONE,
  TO,
} from '../../fixtures/metrics/history'

function input(overrides: Partial<MetricsInput> = {}): MetricsInput {
  const jobs: JobFacts[] = JOBS.map((j) => ({
    id: j.id,
    status: finalStatus(j) as JobStatus,
    customer: null,
    technicianId: j.technicianId,
    jobTypeId: JOB_TYPE_OF[j.id] ?? null,
    disputeReason: j.disputeReason ?? null,
  }))
  const events = eventsInLogOrder().map((e, i) => ({ id: i + 1, jobId: e.jobId, at: e.at, type: e.type, data: e.data }))
  return {
    events,
    jobs,
    technicians: TECHNICIAN_NAMES,
    jobTypes: JOB_TYPE_NAMES,
    from: FROM,
    to: TO,
    timeZone: TIME_ZONE,
    now: Date.parse(NOW),
    approvalSlaHours: 4,
    ...overrides,
  }
}

/** The details of the jobs behind a figure (metrics.jobs), by id. */
function jobsBehind(figure: MetricFigure, key?: string, overrides: Partial<MetricsInput> = {}) {
  const page = computeFigureJobs(input(overrides), { figure, key, page: 0, limit: 500 })
  return Object.fromEntries(page.jobs.map((j) => [j.id, j])) as Record<string, JobMetrics>
}

describe('computeMetrics over the fixed history', () => {
  const m = computeMetrics(input())
  const invoiced = jobsBehind('cycleTime')

  it('measures cycle time completed -> invoiced, with the daylight-saving hour and the LA offset', () => {
    expect(m.range).toEqual(EXPECTED.range)
    expect(m.cycleTime).toEqual(EXPECTED.cycleTime)
    expect(invoiced['J-1045']!.cycleSeconds).toBe(44 * 3600)
    expect(invoiced['J-1044']).toMatchObject(EXPECTED_J1044)
  })

  it('splits every invoiced hour into exactly one stage', () => {
    expect(m.stages).toEqual(EXPECTED.stages)
    const stageTotal = m.stages.reduce((s, x) => s + x.totalSeconds, 0)
    const cycleTotal = m.cycleTime.jobIds.reduce((s, id) => s + invoiced[id]!.cycleSeconds!, 0)
    expect(stageTotal).toBe(cycleTotal)
  })

  it('buckets invoices into Monday-to-Sunday weeks of the office time zone', () => {
    expect(m.weekly).toEqual(EXPECTED.weekly)
    expect(m.headline.thisWeek).toMatchObject(EXPECTED.headline.thisWeek)
    expect(m.headline.lastWeek).toMatchObject(EXPECTED.headline.lastWeek)
  })

  it('shows what waits now, and for how long', () => {
    expect(m.waitingNow).toEqual(EXPECTED.waitingNow)
    expect(m.headline.invoiceReadyWaiting).toEqual(EXPECTED.headline.invoiceReadyWaiting)
    expect(m.headline.approvalsWaiting).toEqual(EXPECTED.headline.approvalsWaiting)
    expect(m.needsReview).toEqual(EXPECTED.needsReview)
  })

  it('counts approvals, their decision times and the SLA', () => {
    expect(m.approvals).toEqual(EXPECTED.approvals)
    expect(m.approvalSlaHours).toBe(4)
  })

  it('counts touches, first-time-right, disputes and voids', () => {
    expect(m.headline.touchesPerInvoice).toEqual(EXPECTED.headline.touchesPerInvoice)
    expect(m.touches).toEqual(EXPECTED.touches)
    expect(m.firstTimeRight).toEqual(EXPECTED.firstTimeRight)
    expect(m.disputes).toEqual(EXPECTED.disputes)
    expect(m.voids).toEqual(EXPECTED.voids)
  })

  it('breaks the figures down per technician and per job type', () => {
    expect(m.byTechnician).toEqual(EXPECTED.byTechnician)
    expect(m.byJobType).toEqual(EXPECTED.byJobType)
  })

  it('describes every job a figure names, and no other', () => {
    const keyOf: Partial<Record<MetricFigure, string[]>> = {
      week: m.weekly.map((w) => w.weekStart),
      stage: m.stages.map((s) => s.stage),
      waitingNow: m.waitingNow.map((w) => w.stage),
      disputeReason: m.disputes.reasons.map((r) => r.reason),
      technician: m.byTechnician.map((r) => r.id),
      jobType: m.byJobType.map((r) => r.id),
    }
    const described = new Set<string>()
    for (const figure of METRIC_FIGURES)
      for (const key of keyOf[figure] ?? [undefined]) {
        const page = computeFigureJobs(input(), { figure, key, page: 0, limit: 500 })
        expect(page.jobs.map((j) => j.id)).toEqual(figureJobIds(m, figure, key))
        expect(page.total).toBe(page.jobs.length)
        for (const j of page.jobs) described.add(j.id)
      }
    const named = new Set([...m.cycleTime.jobIds, ...m.voids.jobIds, ...m.waitingNow.flatMap((w) => w.jobIds)])
    for (const id of named) expect(described).toContain(id)
    expect(jobsBehind('voids')['J-1051']).toMatchObject({ id: 'J-1051', voidedAt: expect.any(String) })
    expect(described).not.toContain('J-1053')
    expect(m).not.toHaveProperty('jobs')
    expect(m.notes.join(' ')).toMatch(/DSO/)
  })

  it('pages through the jobs behind a figure in the order the figure lists them', () => {
    const pages = [0, 1, 2].map((page) => computeFigureJobs(input(), { figure: 'cycleTime', page, limit: 4 }))

    expect(pages.map((p) => p.total)).toEqual([6, 6, 6])
    expect(pages.map((p) => p.jobs.map((j) => j.id))).toEqual([
      ['J-1042', 'J-1043', 'J-1044', 'J-1045'],
      ['J-1046', 'J-1052'],
      [],
    ])
    expect(
      computeFigureJobs(input(), { figure: 'week', key: '2026-11-02', page: 0, limit: 50 }).jobs.map((j) => j.id),
    ).toEqual(m.weekly[1]!.jobIds)
    expect(computeFigureJobs(input(), { figure: 'technician', key: 'T-99', page: 0, limit: 50 })).toEqual({
      total: 0,
      page: 0,
      limit: 50,
      jobs: [],
    })
  })
})

describe('computeMetrics at week and range edges', () => {
  it('puts an invoice at Sunday 23:30 CST in that week and one at Monday 00:00 in the next', () => {
    const firstWeek = computeMetrics(input({ from: '2026-10-26', to: '2026-11-01' }))
    expect(firstWeek.cycleTime.jobIds).toEqual(['J-1042', 'J-1043', 'J-1046'])
    expect(firstWeek.weekly.map((w) => w.weekStart)).toEqual(['2026-10-26'])
    expect(firstWeek.headline.thisWeek.weekStart).toBe('2026-10-26')
    expect(firstWeek.headline.lastWeek).toMatchObject({ weekStart: '2026-10-19', invoiced: 1, jobIds: ['J-1053'] })
  })

  it('gives the same week boundaries in UTC a different answer (the zone matters)', () => {
    const utc = computeMetrics(input({ from: '2026-10-26', to: '2026-11-01', timeZone: 'UTC' }))
    expect(utc.cycleTime.jobIds).toEqual(['J-1042', 'J-1043'])
  })

  it('reads an approval as waiting past the SLA only once it is', () => {
    const lenient = computeMetrics(input({ approvalSlaHours: 8 }))
    expect(lenient.headline.approvalsWaiting.overSla).toBe(0)
    expect(lenient.approvals.decisions.withinSla).toEqual({ count: 4, of: 4, rate: 1 })
  })

  it('answers with empty figures, not errors, for a range with no activity', () => {
    const empty = computeMetrics(input({ from: '2025-01-06', to: '2025-01-12' }))
    expect(empty.cycleTime).toEqual({ count: 0, sent: 0, medianSeconds: null, p90Seconds: null, jobIds: [] })
    expect(empty.touches.perInvoice).toBeNull()
    expect(empty.firstTimeRight.rate).toBeNull()
    expect(empty.byTechnician).toEqual([])
  })
})
