import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyEventLogIn } from '../../../src-main/core/lifecycle/event-log'
import { createHandlers } from '../../../src-main/core/api/handlers'
import { scanInbox } from '../../../src-main/core/inbox/inbox-scan'
import { getMetrics } from '../../../src-main/core/metrics/metrics.service'
import type { SqliteOffice } from '../../../src-main/core/office'
import { DEMO_CLOSEOUTS } from '../../../src-main/core/setup/demo-closeouts'
import { loadDemoOffice } from '../../../src-main/core/setup/demo'
import { tempOffice } from '../../support/temp-office'

let office: SqliteOffice
let sharedDir: string
let dispose: () => Promise<void>
const now = Date.now()

beforeAll(async () => {
  const t = await tempOffice()
  office = t.office
  sharedDir = t.folders.sharedDir
  dispose = t.dispose
  expect(await loadDemoOffice(office, now)).toBe(true)
})

afterAll(async () => {
  await dispose()
})

type Row = { id: string; status: string; findings_json: string | null; total_cents: number | null }
const liveJobs = () =>
  office.sqlite
    .prepare(
      `SELECT j.id, j.status, s.findings_json, j.total_cents FROM jobs j LEFT JOIN submissions s ON s.id = j.current_submission_id
       WHERE j.id IN (SELECT value FROM json_each(?)) ORDER BY j.id`,
    )
    .all(JSON.stringify(DEMO_CLOSEOUTS.map((c) => c.jobId))) as Row[]
const count = (sql: string) => (office.sqlite.prepare(sql).get() as { n: number }).n
const snapshot = () => ({
  jobs: count('SELECT COUNT(*) AS n FROM jobs'),
  submissions: count('SELECT COUNT(*) AS n FROM submissions'),
  events: count('SELECT COUNT(*) AS n FROM job_events'),
  batches: count('SELECT COUNT(*) AS n FROM export_batches'),
  mappings: count('SELECT COUNT(*) AS n FROM accounting_mappings'),
})

