import { STAGES, type GroupRow, type JobMetrics, type Metrics, type Stage } from '../../../src-shared/api/metrics'
import type { JobStatus } from '../../../src-shared/domain/status'
import { groupRows, type GroupKey } from './groups'
import { median, percentileSeconds, perUnit, ratio } from './stats'
import {
  buildTimeline,
  cycleSeconds,
  emptyTimelineState,
  finishTimeline,
  inIdOrder,
  seconds,
  stageOfStatus,
  touchesOf,
  type Job,
  type JobFacts,
  type MetricEvent,
  type TimelineState,
} from './timeline'
import { addDays, mondayOf, startOfDay } from './zoned-time'

export type { JobFacts }

export interface MetricsInput {
  events: readonly MetricEvent[]
  /**
   * Each job's events already folded (the summary table, job_timelines): when given, `events`
   * is not read and each job's timeline is its state finished at `now`. A state is used up.
   */
  states?: ReadonlyMap<string, TimelineState> | undefined
  jobs: readonly JobFacts[]
  technicians: Readonly<Record<string, string>>
  jobTypes: Readonly<Record<string, string>>
  /** Inclusive days in the office's time zone. */
  from: string
  to: string
  timeZone: string
  now: number
  approvalSlaHours: number
}

export const DSO_NOTE =
  'Days sales outstanding (DSO) needs the dates customers paid, which live in your accounting system; Closeout measures up to the invoice being sent.'

const inRange = (ms: number | null, start: number, end: number): ms is number => ms !== null && ms >= start && ms < end

/**
 * The dashboard's figures from the event log. Pure: the same events, range, zone and `now`
 * always give the same answer. Voided jobs count only under `voids`; figures about what is
 * waiting describe the moment `now`, everything else the range (docs/metrics.md).
 */
