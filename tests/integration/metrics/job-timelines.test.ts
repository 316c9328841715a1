import { isDeepStrictEqual } from 'node:util'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { approveJob } from '../../../src-main/core/approvals/decisions'
import { withTransaction } from '../../../src-main/core/db/engine-db'
import { appendEventIn } from '../../../src-main/core/lifecycle/event-log'
import { runExport, voidBatch } from '../../../src-main/core/exports/export-batches'
import { voidJob } from '../../../src-main/core/jobs/void-job'
import { computeMetrics } from '../../../src-main/core/metrics/compute'
import { disputeJob } from '../../../src-main/core/metrics/dispute'
import { loadMetricRows, loadMetricSummaries } from '../../../src-main/core/metrics/metrics-reads.repo'
import { refoldSummaryIfStale, TIMELINE_FOLD_VERSION } from '../../../src-main/core/metrics/metrics.repo'
import { resolveRange } from '../../../src-main/core/metrics/metrics.service'
import { emptyTimelineState, foldEvent, type TimelineState } from '../../../src-main/core/metrics/timeline'
import { addDays, mondayOf, startOfDay } from '../../../src-main/core/metrics/zoned-time'
import { openOffice, type SqliteOffice } from '../../../src-main/core/office'
import { rebuildFromArchive } from '../../../src-main/core/rebuild/rebuild-from-archive'
import { exportSetup } from '../../../src-main/core/setup/setup-export'
import { importSetup } from '../../../src-main/core/setup/setup-import'
import { demoOffice } from '../backup/demo-office'

/**
 * The dashboard reads job_timelines, a summary of the event log kept by appendEventIn in each
 * event's transaction (docs/metrics.md). It must always say what a fold of the whole log says,
 * whatever happened: exports, a batch voided and its jobs exported again, approvals, disputes,
 * voids, a rebuild from the shared folder's archive; and the figures read from it must be the
 * figures read from the log.
 */

/** What the summary table holds, job by job. */
function summary(office: SqliteOffice): Map<string, TimelineState> {
  const rows = office.sqlite.prepare('SELECT job_id, state_json FROM job_timelines ORDER BY job_id').all() as {
    job_id: string
    state_json: string
  }[]
  return new Map(rows.map((r) => [r.job_id, JSON.parse(r.state_json) as TimelineState]))
}

/** The same, rebuilt from the log the way the dashboard used to read it (json_extract, log order). */
async function foldedFromLog(office: SqliteOffice): Promise<Map<string, TimelineState>> {
  const { events } = await loadMetricRows(office, '0000', '9999')
  const states = new Map<string, TimelineState>()
  for (const e of events) {
    let state = states.get(e.jobId)
    if (!state) states.set(e.jobId, (state = emptyTimelineState(e.jobId)))
    foldEvent(state, e)
  }
  return new Map([...states].sort(([a], [b]) => (a < b ? -1 : 1)))
}

/** The dashboard's whole answer both ways, for a few ranges and moments. */
async function expectSameFigures(office: SqliteOffice, lived: boolean): Promise<void> {
  const timeZone = 'America/Chicago'
  const latest = office.sqlite.prepare('SELECT max(at) FROM job_events').pluck().get() as string
  for (const now of [Date.parse(latest) + 3600_000, Date.parse(latest) - 20 * 86400_000])
    for (const range of [{}, { from: new Date(now - 27 * 86400_000).toISOString().slice(0, 10) }]) {
      const { from, to } = resolveRange(range, timeZone, now)
      const since = new Date(Math.min(startOfDay(from, timeZone), startOfDay(addDays(mondayOf(to), -7), timeZone)))
      const until = new Date(startOfDay(addDays(to, 1), timeZone))
      const common = { from, to, timeZone, now, approvalSlaHours: 4 }
      const fromLog = computeMetrics({
        ...(await loadMetricRows(office, since.toISOString(), until.toISOString())),
        ...common,
      })
      const fromSummary = computeMetrics({
        ...(await loadMetricSummaries(office, since.toISOString(), until.toISOString())),
        ...common,
      })
      expect(isDeepStrictEqual(fromSummary, fromLog), `${new Date(now).toISOString()} ${JSON.stringify(range)}`).toBe(
        true,
      )
      // Something to compare: invoices in the range (a rebuilt office's log starts today: its jobs wait).
      if (lived) expect(fromLog.cycleTime.count).toBeGreaterThan(0)
      else expect(fromLog.waitingNow.some((w) => w.count > 0)).toBe(true)
    }
}

