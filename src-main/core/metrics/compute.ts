import { STAGES, type GroupRow, type Metrics } from '../../../src-shared/api/metrics'
import type { JobStatus } from '../../../src-shared/domain/status'
import { groupRows, INVOICED, READY, RECEIVED, type GroupKey } from './groups'
import { median, percentileOfSorted, perUnit, ratio, sortedValues } from './stats'
import {
  buildTimeline,
  cycleSeconds,
  emptyTimelineState,
  finishTimeline,
  seconds,
  stageOfStatus,
  touchesOf,
  type Job,
  type JobTimeline,
  type JobFacts,
  type MetricEvent,
  type TimelineState,
} from './timeline'
import { addDays, mondayOf, startOfDay } from './zoned-time'

type Week = Metrics['weekly'][number]

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
  return computeFigures(input).metrics
}

/**
 * Timelines no later `now` changes, by the summary they finish: a job invoiced or voided reads
 * the same at any moment after that and after its sends. Summaries kept between calls
 * (summary-cache.ts) are finished once, not on every reload.
 */
const settled = new WeakMap<TimelineState, { t: JobTimeline; from: number }>()

function finished(state: TimelineState, now: number): JobTimeline {
  const known = settled.get(state)
  if (known && now >= known.from) return known.t
  const t = finishTimeline(state, now)
  const end = state.t.invoicedAt ?? state.t.voidedAt
  if (end !== null) {
    let from = end
    for (const at of state.sends) if (at > from) from = at
    if (now >= from) settled.set(state, { t, from })
  }
  return t
}

/** A week's figures from its jobs (invoiced that week, in id order). */
function weekFigure(monday: string, jobs: readonly Job[]): Week {
  let sent = 0
  const cycles: number[] = []
  for (const j of jobs) {
    cycles.push(cycleSeconds(j.t)!)
    if (j.t.sentAt !== null) sent++
  }
  const sorted = sortedValues(cycles)
  return {
    weekStart: monday,
    invoiced: jobs.length,
    sent,
    medianSeconds: percentileOfSorted(sorted, 0.5),
    p90Seconds: percentileOfSorted(sorted, 0.9),
    jobIds: jobs.map((j) => j.facts.id),
  }
}

/**
 * The figures and the jobs they were made from. Each job's timeline is finished once and the
 * jobs are sorted into the range's lists and its weeks in one pass over the jobs in id order:
 * every list is a filter of that order, so its ids come out sorted without sorting.
 */
