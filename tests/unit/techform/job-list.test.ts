import { describe, expect, it } from 'vitest'
import { groupJobs, jobListEntries } from '../../../src-renderer/techform/job-list'
import type { OutboxRecord } from '../../../src-renderer/techform/send-queue'
import { job } from './fixtures'

function record(id: string, createdAt: string, over: Partial<OutboxRecord> = {}): OutboxRecord {
  return {
    submissionId: id,
    technicianId: 'T-07',
    jobId: 'J-1057',
    title: 'Acme Dental',
    subtitle: 'J-1057',
    createdAt,
    state: 'sent',
    document: null,
    files: [],
    attempts: 1,
    nextAttemptAt: 0,
    lastError: null,
    answer: null,
    ...over,
  }
}
const sentBack = { submissionId: 'a', status: 'sent-back' as const, receipt: null }
const reopened = job({
  status: 'sent-back',
  sentBack: { submissionId: 'a', comment: 'Fix', closeout: null, findings: [] },
})

describe('the job list: one entry per job in its latest state', () => {
  it('a sent-back job shows once, as its card', () => {
    const list = jobListEntries([reopened], [record('a', '2026-11-30T10:00:00Z', { answer: sentBack })], 'T-07')
    expect(list.jobs.map((j) => j.id)).toEqual(['J-1057'])
    expect(list.outbox).toEqual([])
  })

  it('once resent, only the new closeout on its way shows', () => {
    const list = jobListEntries(
      [reopened],
      [record('a', '2026-11-30T10:00:00Z', { answer: sentBack }), record('b', '2026-11-30T12:00:00Z')],
      'T-07',
    )
    expect(list.jobs).toEqual([])
    expect(list.outbox.map((r) => r.submissionId)).toEqual(['b'])
  })

  it('a failed send shows the record and the card; other technicians are not listed', () => {
    const list = jobListEntries(
      [job()],
      [
        record('c', '2026-11-30T12:00:00Z', { state: 'failed' }),
        record('d', '2026-11-30T13:00:00Z', { technicianId: 'T-08' }),
      ],
      'T-07',
    )
    expect(list.jobs.map((j) => j.id)).toEqual(['J-1057'])
    expect(list.outbox.map((r) => r.submissionId)).toEqual(['c'])
  })
})

describe('the job list grouped Today, Overdue, Upcoming', () => {
  const at = (id: string, scheduledFor: string | null) => job({ id, scheduledFor })
  it("by the phone's calendar day; sent-back jobs are today's work; undated jobs are upcoming", () => {
    const now = new Date(2026, 11, 5, 9, 0)
    const local = (d: number, h: number) => new Date(2026, 11, d, h, 30).toISOString()
    const groups = groupJobs(
      [
        at('J-1', local(4, 16)),
        at('J-2', local(5, 8)),
        at('J-3', local(5, 17)),
        at('J-4', local(6, 7)),
        at('J-5', null),
        job({ ...reopened, id: 'J-6', scheduledFor: local(1, 9) }),
      ],
      now,
    )
    expect(groups.today.map((j) => j.id)).toEqual(['J-2', 'J-3', 'J-6'])
    expect(groups.overdue.map((j) => j.id)).toEqual(['J-1'])
    expect(groups.upcoming.map((j) => j.id)).toEqual(['J-4', 'J-5'])
  })
})
