import {
  STAGES,
  type JobMetrics,
  type MetricFigure,
  type Metrics,
  type MetricsJobs,
  type Stage,
} from '../../../src-shared/api/metrics'
import { computeFigures, type MetricsInput } from './compute'
import { cycleSeconds, seconds, touchesOf, type Job } from './timeline'

/*
 * The jobs behind a figure of the dashboard (its drawer, `metrics.jobs`): which ids each figure
 * lists, and each job described as the figures saw it.
 */

/**
 * One page of the jobs behind a figure (`metrics.jobs`), each described as the figures saw it:
 * the same input gives the jobs whose ids the figure lists, in that order. An entry of a list
 * figure that the range does not have (a week outside it, a technician without activity) has
 * no jobs.
 */
export function computeFigureJobs(
  input: MetricsInput,
  ask: { figure: MetricFigure; key?: string | undefined; page: number; limit: number },
): MetricsJobs {
  const { metrics, all } = computeFigures(input)
  const ids = figureJobIds(metrics, ask.figure, ask.key)
  const page = ids.slice(ask.page * ask.limit, (ask.page + 1) * ask.limit)
  const wanted = new Set(page)
  const byId = new Map(all.filter((j) => wanted.has(j.facts.id)).map((j) => [j.facts.id, j]))
  const jobs = page.map((id) => jobMetrics(byId.get(id)!, input))
  return { total: ids.length, page: ask.page, limit: ask.limit, jobs }
}

/** The ids a figure of the answer lists (see METRIC_FIGURES for the keys). */
export function figureJobIds(m: Metrics, figure: MetricFigure, key: string | undefined): readonly string[] {
  switch (figure) {
    case 'cycleTime':
      return m.cycleTime.jobIds
    case 'week':
      return [...m.weekly, m.headline.thisWeek, m.headline.lastWeek].find((w) => w.weekStart === key)?.jobIds ?? []
    case 'stage':
      return m.stages.find((s) => s.stage === key)?.jobIds ?? []
    case 'waitingNow':
      return m.waitingNow.find((s) => s.stage === key)?.jobIds ?? []
    case 'invoiceReadyWaiting':
      return m.headline.invoiceReadyWaiting.jobIds
    case 'approvalsWaiting':
      return m.headline.approvalsWaiting.jobIds
    case 'touches':
      return m.touches.jobIds
    case 'approvalsNeeded':
      return m.approvals.needed.jobIds
    case 'approvalDecisions':
      return m.approvals.decisions.jobIds
    case 'needsReview':
      return m.needsReview.jobIds
    case 'firstTimeRight':
      return m.firstTimeRight.jobIds
    case 'firstTimeMissed':
      return m.firstTimeRight.missedJobIds
    case 'disputes':
      return m.disputes.jobIds
    case 'disputeReason':
      return m.disputes.reasons.find((r) => r.reason === key)?.jobIds ?? []
    case 'voids':
      return m.voids.jobIds
    case 'technician':
      return m.byTechnician.find((r) => r.id === key)?.jobIds ?? []
    case 'jobType':
      return m.byJobType.find((r) => r.id === key)?.jobIds ?? []
  }
}

function jobMetrics({ facts, t }: Job, input: MetricsInput): JobMetrics {
  const technicianId = t.technicianId ?? facts.technicianId
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())
  const stages = {} as Record<Stage, number>
  for (const s of STAGES) stages[s] = seconds(t.stageMs[s])
  return {
    id: facts.id,
    status: facts.status,
    customer: facts.customer,
    technicianId,
    technician: technicianId ? (input.technicians[technicianId] ?? technicianId) : null,
    jobTypeId: facts.jobTypeId,
    jobType: facts.jobTypeId ? (input.jobTypes[facts.jobTypeId] ?? facts.jobTypeId) : null,
    completedAt: t.completedAtIso,
    receivedAt: iso(t.receivedAt),
    invoiceReadyAt: iso(t.firstReadyAt),
    invoicedAt: iso(t.invoicedAt),
    sentAt: iso(t.sentAt),
    cycleEnd: t.invoicedAt === null ? null : t.sentAt === null ? 'exported' : 'sent',
    cycleSeconds: cycleSeconds(t),
    stages,
    submissions: t.submissions,
    sendBacks: t.sendBacks,
    edits: t.edits,
    manualFixes: t.manualFixes,
    touches: touchesOf(t),
    firstTimeRight: t.touchesBeforeReady === null ? null : t.touchesBeforeReady === 0,
    disputeReason: t.disputeReason ?? facts.disputeReason,
    voidedAt: iso(t.voidedAt),
  }
}
