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