export function computeFigures(input: MetricsInput): { metrics: Metrics; all: readonly Job[] } {
  const { timeZone, now } = input
  const start = startOfDay(input.from, timeZone)
  const end = startOfDay(addDays(input.to, 1), timeZone)
  const byJob = new Map<string, MetricEvent[]>()
  for (const e of input.events) {
    const list = byJob.get(e.jobId)
    if (list) list.push(e)
    else byJob.set(e.jobId, [e])
  }
  const all: Job[] = input.jobs
    .map((facts) => ({
      facts,
      t: input.states
        ? finished(input.states.get(facts.id) ?? emptyTimelineState(facts.id), now)
        : buildTimeline(facts.id, byJob.get(facts.id) ?? [], now),
    }))
    .sort((a, b) => (a.facts.id < b.facts.id ? -1 : a.facts.id > b.facts.id ? 1 : 0))

  // The weeks: those of the range, and the week before the range's last (the headline's last week).
  const thisMonday = mondayOf(input.to)
  const firstMonday = mondayOf(input.from) < addDays(thisMonday, -7) ? mondayOf(input.from) : addDays(thisMonday, -7)
  const mondays: string[] = []
  for (let monday = firstMonday; monday <= thisMonday; monday = addDays(monday, 7)) mondays.push(monday)
  const bounds = [...mondays.map((m) => startOfDay(m, timeZone)), startOfDay(addDays(thisMonday, 7), timeZone)]
  const weekJobs: Job[][] = mondays.map(() => [])

  const voidedInRange: Job[] = []
  const live: Job[] = []
  const invoiced: Job[] = []
  const received: Job[] = []
  const ready: Job[] = []
  // Received, invoiced or first ready in the range: the jobs of the per-technician and per-type rows.
  const active: Job[] = []
  const roles: number[] = []
  for (const j of all) {
    const t = j.t
    if (t.voidedAt !== null || j.facts.status === 'void') {
      if (inRange(t.voidedAt, start, end)) voidedInRange.push(j)
      continue
    }
    live.push(j)
    let role = 0
    if (t.invoicedAt !== null && t.completedAt !== null) {
      if (inRange(t.invoicedAt, start, end)) {
        invoiced.push(j)
        role |= INVOICED
      }
      if (inRange(t.invoicedAt, bounds[0]!, bounds[bounds.length - 1]!)) {
        let w = 0
        while (t.invoicedAt >= bounds[w + 1]!) w++
        weekJobs[w]!.push(j)
      }
    }
    if (inRange(t.receivedAt, start, end)) {
      received.push(j)
      role |= RECEIVED
    }
    if (inRange(t.firstReadyAt, start, end)) {
      ready.push(j)
      role |= READY
    }
    if (role !== 0) {
      active.push(j)
      roles.push(role)
    }
  }
  const ids = (jobs: readonly Job[]): string[] => jobs.map((j) => j.facts.id)

  const firstWeek = mondays.indexOf(mondayOf(input.from))
  const weekly = mondays.slice(firstWeek).map((monday, i) => weekFigure(monday, weekJobs[firstWeek + i]!))

  const waiting = (jobs: readonly Job[]) => {
    let oldest: { id: string; age: number | null } | null = null
    for (const j of jobs) {
      const age = j.t.stageSince === null ? null : seconds(now - j.t.stageSince)
      if (oldest === null || (age ?? -1) > (oldest.age ?? -1)) oldest = { id: j.facts.id, age }
    }
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

  // The invoiced jobs, once: cycle times, each stage's seconds, touches, sends, disputes.
  const n = invoiced.length
  const cycles = new Float64Array(n)
  const stageSeconds = STAGES.map(() => new Float64Array(n))
  const stageJobs = STAGES.map((): Job[] => [])
  const stageTotals = STAGES.map(() => 0)
  let totalCycle = 0
  let sent = 0
  let touches = 0
  let edits = 0
  let sendBacks = 0
  let manualFixes = 0
  const touched: Job[] = []
  const disputed: Job[] = []
  for (let i = 0; i < n; i++) {
    const j = invoiced[i]!
    const t = j.t
    const cycle = cycleSeconds(t)!
    cycles[i] = cycle
    totalCycle += cycle
    if (t.sentAt !== null) sent++
    for (let k = 0; k < STAGES.length; k++) {
      const ms = t.stageMs[STAGES[k]!]
      const secs = seconds(ms)
      stageSeconds[k]![i] = secs
      stageTotals[k]! += secs
      if (ms > 0) stageJobs[k]!.push(j)
    }
    const jobTouches = touchesOf(t)
    touches += jobTouches
    edits += t.edits
    sendBacks += t.sendBacks
    manualFixes += t.manualFixes
    if (jobTouches > 0) touched.push(j)
    if (t.disputedAt !== null || j.facts.disputeReason !== null) disputed.push(j)
  }
  cycles.sort()
  const stages = STAGES.map((stage, k) => {
    const total = stageTotals[k]!
    return {
      stage,
      totalSeconds: total,
      share: totalCycle === 0 ? null : Math.round((total / totalCycle) * 10_000) / 10_000,
      meanSeconds: n === 0 ? null : Math.round(total / n),
      medianSeconds: percentileOfSorted(stageSeconds[k]!.sort(), 0.5),
      jobIds: ids(stageJobs[k]!),
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

  const touchesFigure = {
    total: touches,
    edits,
    sendBacks,
    manualFixes,
    invoices: n,
    perInvoice: perUnit(touches, n),
    jobIds: ids(touched),
  }

  const decisions: { job: Job; decision: 'approved' | 'sent-back'; wait: number }[] = []
  for (const j of live)
    for (const a of j.t.approvals)
      if ((a.decision === 'approved' || a.decision === 'sent-back') && inRange(a.decidedAt, start, end))
        decisions.push({ job: j, decision: a.decision, wait: seconds(a.decidedAt - a.requestedAt) })
  const waits = decisions.map((d) => d.wait)
  const sortedWaits = sortedValues(waits)
  const neededApproval = received.filter((j) => j.t.approvals.length > 0)

  const right = ready.filter((j) => j.t.touchesBeforeReady === 0)
  const reasons = new Map<string, Job[]>()
  for (const j of disputed) {
    const reason = j.t.disputeReason ?? j.facts.disputeReason?.trim() ?? ''
    const list = reasons.get(reason)
    if (list) list.push(j)
    else reasons.set(reason, [j])
  }

  const groups = (key: GroupKey, names: Readonly<Record<string, string>>, fallback: string): GroupRow[] =>
    groupRows({ key, names, fallback, active, roles: Uint8Array.from(roles) })
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
      thisWeek: weekFigure(thisMonday, weekJobs[mondays.length - 1]!),
      lastWeek: weekFigure(mondays[mondays.length - 2]!, weekJobs[mondays.length - 2]!),
      invoiceReadyWaiting: waiting(inStatus('invoice-ready')),
      approvalsWaiting: {
        ...waiting(approvalsWaitingJobs),
        overSla: approvalsWaitingJobs.filter((j) => j.t.stageSince !== null && now - j.t.stageSince > slaSeconds * 1000)
          .length,
      },
      touchesPerInvoice: {
        touches,
        invoices: n,
        perInvoice: touchesFigure.perInvoice,
        jobIds: touchesFigure.jobIds,
      },
    },
    cycleTime: {
      count: n,
      sent,
      medianSeconds: percentileOfSorted(cycles, 0.5),
      p90Seconds: percentileOfSorted(cycles, 0.9),
      jobIds: ids(invoiced),
    },
    stages,
    waitingNow,
    weekly,
    approvals: {
      needed: { ...ratio(neededApproval.length, received.length), jobIds: ids(neededApproval) },
      decisions: {
        count: decisions.length,
        medianSeconds: percentileOfSorted(sortedWaits, 0.5),
        p90Seconds: percentileOfSorted(sortedWaits, 0.9),
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
      ...ratio(disputed.length, n),
      reasons: [...reasons]
        .map(([reason, jobs]) => ({ reason, count: jobs.length, jobIds: ids(jobs) }))
        .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
      jobIds: ids(disputed),
    },
    voids: { count: voidedInRange.length, jobIds: ids(voidedInRange) },
    notes: [
      DSO_NOTE,
      `Weeks run Monday to Sunday in ${timeZone}; durations are measured between instants, so a daylight-saving change never adds or loses an hour.`,
    ],
  }
  return { metrics, all }
}
