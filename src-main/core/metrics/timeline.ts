import type { Stage } from '../../../src-shared/api/metrics'
import { JOB_EVENT_TYPES, type JobEventType } from '../../../src-shared/domain/events'
import type { JobStatus } from '../../../src-shared/domain/status'

/** One row of the job event log, as metrics read it (event names: src-shared/domain/events.ts). */
export interface MetricEvent {
  id: number
  jobId: string
  at: string
  type: string
  data: Record<string, unknown>
}

export interface ApprovalEpisode {
  requestedAt: number
  decidedAt: number | null
  /** 'other': the wait ended without a decision (an edit re-ran the rules, or a void). */
  decision: 'approved' | 'sent-back' | 'other' | null
}

/** What one job's events say happened to it. Times are epoch milliseconds. */
export interface JobTimeline {
  jobId: string
  /** The first closeout's completedAt: the technician's own clock, with its offset. */
  completedAtIso: string | null
  completedAt: number | null
  receivedAt: number | null
  technicianId: string | null
  submissions: number
  firstReadyAt: number | null
  /** The invoicing still in effect (a voided export batch cancels it). */
  invoicedAt: number | null
  /** The first invoice-sent after the invoicing in effect (and not after `now`). */
  sentAt: number | null
  voidedAt: number | null
  disputedAt: number | null
  disputeReason: string | null
  stageMs: Record<Stage, number>
  sendBacks: number
  edits: number
  manualFixes: number
  /** Touches that happened before the job first became invoice-ready; null if it never did. */
  touchesBeforeReady: number | null
  approvals: ApprovalEpisode[]
  /** When the job entered the stage of its latest status (waiting-age figures). */
  stageSince: number | null
}

/** Which stage of the cycle a job is in while it has a status; null: outside the cycle. */
export function stageOfStatus(status: string): Stage | null {
  switch (status) {
    case 'submitted':
    case 'needs-review':
      return 'review'
    case 'needs-approval':
    case 'approved':
      return 'approval'
    case 'sent-back':
      return 'technician'
    case 'invoice-ready':
    case 'invoiced':
      return 'billing'
    default:
      return null
  }
}

const CLEARS_REVIEW = new Set(['needs-approval', 'approved', 'invoice-ready'])

export function emptyStages(): Record<Stage, number> {
  return { transit: 0, review: 0, approval: 0, technician: 0, billing: 0, sending: 0 }
}

/**
 * What a job's events say before the clock is read: the timeline's moments and counts, and
 * what finishing it needs (the stages it went through, the sends of the invoicing in effect).
 * Plain JSON, so the summary table (metrics.repo, job_timelines) keeps one per job, folded one
 * event at a time as the log grows; finishTimeline turns it into the timeline at a given `now`.
 */
export interface TimelineState {
  t: Omit<JobTimeline, 'sentAt' | 'stageMs'>
  status: string | null
  statusSince: number
  inReview: boolean
  editedInReview: boolean
  /** The approval episode still waiting for a decision (an index into t.approvals), or -1. */
  episode: number
  approvedInEpisode: boolean
  /** Closed stretches of a status: [stage, from, to]. */
  intervals: [Stage, number, number][]
  /** The invoice-sent times since the invoicing in effect, in log order. */
  sends: number[]
}

/** Event types that change no figure: left unread (any other type, a new one too, is read). */
const NOT_METRIC_EVENTS = new Set<JobEventType>(['job-created', 'job-updated', 'closeout-moved', 'payment-recorded'])
export const METRIC_EVENT_TYPES: readonly string[] = JOB_EVENT_TYPES.filter((t) => !NOT_METRIC_EVENTS.has(t))

/**
 * The fields of an event's data that metrics read, as SQLite's json_extract hands them over
 * (an object or a list as its JSON text, true/false as 1/0), so a state folded when the event
 * is written equals one folded from the log.
 */
export function metricEventData(type: string, data: Record<string, unknown>): Record<string, unknown> {
  switch (type) {
    case 'status-changed':
      return { to: asExtracted(data.to) }
    case 'submission-received':
      return { completedAt: asExtracted(data.completedAt), technicianId: asExtracted(data.technicianId) }
    case 'disputed':
      return { reason: asExtracted(data.reason) }
    default:
      return {}
  }
}

function asExtracted(value: unknown): unknown {
  if (value === undefined || value === null) return null
  if (typeof value === 'boolean') return value ? 1 : 0
  if (typeof value === 'object') return JSON.stringify(value)
  return value
}