describe('the dashboard summary (job_timelines)', () => {
  it('equals a fold of the log after a mixed history, and after a rebuild from the archive', async () => {
    const demo = await demoOffice()
    const folders = demo.folders
    let office = demo.office
    try {
      // A mixed day on top of the demo's twelve weeks: an export, its batch voided and the jobs
      // exported again, an approval, a dispute on an invoiced job, a void.
      const first = await runExport(office, { format: 'qbo-csv', user: 'U-1', skipBlocked: true })
      await first.receipts
      await voidBatch(office, first.batch.id, 'QuickBooks refused the file', 'U-1')
      const second = await runExport(office, { format: 'qbo-csv', user: 'U-1', skipBlocked: true })
      await second.receipts
      await approveJob(office, { jobId: 'J-1050', userId: 'U-2', pin: '1357' })
      const invoiced = office.sqlite.prepare(`SELECT id FROM jobs WHERE status = 'invoiced' ORDER BY id`).pluck().all()
      await disputeJob(office, { id: invoiced[0] as string, reason: 'Customer says the trip charge was waived' })
      // The packet sent by mail (core/mail records this event after the SMTP server took it), twice.
      for (const jobId of [invoiced[1], invoiced[1], invoiced[2]] as string[])
        await withTransaction(office, (trx) =>
          appendEventIn(trx, {
            jobId,
            type: 'invoice-sent',
            actor: 'U-1',
            data: { to: 'ap@example.com' },
          }),
        )
      const open = office.sqlite
        .prepare(`SELECT id FROM jobs WHERE status IN ('needs-review', 'scheduled') ORDER BY id`)
        .pluck()
        .all()
      await voidJob(office, {
        jobId: open[0] as string,
        userId: 'U-2',
        pin: '1357',
        reason: 'Duplicate of another job',
      })

      const types = office.sqlite.prepare('SELECT DISTINCT type FROM job_events').pluck().all()
      expect(types).toEqual(
        expect.arrayContaining(['invoiced', 'batch-voided', 'approved', 'disputed', 'invoice-sent']),
      )
      expect(summary(office).size).toBeGreaterThan(10)
      expect(summary(office)).toEqual(await foldedFromLog(office))
      await expectSameFigures(office, true)

      // An office whose summary an older fold wrote (or none: the table's migration only
      // creates it): it is folded again from the log alone, once, and says the same.
      const built = summary(office)
      office.sqlite.exec(`UPDATE job_timelines SET state_json = '{"stale":true}'`)
      office.sqlite.prepare(`UPDATE settings SET value_json = '1' WHERE key = 'metrics.timelineFoldVersion'`).run()
      expect(await refoldSummaryIfStale(office)).toBe(true)
      expect(summary(office)).toEqual(built)
      expect(await refoldSummaryIfStale(office)).toBe(false)
      office.sqlite.exec('DELETE FROM job_timelines')
      office.sqlite.exec(`DELETE FROM settings WHERE key = 'metrics.timelineFoldVersion'`)
      const dataDir = office.dataDir
      await office.close()
      const reopened = await openOffice({ dataDir, sharedDir: folders.sharedDir })
      try {
        expect(summary(reopened)).toEqual(built)
        expect(
          reopened.sqlite
            .prepare(`SELECT value_json FROM settings WHERE key = 'metrics.timelineFoldVersion'`)
            .pluck()
            .get(),
        ).toBe(String(TIMELINE_FOLD_VERSION))
      } finally {
        await reopened.close()
      }
      office = await openOffice({ dataDir, sharedDir: folders.sharedDir })

      // The PC died: a new data folder, the setup file, the same shared folder, `rebuild`.
      const setup = await exportSetup(office)
      await office.close()
      const rebuilt = await openOffice({ dataDir: join(folders.root, 'new-pc'), sharedDir: folders.sharedDir })
      try {
        await importSetup(rebuilt, setup)
        const report = await rebuildFromArchive(rebuilt, 'U-1')
        expect(report.ingested).toBeGreaterThan(0)
        const after = summary(rebuilt)
        expect(after.size).toBeGreaterThanOrEqual(report.ingested)
        expect(after).toEqual(await foldedFromLog(rebuilt))
        await expectSameFigures(rebuilt, false)
      } finally {
        await rebuilt.close()
      }
    } finally {
      folders.cleanup()
    }
  }, 240_000)
})
