import type { TechJob } from '../../src-shared/api/lan'
import type { OutboxRecord } from './send-queue'

export interface JobList {
  /** Closeouts on their way or answered: the latest one per job. */
  outbox: OutboxRecord[]
  /** Jobs still to close (or to fix and send again). */
  jobs: TechJob[]
}

const answeredSentBack = (r: OutboxRecord): boolean => r.state === 'sent' && r.answer?.status === 'sent-back'

/**
 * One entry per job, in its latest state: a job resent after a send-back shows once, as the new
 * closeout on its way, not also as the old "Sent back" record and the job card. A job whose
 * latest closeout came back shows as its job card (which says "Sent back"); one whose send
 * failed shows both, the record to say why and the card to try again.
 */
export function jobListEntries(jobs: TechJob[], outbox: OutboxRecord[], technicianId: string): JobList {
  const latest = new Map<string, OutboxRecord>()
  const unscheduled: OutboxRecord[] = []
  for (const r of outbox) {
    if (r.technicianId !== technicianId) continue
    if (r.jobId === null) {
      unscheduled.push(r)
      continue
    }
    const seen = latest.get(r.jobId)
    if (!seen || r.createdAt > seen.createdAt) latest.set(r.jobId, r)
  }
  const openJobs = jobs.filter((j) => {
    const r = latest.get(j.id)
    return !r || r.state === 'failed' || answeredSentBack(r)
  })
  const shownAsCard = new Set(openJobs.map((j) => j.id))
  const records = [...latest.values()].filter((r) => !(answeredSentBack(r) && r.jobId && shownAsCard.has(r.jobId)))
  return {
    outbox: [...records, ...unscheduled].sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
    jobs: openJobs,
  }
}

export type JobGroup = 'today' | 'overdue' | 'upcoming'

const dayKey = (d: Date): string =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`

/**
 * Today, Overdue, Upcoming by the phone's own calendar day. A sent-back job is today's work
 * whatever its date (the office is waiting on it); a job with no date is upcoming. Each group
 * keeps the office's order (by scheduled time).
 */
export function groupJobs(jobs: TechJob[], now = new Date()): Record<JobGroup, TechJob[]> {
  const today = dayKey(now)
  const groups: Record<JobGroup, TechJob[]> = { today: [], overdue: [], upcoming: [] }
  for (const job of jobs) {
    const when = job.scheduledFor ? new Date(job.scheduledFor) : null
    const day = when && !Number.isNaN(when.getTime()) ? dayKey(when) : null
    if (job.sentBack || day === today) groups.today.push(job)
    else if (day !== null && day < today) groups.overdue.push(job)
    else groups.upcoming.push(job)
  }
  return groups
}