describe('the demo office', () => {
  it('leaves the last two days of closeouts in the inbox as complete bundles, with photos and a signature', async () => {
    const bundles = readdirSync(join(sharedDir, 'inbox')).filter((n) => !n.startsWith('.'))
    expect(bundles).toHaveLength(DEMO_CLOSEOUTS.length)
    const manifest = JSON.parse(readFileSync(join(sharedDir, 'inbox', bundles[0]!, 'manifest.json'), 'utf8')) as {
      submissionId: string
      files: { path: string; size: number }[]
    }
    expect(manifest.submissionId).toBe(bundles[0])
    expect(manifest.files.some((f) => f.path.startsWith('photos/') && f.path.endsWith('.jpg'))).toBe(true)
  })

  it('one scan sorts them as a billing clerk expects: three ready, the exceptions for approval or review', async () => {
    const summary = await scanInbox(office)
    expect(summary).toMatchObject({ ingested: DEMO_CLOSEOUTS.length, rejected: 0, pending: 0, failed: 0 })

    const rows = liveJobs()
    for (const c of DEMO_CLOSEOUTS) {
      const row = rows.find((r) => r.id === c.jobId)!
      const codes = (JSON.parse(row.findings_json ?? '[]') as { code: string }[]).map((f) => f.code)
      expect({ job: c.jobId, status: row.status }).toEqual({ job: c.jobId, status: c.expect.status })
      if (c.expect.finding) expect(new Set(codes)).toEqual(new Set([c.expect.finding]))
      else expect(codes).toEqual([])
    }
    const statuses = rows.map((r) => r.status)
    expect(statuses.filter((s) => s === 'invoice-ready')).toHaveLength(3)
    expect(statuses.filter((s) => s === 'needs-approval')).toHaveLength(3)
    expect(statuses.filter((s) => s === 'needs-review')).toHaveLength(2)
    // Finished over the last two days, each after the time its job was booked for.
    const visits = office.sqlite
      .prepare(
        `SELECT s.completed_at, j.scheduled_for FROM submissions s JOIN jobs j ON j.id = s.job_id WHERE s.job_id IN ('J-1043', 'J-1049', 'J-1050')`,
      )
      .all() as { completed_at: string; scheduled_for: string }[]
    for (const v of visits) {
      expect(now - Date.parse(v.completed_at)).toBeGreaterThan(0)
      expect(now - Date.parse(v.completed_at)).toBeLessThan(3 * 24 * 3600_000)
      expect(Date.parse(v.scheduled_for)).toBeLessThan(Date.parse(v.completed_at))
    }
    expect(existsSync(join(sharedDir, 'receipts'))).toBe(true)
  })

  it('has twelve weeks of history behind the dashboard, invoiced through real export batches', async () => {
    expect(
      count(
        `SELECT COUNT(*) AS n FROM jobs WHERE status = 'invoiced' AND invoice_number IS NOT NULL AND total_cents > 0`,
      ),
    ).toBeGreaterThan(70)
    expect(count('SELECT COUNT(*) AS n FROM export_batches')).toBeGreaterThan(20)
    expect(count(`SELECT COUNT(*) AS n FROM jobs WHERE status = 'void'`)).toBeGreaterThan(0)
    expect(count(`SELECT COUNT(*) AS n FROM jobs WHERE disputed_at IS NOT NULL`)).toBeGreaterThan(0)
    // The invoice sequence arrives where the setup file says the company is: INV-1042 is next.
    expect(office.sqlite.prepare('SELECT next_invoice_number AS n FROM company').get()).toEqual({ n: 1042 })
    const metrics = await getMetrics(office, {}, now)
    expect(metrics.weekly).toHaveLength(12)
    const invoicedWeeks = metrics.weekly.filter((w) => w.invoiced > 0)
    expect(invoicedWeeks.length).toBeGreaterThanOrEqual(10)
    // Billing got faster as the office moved to a daily export.
    expect(invoicedWeeks[0]!.medianSeconds!).toBeGreaterThan(2 * invoicedWeeks.at(-1)!.medianSeconds!)
    expect(metrics.byTechnician.map((r) => r.name).sort()).toEqual(['Marcus Bell', 'Priya Natarajan', 'Sam Ortiz'])
    expect(metrics.headline.invoiceReadyWaiting.jobIds).toEqual(expect.arrayContaining(['J-1043', 'J-1045', 'J-1047']))
    expect(metrics.headline.approvalsWaiting.count).toBe(3)
    expect(metrics.needsReview.count).toBe(2)
  })

  it('exports the invoice-ready jobs in every format without a blocking finding (adjustments and discounts are mapped)', async () => {
    const handlers = createHandlers(office)
    const ready = (
      office.sqlite.prepare(`SELECT id FROM jobs WHERE status = 'invoice-ready' ORDER BY id`).all() as { id: string }[]
    ).map((r) => r.id)
    // The live ones, and a history job the office finished after billing's last export, if any.
    expect(ready).toEqual(
      expect.arrayContaining(DEMO_CLOSEOUTS.filter((c) => c.expect.status === 'invoice-ready').map((c) => c.jobId)),
    )
    for (const format of ['qbo-csv', 'qbd-iif', 'xero-csv', 'csv'] as const) {
      const preflight = await handlers['exports.preflight']({ format }, { transport: 'test' })
      expect(preflight.invoices.map((i) => i.jobId).sort()).toEqual(ready)
      expect(preflight.findings.filter((f) => f.severity === 'block')).toEqual([])
      expect(preflight.blocked).toBe(false)
    }
  })

  it('keeps the event log intact, and loading again (or scanning again) duplicates nothing', async () => {
    expect((await verifyEventLogIn(office.db)).ok).toBe(true)
    const before = snapshot()
    expect(await loadDemoOffice(office, now)).toBe(false)
    const again = await scanInbox(office)
    expect(again).toMatchObject({ ingested: 0, duplicates: 0, rejected: 0 })
    expect(snapshot()).toEqual(before)
    expect(await verifyEventLogIn(office.db)).toEqual({ ok: true, rows: before.events })
  })
})
