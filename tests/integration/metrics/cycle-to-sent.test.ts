import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyEventLogIn } from '../../../src-main/core/lifecycle/event-log'
import { getMetrics, getMetricsJobs } from '../../../src-main/core/metrics/metrics.service'
import type { Office } from '../../../src-main/core/office'
import { FROM, JOBS, NOW, TIME_ZONE, TO, type FixtureEvent, type FixtureJob } from '../../fixtures/metrics/history'
import { seedHistory } from '../../fixtures/metrics/seed'
import { tempOffice } from '../../support/temp-office'

/**
 * The fixed history of tests/fixtures/metrics/history.ts, plus packets sent from Closeout
 * (invoice-sent events). The clock of a sent job stops at its first send of the invoice in
 * effect; a job exported but never sent keeps stopping at the export (docs/metrics.md).
 */
const H = 3600
const sent = (at: string, invoiceNumber: string, again = false): FixtureEvent => ({
  at: new Date(at).toISOString(),
  type: 'invoice-sent',
  data: {
    invoiceNumber,
    to: ['ap@example.com'],
    messageId: `<${invoiceNumber}@test>`,
    mode: 'smtp',
    ...(again ? { again } : {}),
  },
})
const SENDS: Record<string, FixtureEvent[]> = {
  // Exported 10-28 15:00Z, sent 2 h later: 24 h + 2 h.
  'J-1042': [sent('2026-10-28T17:00:00Z', 'INV-1042')],
  // Exported 11-02 06:00Z, sent 9 h later; the "send again" the next day does not move the clock.
  'J-1044': [sent('2026-11-02T15:00:00Z', 'INV-1044'), sent('2026-11-03T15:00:00Z', 'INV-1044', true)],
  // Sent from the batch that was later voided (does not count), sent again 2 h after the re-export.
  'J-1052': [sent('2026-11-03T21:00:00Z', 'INV-1052'), sent('2026-11-05T16:00:00Z', 'INV-1052', true)],
}
const WITH_SENDS: FixtureJob[] = JOBS.map((j) => ({ ...j, events: [...j.events, ...(SENDS[j.id] ?? [])] }))

/** The details of the jobs invoiced in the range (metrics.jobs behind cycleTime), by id. */
async function invoicedJobs(now: string) {
  const page = await getMetricsJobs(
    office,
    { from: FROM, to: TO, figure: 'cycleTime', page: 0, limit: 500 },
    Date.parse(now),
  )
  return Object.fromEntries(page.jobs.map((j) => [j.id, j]))
}

let office: Office
let dispose: () => Promise<void>

beforeAll(async () => {
  const temp = await tempOffice()
  office = temp.office
  dispose = temp.dispose
  await seedHistory(office, WITH_SENDS, TIME_ZONE)
})
afterAll(async () => {
  await dispose()
})

describe('cycle time ends at the send where one is recorded', () => {
  it('stops the clock at the first send of the invoice in effect, at the export otherwise', async () => {
    const m = await getMetrics(office, { from: FROM, to: TO }, Date.parse(NOW))

    expect((await verifyEventLogIn(office.db)).ok).toBe(true)
    // 15.5 (J-1046, exported), 24 (J-1043, exported), 26 (J-1042), 44 (J-1045, exported), 50 (J-1052), 88 (J-1044)
    expect(m.cycleTime).toEqual({
      count: 6,
      sent: 3,
      medianSeconds: 35 * H,
      p90Seconds: 69 * H,
      jobIds: ['J-1042', 'J-1043', 'J-1044', 'J-1045', 'J-1046', 'J-1052'],
    })
    expect(m.weekly).toEqual([
      {
        weekStart: '2026-10-26',
        invoiced: 3,
        sent: 1,
        medianSeconds: 24 * H,
        p90Seconds: 25.6 * H,
        jobIds: ['J-1042', 'J-1043', 'J-1046'],
      },
      // 44, 50, 88: p90 = 50 + 0.8 * 38
      {
        weekStart: '2026-11-02',
        invoiced: 3,
        sent: 2,
        medianSeconds: 50 * H,
        p90Seconds: 80.4 * H,
        jobIds: ['J-1044', 'J-1045', 'J-1052'],
      },
    ])
    expect(m.headline.thisWeek).toMatchObject({ weekStart: '2026-11-02', invoiced: 3, sent: 2, medianSeconds: 50 * H })
    const jobs = await invoicedJobs(NOW)
    expect(jobs['J-1044']).toMatchObject({
      invoicedAt: '2026-11-02T06:00:00.000Z',
      sentAt: '2026-11-02T15:00:00.000Z',
      cycleEnd: 'sent',
      cycleSeconds: 88 * H,
    })
    expect(jobs['J-1052']).toMatchObject({
      sentAt: '2026-11-05T16:00:00.000Z',
      cycleEnd: 'sent',
      cycleSeconds: 50 * H,
    })
    expect(jobs['J-1046']).toMatchObject({ sentAt: null, cycleEnd: 'exported', cycleSeconds: 15.5 * H })
  })

  it('adds the stage "waiting to be sent" (exported → sent), and the stages still add up', async () => {
    const m = await getMetrics(office, { from: FROM, to: TO }, Date.parse(NOW))

    expect(m.stages.map((s) => s.stage)).toEqual(['transit', 'review', 'approval', 'technician', 'billing', 'sending'])
    // 2 h + 9 h + 2 h over the six jobs; zeros included: 0, 0, 0, 2, 2, 9 h
    expect(m.stages.at(-1)).toEqual({
      stage: 'sending',
      totalSeconds: 13 * H,
      share: 0.0525,
      meanSeconds: 7800,
      medianSeconds: 3600,
      jobIds: ['J-1042', 'J-1044', 'J-1052'],
    })
    // Billing still ends at the export.
    expect(m.stages.find((s) => s.stage === 'billing')?.totalSeconds).toBe(564_600)
    const jobs = await invoicedJobs(NOW)
    expect(jobs['J-1044']?.stages).toMatchObject({ billing: 52 * H, sending: 9 * H })
    for (const id of m.cycleTime.jobIds) {
      const job = jobs[id]!
      expect(Object.values(job.stages).reduce((a, b) => a + b, 0)).toBe(job.cycleSeconds)
    }
    expect(m.stages.reduce((a, s) => a + s.totalSeconds, 0)).toBe(247.5 * H)
  })

  it('does not count a send recorded after the moment the figures describe', async () => {
    const before = await invoicedJobs('2026-11-02T12:00:00Z')

    expect(before['J-1044']).toMatchObject({ sentAt: null, cycleEnd: 'exported', cycleSeconds: 79 * H })
  })
})