export function emptyTimelineState(jobId: string): TimelineState {
  return {
    t: {
      jobId,
      completedAtIso: null,
      completedAt: null,
      receivedAt: null,
      technicianId: null,
      submissions: 0,
      firstReadyAt: null,
      invoicedAt: null,
      voidedAt: null,
      disputedAt: null,
      disputeReason: null,
      sendBacks: 0,
      edits: 0,
      manualFixes: 0,
      touchesBeforeReady: null,
      approvals: [],
      stageSince: null,
    },
    status: null,
    statusSince: 0,
    inReview: false,
    editedInReview: false,
    episode: -1,
    approvedInEpisode: false,
    intervals: [],
    sends: [],
  }
}

/** Folds one event (the next in log order) into the state. */
export function foldEvent(s: TimelineState, e: Pick<MetricEvent, 'at' | 'type' | 'data'>): void {
  const t = s.t
  const at = Date.parse(e.at)
  switch (e.type) {
    case 'submission-received': {
      t.submissions++
      if (t.receivedAt === null) {
        t.receivedAt = at
        const completed = typeof e.data.completedAt === 'string' ? Date.parse(e.data.completedAt) : NaN
        t.completedAtIso = Number.isNaN(completed) ? null : (e.data.completedAt as string)
        t.completedAt = Number.isNaN(completed) ? null : completed
        t.technicianId = typeof e.data.technicianId === 'string' ? e.data.technicianId : null
      }
      break
    }
    case 'sent-back':
      t.sendBacks++
      break
    case 'lines-edited':
      t.edits++
      if (s.inReview) s.editedInReview = true
      break
    case 'approved':
      if (s.episode >= 0) s.approvedInEpisode = true
      break
    case 'invoiced':
      t.invoicedAt = at
      s.sends = []
      break
    case 'batch-voided':
      t.invoicedAt = null
      s.sends = []
      break
    case 'invoice-sent':
      // A "send again" does not move the clock; a send from a batch later voided does not count.
      if (t.invoicedAt !== null && !Number.isNaN(at)) s.sends.push(at)
      break
    case 'voided':
      t.voidedAt = at
      break
    case 'disputed':
      t.disputedAt = at
      t.disputeReason = typeof e.data.reason === 'string' ? e.data.reason.trim() : null
      break
    case 'status-changed': {
      const to = typeof e.data.to === 'string' ? e.data.to : ''
      const before = s.status === null ? null : stageOfStatus(s.status)
      const after = stageOfStatus(to)
      // A job has one status at a time: a change stamped before the status it replaces began
      // (a closeout stamped with its arrival, ingested after the office had worked on the job)
      // starts when that status began, so no stretch is counted twice.
      const since = s.status === null ? at : Math.max(at, s.statusSince)
      if (before) closeStretch(s.intervals, before, s.statusSince, since)
      if (before !== after) t.stageSince = since
      s.status = to
      s.statusSince = since

      if (to === 'needs-review' || to === 'submitted') {
        if (!s.inReview && to === 'needs-review') {
          s.inReview = true
          s.editedInReview = false
        }
      } else if (s.inReview) {
        if (CLEARS_REVIEW.has(to) && !s.editedInReview) t.manualFixes++
        s.inReview = false
      }

      if (to === 'needs-approval' && s.episode < 0) {
        t.approvals.push({ requestedAt: at, decidedAt: null, decision: null })
        s.episode = t.approvals.length - 1
        s.approvedInEpisode = false
      } else if (s.episode >= 0 && to !== 'needs-approval') {
        const episode = t.approvals[s.episode]!
        episode.decidedAt = at
        episode.decision =
          to === 'approved' || (to === 'invoice-ready' && s.approvedInEpisode)
            ? 'approved'
            : to === 'sent-back'
              ? 'sent-back'
              : 'other'
        s.episode = -1
      }

      if (to === 'invoice-ready' && t.firstReadyAt === null) {
        t.firstReadyAt = at
        t.touchesBeforeReady = t.sendBacks + t.edits + t.manualFixes
      }
      break
    }
  }
}

/**
 * Adds a closed stretch [from, to) of a stage. An empty stretch adds nothing to any figure and
 * is left out; one that continues the last stretch of the same stage extends it (the stage time
 * of the two equals that of the one, wherever the job's arrival and end cut it). So a job's
 * summary stays as small as its changes of stage, however many times it is sent back and forth.
 */
