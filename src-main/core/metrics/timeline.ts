import type { Stage } from '../../../src-shared/api/metrics'
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
 * Folds one job's events (in log order) into its timeline. Stage time is counted from the first
 * closeout's arrival to the invoicing in effect, or to `now` for a job still open; time spent
 * `invoiced` in a batch that was later voided counts as waiting on billing. From the export to
 * the first send of that invoice is the stage `sending`.
 */
export function buildTimeline(jobId: string, events: readonly MetricEvent[], now: number): JobTimeline {
  const t: JobTimeline = {
    jobId,
    completedAtIso: null,
    completedAt: null,
    receivedAt: null,
    technicianId: null,
    submissions: 0,
    firstReadyAt: null,
    invoicedAt: null,
    sentAt: null,
    voidedAt: null,
    disputedAt: null,
    disputeReason: null,
    stageMs: emptyStages(),
    sendBacks: 0,
    edits: 0,
    manualFixes: 0,
    touchesBeforeReady: null,
    approvals: [],
    stageSince: null,
  }
  let status: string | null = null
  let statusSince = 0
  let inReview = false
  let editedInReview = false
  let episode: ApprovalEpisode | null = null
  let approvedInEpisode = false
  const intervals: { stage: Stage; from: number; to: number }[] = []

  for (const e of events) {
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
        if (inReview) editedInReview = true
        break
      case 'approved':
        if (episode) approvedInEpisode = true
        break
      case 'invoiced':
        t.invoicedAt = at
        t.sentAt = null
        break
      case 'batch-voided':
        t.invoicedAt = null
        t.sentAt = null
        break
      case 'invoice-sent':
        // A "send again" does not move the clock; a send from a batch later voided does not count.
        if (t.invoicedAt !== null && t.sentAt === null && at <= now) t.sentAt = at
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
        const before = status === null ? null : stageOfStatus(status)
        const after = stageOfStatus(to)
        if (status !== null && before) intervals.push({ stage: before, from: statusSince, to: at })
        if (before !== after) t.stageSince = at
        status = to
        statusSince = at

        if (to === 'needs-review' || to === 'submitted') {
          if (!inReview && to === 'needs-review') {
            inReview = true
            editedInReview = false
          }
        } else if (inReview) {
          if (CLEARS_REVIEW.has(to) && !editedInReview) t.manualFixes++
          inReview = false
        }

        if (to === 'needs-approval' && !episode) {
          episode = { requestedAt: at, decidedAt: null, decision: null }
          approvedInEpisode = false
          t.approvals.push(episode)
        } else if (episode && to !== 'needs-approval') {
          episode.decidedAt = at
          episode.decision =
            to === 'approved' || (to === 'invoice-ready' && approvedInEpisode)
              ? 'approved'
              : to === 'sent-back'
                ? 'sent-back'
                : 'other'
          episode = null
        }

        if (to === 'invoice-ready' && t.firstReadyAt === null) {
          t.firstReadyAt = at
          t.touchesBeforeReady = t.sendBacks + t.edits + t.manualFixes
        }
        break
      }
    }
  }
  if (status !== null) {
    const stage = stageOfStatus(status)
    if (stage) intervals.push({ stage, from: statusSince, to: Math.max(statusSince, now) })
  }
  if (t.receivedAt !== null) {
    const end = t.invoicedAt ?? t.voidedAt ?? now
    for (const iv of intervals) {
      const from = Math.max(iv.from, t.receivedAt)
      const to = Math.min(iv.to, end)
      if (to > from) t.stageMs[iv.stage] += to - from
    }
    if (t.completedAt !== null) t.stageMs.transit = Math.max(0, t.receivedAt - t.completedAt)
    if (t.invoicedAt !== null && t.sentAt !== null) t.stageMs.sending = Math.max(0, t.sentAt - t.invoicedAt)
  }
  return t
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