export function computeMetrics(input: MetricsInput): Metrics {
  const { timeZone, now } = input
  const start = startOfDay(input.from, timeZone)
  const end = startOfDay(addDays(input.to, 1), timeZone)
  const byJob = new Map<string, MetricEvent[]>()
  for (const e of input.events) {
    const list = byJob.get(e.jobId)
    if (list) list.push(e)
    else byJob.set(e.jobId, [e])
  }
  // Sorted by id once: every list below is a filter of `all`, so its ids come out sorted (ids()).
  const all: Job[] = input.jobs
    .map((facts) => ({
      facts,
      t: input.states
        ? finishTimeline(input.states.get(facts.id) ?? emptyTimelineState(facts.id), now)
        : buildTimeline(facts.id, byJob.get(facts.id) ?? [], now),
    }))
    .sort((a, b) => (a.facts.id < b.facts.id ? -1 : a.facts.id > b.facts.id ? 1 : 0))
  const rank = new Map<Job, number>(all.map((j, i) => [j, i]))
  const voided = all.filter((j) => j.t.voidedAt !== null || j.facts.status === 'void')
  const live = all.filter((j) => j.t.voidedAt === null && j.facts.status !== 'void')
  const invoiced = live.filter((j) => inRange(j.t.invoicedAt, start, end) && j.t.completedAt !== null)
  const received = live.filter((j) => inRange(j.t.receivedAt, start, end))
  const ready = live.filter((j) => inRange(j.t.firstReadyAt, start, end))
  const referenced = new Set<string>()
  const ids = (jobs: readonly Job[]): string[] => {
    const list = inIdOrder(jobs, rank).map((j) => j.facts.id)
    for (const id of list) referenced.add(id)
    return list
  }

  const week = (monday: string) => {
    const from = startOfDay(monday, timeZone)
    const until = startOfDay(addDays(monday, 7), timeZone)
    const jobs = live.filter((j) => inRange(j.t.invoicedAt, from, until) && j.t.completedAt !== null)
    const cycles = jobs.map((j) => cycleSeconds(j.t)!)
    return {
      weekStart: monday,
      invoiced: jobs.length,
      sent: jobs.filter((j) => j.t.sentAt !== null).length,
      medianSeconds: median(cycles),
      p90Seconds: percentileSeconds(cycles, 0.9),
      jobIds: ids(jobs),
    }
  }
  const weekly = []
  for (let monday = mondayOf(input.from); monday <= input.to; monday = addDays(monday, 7)) weekly.push(week(monday))
  const thisMonday = mondayOf(input.to)

  const waiting = (jobs: readonly Job[]) => {
    const aged = jobs.map((j) => ({
      id: j.facts.id,
      age: j.t.stageSince === null ? null : seconds(now - j.t.stageSince),
    }))
    const oldest = aged.reduce<{ id: string; age: number | null } | null>(
      (best, a) => (best === null || (a.age ?? -1) > (best.age ?? -1) ? a : best),
      null,
    )
    return {
      count: jobs.length,
      oldestSeconds: oldest?.age ?? null,
      oldestJobId: oldest?.id ?? null,
      jobIds: ids(jobs),
    }
  }
  const inStatus = (...statuses: JobStatus[]) => live.filter((j) => statuses.includes(j.facts.status))
  const slaSeconds = Math.round(input.approvalSlaHours * 3600)
  const approvalsWaitingJobs = inStatus('needs-approval', 'approved')
  const reviewJobs = inStatus('needs-review')

  const cycles = invoiced.map((j) => cycleSeconds(j.t)!)
  const totalCycle = cycles.reduce((a, b) => a + b, 0)
  const stages = STAGES.map((stage) => {
    const each = invoiced.map((j) => seconds(j.t.stageMs[stage]))
    const total = each.reduce((a, b) => a + b, 0)
    return {
      stage,
      totalSeconds: total,
      share: totalCycle === 0 ? null : Math.round((total / totalCycle) * 10_000) / 10_000,
      meanSeconds: each.length === 0 ? null : Math.round(total / each.length),
      medianSeconds: median(each),
      jobIds: ids(invoiced.filter((j) => j.t.stageMs[stage] > 0)),
    }
  })
  const waitingNow = (['review', 'approval', 'technician', 'billing'] as const).map((stage) => ({
    stage,
    ...waiting(
      live.filter(
        (j) => j.t.receivedAt !== null && stageOfStatus(j.facts.status) === stage && j.facts.status !== 'invoiced',
      ),
    ),
  }))

  const touches = invoiced.reduce((sum, j) => sum + touchesOf(j.t), 0)
  const touchesFigure = {
    total: touches,
    edits: invoiced.reduce((s, j) => s + j.t.edits, 0),
    sendBacks: invoiced.reduce((s, j) => s + j.t.sendBacks, 0),
    manualFixes: invoiced.reduce((s, j) => s + j.t.manualFixes, 0),
    invoices: invoiced.length,
    perInvoice: perUnit(touches, invoiced.length),
    jobIds: ids(invoiced.filter((j) => touchesOf(j.t) > 0)),
  }

  const decisions = live.flatMap((j) =>
    j.t.approvals
      .filter((a) => (a.decision === 'approved' || a.decision === 'sent-back') && inRange(a.decidedAt, start, end))
      .map((a) => ({ job: j, decision: a.decision, wait: seconds(a.decidedAt! - a.requestedAt) })),
  )
  const waits = decisions.map((d) => d.wait)
  const neededApproval = received.filter((j) => j.t.approvals.length > 0)

  const right = ready.filter((j) => j.t.touchesBeforeReady === 0)
  const disputed = invoiced.filter((j) => j.t.disputedAt !== null || j.facts.disputeReason !== null)
  const reasons = new Map<string, Job[]>()
  for (const j of disputed) {
    const reason = j.t.disputeReason ?? j.facts.disputeReason?.trim() ?? ''
    const list = reasons.get(reason)
    if (list) list.push(j)
    else reasons.set(reason, [j])
  }

  const groups = (key: GroupKey, names: Readonly<Record<string, string>>, fallback: string): GroupRow[] =>
    groupRows({ key, names, fallback, invoiced, received, ready, rank }).map((row) => {
      for (const id of row.jobIds) referenced.add(id)
      return row
    })
  const byTechnician = groups((j) => j.t.technicianId ?? j.facts.technicianId, input.technicians, 'No technician')
  const byJobType = groups((j) => j.facts.jobTypeId, input.jobTypes, 'No job type')

  const metrics: Metrics = {
    generatedAt: new Date(now).toISOString(),
    timeZone,
    weekStartsOn: 'monday',
    range: {
      from: input.from,
      to: input.to,
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(end).toISOString(),
    },
    approvalSlaHours: input.approvalSlaHours,
    headline: {
      thisWeek: week(thisMonday),
      lastWeek: week(addDays(thisMonday, -7)),
      invoiceReadyWaiting: waiting(inStatus('invoice-ready')),
      approvalsWaiting: {
        ...waiting(approvalsWaitingJobs),
        overSla: approvalsWaitingJobs.filter((j) => j.t.stageSince !== null && now - j.t.stageSince > slaSeconds * 1000)
          .length,
      },
      touchesPerInvoice: {
        touches,
        invoices: invoiced.length,
        perInvoice: touchesFigure.perInvoice,
        jobIds: touchesFigure.jobIds,
      },
    },
    cycleTime: {
      count: invoiced.length,
      sent: invoiced.filter((j) => j.t.sentAt !== null).length,
      medianSeconds: median(cycles),
      p90Seconds: percentileSeconds(cycles, 0.9),
      jobIds: ids(invoiced),
    },
    stages,
    waitingNow,
    weekly,
    approvals: {
      needed: { ...ratio(neededApproval.length, received.length), jobIds: ids(neededApproval) },
      decisions: {
        count: decisions.length,
        medianSeconds: median(waits),
        p90Seconds: percentileSeconds(waits, 0.9),
        jobIds: ids([...new Set(decisions.map((d) => d.job))]),
        approved: decisions.filter((d) => d.decision === 'approved').length,
        sentBack: decisions.filter((d) => d.decision === 'sent-back').length,
        withinSla: ratio(waits.filter((w) => w <= slaSeconds).length, waits.length),
      },
    },
    needsReview: {
      ...waiting(reviewJobs),
      medianAgeSeconds: median(
        reviewJobs.flatMap((j) => (j.t.stageSince === null ? [] : [seconds(now - j.t.stageSince)])),
      ),
    },
    touches: touchesFigure,
    firstTimeRight: {
      ...ratio(right.length, ready.length),
      jobIds: ids(right),
      missedJobIds: ids(ready.filter((j) => j.t.touchesBeforeReady !== 0)),
    },
    byTechnician,
    byJobType,
    disputes: {
      ...ratio(disputed.length, invoiced.length),
      reasons: [...reasons]
        .map(([reason, jobs]) => ({ reason, count: jobs.length, jobIds: ids(jobs) }))
        .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
      jobIds: ids(disputed),
    },
    voids: { count: 0, jobIds: [] },
    jobs: {},
    notes: [
      DSO_NOTE,
      `Weeks run Monday to Sunday in ${timeZone}; durations are measured between instants, so a daylight-saving change never adds or loses an hour.`,
    ],
  }
  const voidedInRange = voided.filter((j) => inRange(j.t.voidedAt, start, end))
  metrics.voids = { count: voidedInRange.length, jobIds: ids(voidedInRange) }
  for (const j of all) if (referenced.has(j.facts.id)) metrics.jobs[j.facts.id] = jobMetrics(j, input)
  return metrics
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