function closeStretch(intervals: [Stage, number, number][], stage: Stage, from: number, to: number): void {
  if (!(to > from)) return
  const last = intervals[intervals.length - 1]
  if (last && last[0] === stage && last[2] === from) last[2] = to
  else intervals.push([stage, from, to])
}

/**
 * The timeline at `now`. The state is left as it was (a cached summary is finished again at
 * another `now`); the timeline shares its approvals, which nothing changes. Stage time is
 * counted from the first closeout's arrival to the invoicing in effect, or to `now` for a job
 * still open; time spent `invoiced` in a batch that was later voided counts as waiting on
 * billing. From the export to the first send of that invoice (not after `now`) is the stage
 * `sending`.
 */
export function finishTimeline(s: TimelineState, now: number): JobTimeline {
  const f = s.t
  // A literal, not a spread: every timeline has one shape, so the figures' loops stay fast.
  const t: JobTimeline = {
    jobId: f.jobId,
    completedAtIso: f.completedAtIso,
    completedAt: f.completedAt,
    receivedAt: f.receivedAt,
    technicianId: f.technicianId,
    submissions: f.submissions,
    firstReadyAt: f.firstReadyAt,
    invoicedAt: f.invoicedAt,
    sentAt: null,
    voidedAt: f.voidedAt,
    disputedAt: f.disputedAt,
    disputeReason: f.disputeReason,
    stageMs: emptyStages(),
    sendBacks: f.sendBacks,
    edits: f.edits,
    manualFixes: f.manualFixes,
    touchesBeforeReady: f.touchesBeforeReady,
    approvals: f.approvals,
    stageSince: f.stageSince,
  }
  for (const at of s.sends)
    if (at <= now) {
      t.sentAt = at
      break
    }
  if (t.receivedAt !== null) {
    const end = t.invoicedAt ?? t.voidedAt ?? now
    for (const [stage, ivFrom, ivTo] of s.intervals) {
      const from = Math.max(ivFrom, t.receivedAt)
      const to = Math.min(ivTo, end)
      if (to > from) t.stageMs[stage] += to - from
    }
    // The stretch of the status the job still has, up to now.
    const current = s.status === null ? null : stageOfStatus(s.status)
    if (current) {
      const from = Math.max(s.statusSince, t.receivedAt)
      const to = Math.min(Math.max(s.statusSince, now), end)
      if (to > from) t.stageMs[current] += to - from
    }
    if (t.completedAt !== null) t.stageMs.transit = Math.max(0, t.receivedAt - t.completedAt)
    if (t.invoicedAt !== null && t.sentAt !== null) t.stageMs.sending = Math.max(0, t.sentAt - t.invoicedAt)
  }
  return t
}

/** Folds one job's events (in log order) into its timeline at `now` (see finishTimeline). */
export function buildTimeline(jobId: string, events: readonly MetricEvent[], now: number): JobTimeline {
  const s = emptyTimelineState(jobId)
  for (const e of events) foldEvent(s, e)
  return finishTimeline(s, now)
}

export function touchesOf(t: JobTimeline): number {
  return t.sendBacks + t.edits + t.manualFixes
}

/** What the office knows about a job beside its events (the jobs table). */
export interface JobFacts {
  id: string
  status: JobStatus
  customer: string | null
  technicianId: string | null
  jobTypeId: string | null
  disputeReason: string | null
}

export interface Job {
  facts: JobFacts
  t: JobTimeline
}

export const seconds = (ms: number): number => Math.max(0, Math.round(ms / 1000))

/** When the job's clock stops: its first send where one is recorded, else its export. */
export function cycleEndAt(t: JobTimeline): number | null {
  return t.invoicedAt === null ? null : (t.sentAt ?? t.invoicedAt)
}

export function cycleSeconds(t: JobTimeline): number | null {
  const end = cycleEndAt(t)
  return end !== null && t.completedAt !== null ? seconds(end - t.completedAt) : null
}

/**
 * The jobs in id order (the order of `all`, whose place each job holds in `rank`): a list
 * filtered from `all` already is, and is only checked, not sorted again.
 */
export function inIdOrder(jobs: readonly Job[], rank: ReadonlyMap<Job, number>): readonly Job[] {
  for (let i = 1; i < jobs.length; i++)
    if (rank.get(jobs[i - 1]!)! > rank.get(jobs[i]!)!) return [...jobs].sort((a, b) => rank.get(a)! - rank.get(b)!)
  return jobs
}
