import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { afterEach, describe, expect, it } from 'vitest'
import { verifyEventLogIn } from '../../../src-main/core/lifecycle/event-log'
import { signedInApi } from '../../support/signed-in'
import { reexportBatch, runExport, voidBatch } from '../../../src-main/core/exports/export-batches'
import { preflightExport } from '../../../src-main/core/exports/export-plan'
import type { SqliteOffice } from '../../../src-main/core/office'
import { addReadyJob, cloneJob, repairLines } from '../../support/invoice-builder'
import { exportScenario, EXPORT_NOW } from '../../support/export-scenario'

process.env.CLOSEOUT_NO_REVEAL = '1'
let dispose: (() => Promise<void>) | null = null
afterEach(async () => {
  await dispose?.()
  dispose = null
})

async function scenario(): Promise<SqliteOffice> {
  const s = await exportScenario()
  dispose = s.dispose
  return s.office
}

const status = (o: SqliteOffice, id: string) =>
  o.sqlite.prepare('SELECT status, invoice_number FROM jobs WHERE id = ?').get(id) as {
    status: string
    invoice_number: string | null
  }
const nextNumber = (o: SqliteOffice) =>
  (o.sqlite.prepare('SELECT next_invoice_number AS n FROM company').get() as { n: number }).n
const eventsOf = (o: SqliteOffice, id: string) =>
  o.sqlite.prepare('SELECT type, data_json FROM job_events WHERE job_id = ? ORDER BY id').all(id) as {
    type: string
    data_json: string
  }[]

describe('export batches', () => {
  it('numbers from the company sequence, invoices the jobs with events, and never exports a job twice', async () => {
    const o = await scenario()
    const { batch, receipts } = await runExport(
      o,
      { format: 'qbo-csv', outDir: join(o.dataDir, 'out'), user: 'U-1' },
      EXPORT_NOW,
    )
    await receipts
    expect(batch.jobs.map((j) => [j.jobId, j.invoiceNumber])).toEqual([
      ['J-1042', 'INV-1042'],
      ['J-1044', 'INV-1043'],
      ['J-1046', 'INV-1044'],
    ])
    expect(batch.files[0]!.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(batch).toMatchObject({ format: 'qbo-csv', createdBy: 'U-1', status: 'active' })
    expect(batch.jobs[0]!.totalCents).toBe(18750 + 3800 + 390)
    expect(batch.totalCents).toBe(batch.jobs.reduce((n, j) => n + j.totalCents, 0))
    expect(status(o, 'J-1044')).toEqual({ status: 'invoiced', invoice_number: 'INV-1043' })
    expect(nextNumber(o)).toBe(1045)
    const invoiced = eventsOf(o, 'J-1044').find((e) => e.type === 'invoiced')!
    expect(JSON.parse(invoiced.data_json)).toEqual({
      batchId: 1,
      invoiceNumber: 'INV-1043',
      format: 'qbo-csv',
      invoiceDate: '2026-11-25',
    })
    expect((await verifyEventLogIn(o.db)).ok).toBe(true)
    const receipt = JSON.parse(
      readFileSync(join(o.sharedDir, 'receipts', '00000000-0000-4000-8000-000000001044.json'), 'utf8'),
    ) as { status: string }
    expect(receipt.status).toBe('invoiced')

    await expect(runExport(o, { format: 'qbo-csv', user: 'U-1' }, EXPORT_NOW)).rejects.toThrow(
      expect.objectContaining({ code: 'nothing-to-export' }),
    )
    await addReadyJob(o, { jobId: 'J-1043', lines: repairLines() })
    const second = (await runExport(o, { format: 'qbo-csv', outDir: join(o.dataDir, 'out2'), user: 'U-1' }, EXPORT_NOW))
      .batch
    expect(second.jobs.map((j) => [j.jobId, j.invoiceNumber])).toEqual([['J-1043', 'INV-1045']])
  })

  it('blocks on a line without a mapping, naming the line and the setting, and changes nothing', async () => {
    const o = await scenario()
    o.sqlite
      .prepare(`DELETE FROM accounting_mappings WHERE kind = 'adjustment' AND ref = 'trip-charge' AND system = 'xero'`)
      .run()
    const pre = await preflightExport(o, 'xero-csv', EXPORT_NOW)
    expect(pre.blocked).toBe(true)
    const finding = pre.findings.find((f) => f.code === 'missing-item-mapping')!
    expect(finding).toMatchObject({ jobId: 'J-1044', severity: 'block' })
    expect(finding.message).toContain('line 3 "Trip charge"')
    expect(finding.fix).toContain('Exports > Export settings > Accounting names > "trip-charge" > Xero')
    await expect(runExport(o, { format: 'xero-csv', user: 'U-1' }, EXPORT_NOW)).rejects.toThrow(
      expect.objectContaining({ code: 'export-blocked' }),
    )
    expect(status(o, 'J-1042').status).toBe('invoice-ready')
    expect(nextNumber(o)).toBe(1042)
    expect(o.sqlite.prepare('SELECT COUNT(*) AS n FROM export_batches').get()).toEqual({ n: 0 })
    // QuickBooks still has its mapping: the same jobs export there.
    expect((await preflightExport(o, 'qbo-csv', EXPORT_NOW)).blocked).toBe(false)

    const { batch } = await runExport(
      o,
      { format: 'xero-csv', outDir: join(o.dataDir, 'out'), skipBlocked: true, user: 'U-1' },
      EXPORT_NOW,
    )
    expect(batch.jobs.map((j) => j.jobId)).toEqual(['J-1042', 'J-1046'])
    expect(batch.jobs.map((j) => j.invoiceNumber)).toEqual(['INV-1042', 'INV-1043'])
    expect(status(o, 'J-1044')).toEqual({ status: 'invoice-ready', invoice_number: null })
  })

  it('lists IIF limits with the job and the fix: 11-character numbers, 41-character names', async () => {
    const o = await scenario()
    o.sqlite.prepare(`UPDATE company SET invoice_prefix = 'NORTH-', next_invoice_number = 1000042`).run()
    o.sqlite
      .prepare(
        `UPDATE customers SET accounting_name = 'Acme Dental Professional Corporation of Chicago' WHERE id = 'C-100'`,
      )
      .run()
    const codes = (await preflightExport(o, 'qbd-iif', EXPORT_NOW)).findings
      .filter((f) => f.severity === 'block')
      .map((f) => [f.jobId, f.code])
    expect(codes).toContainEqual(['J-1042', 'invoice-number-too-long'])
    expect(codes).toContainEqual(['J-1042', 'customer-name-too-long'])
    expect((await preflightExport(o, 'qbo-csv', EXPORT_NOW)).blocked).toBe(false)
  })

  it('re-exports a past batch byte for byte even after prices and names change; refuses to overwrite a file', async () => {
    const o = await scenario()
    const out = join(o.dataDir, 'out')
    const { batch } = await runExport(
      o,
      { format: 'qbd-iif', outDir: out, fileName: 'north.iif', user: 'U-1' },
      EXPORT_NOW,
    )
    const original = readFileSync(join(out, 'north.iif'))
    o.sqlite.prepare(`UPDATE accounting_mappings SET name = 'Renamed' WHERE system = 'iif'`).run()
    o.sqlite.prepare(`UPDATE submission_lines SET amount_cents = amount_cents + 1`).run()
    rmSync(join(out, 'north.iif'))
    const again = await reexportBatch(o, batch.id)
    expect(readFileSync(again.files[0]!.path).equals(original)).toBe(true)
    const elsewhere = await reexportBatch(o, batch.id, join(o.dataDir, 'copy'))
    expect(readFileSync(elsewhere.files[0]!.path).equals(original)).toBe(true)

    await addReadyJob(o, { jobId: 'J-1043', lines: repairLines() })
    await expect(
      runExport(o, { format: 'qbd-iif', outDir: out, fileName: 'north.iif', user: 'U-1' }, EXPORT_NOW),
    ).rejects.toThrow(expect.objectContaining({ code: 'file-exists' }))
    expect(status(o, 'J-1043').status).toBe('invoice-ready')
  })

  it('voids a batch: jobs return to invoice-ready with their numbers, and export again under the same numbers', async () => {
    const o = await scenario()
    const { batch } = await runExport(o, { format: 'qbo-csv', outDir: join(o.dataDir, 'out'), user: 'U-1' }, EXPORT_NOW)
    const voided = await voidBatch(o, batch.id, 'QuickBooks import failed: unknown customer', 'U-1', EXPORT_NOW)
    expect(voided).toMatchObject({ status: 'void', voidReason: 'QuickBooks import failed: unknown customer' })
    expect(status(o, 'J-1044')).toEqual({ status: 'invoice-ready', invoice_number: 'INV-1043' })
    expect(
      eventsOf(o, 'J-1044')
        .map((e) => e.type)
        .slice(-2),
    ).toEqual(['batch-voided', 'status-changed'])
    await expect(voidBatch(o, batch.id, 'again', 'U-1')).rejects.toThrow(
      expect.objectContaining({ code: 'already-void' }),
    )
    await addReadyJob(o, { jobId: 'J-1043', lines: repairLines() })
    const next = (await runExport(o, { format: 'qbo-csv', outDir: join(o.dataDir, 'out2'), user: 'U-1' }, EXPORT_NOW))
      .batch
    expect(next.jobs.map((j) => [j.jobId, j.invoiceNumber])).toEqual([
      ['J-1042', 'INV-1042'],
      ['J-1044', 'INV-1043'],
      ['J-1046', 'INV-1044'],
      ['J-1043', 'INV-1045'],
    ])
    expect(nextNumber(o)).toBe(1046)
    expect((await verifyEventLogIn(o.db)).ok).toBe(true)
  })

  it('splits QuickBooks Online files at 100 invoices and Xero files at 500 rows, never splitting an invoice', async () => {
    const o = await scenario()
    for (let i = 0; i < 127; i++) {
      cloneJob(o, 'J-1042', `J-9${String(i).padStart(3, '0')}`)
      await addReadyJob(o, { jobId: `J-9${String(i).padStart(3, '0')}`, lines: repairLines() })
    }
    const qbo = (await preflightExport(o, 'qbo-csv', EXPORT_NOW)).files
    expect(qbo.map((f) => f.invoices)).toEqual([100, 30])
    const xero = (await preflightExport(o, 'xero-csv', EXPORT_NOW)).files
    expect(xero.every((f) => f.rows <= 500)).toBe(true)
    expect(xero.reduce((n, f) => n + f.rows, 0)).toBe(2 + 5 + 2 + 127 * 2)
    const { batch } = await runExport(
      o,
      { format: 'qbo-csv', outDir: join(o.dataDir, 'out'), fileName: 'qbo.csv', user: 'U-1' },
      EXPORT_NOW,
    )
    expect(batch.files.map((f) => f.name)).toEqual(['qbo-1.csv', 'qbo-2.csv'])
    const numbers = batch.files.map(
      (f) =>
        new Set(
          (parse(readFileSync(f.path, 'utf8'), { columns: true }) as Record<string, string>[]).map(
            (r) => r['*InvoiceNo'],
          ),
        ),
    )
    expect(numbers[0]!.size).toBe(100)
    expect([...numbers[0]!].some((n) => numbers[1]!.has(n))).toBe(false)
    expect(existsSync(join(o.dataDir, 'out', 'qbo.csv'))).toBe(false)
  })

  it('answers through the office API with the same outcomes', async () => {
    const o = await scenario()
    const api = await signedInApi(o)
    const pre = await api.call('exports.preflight', { format: 'csv' })
    expect(pre).toMatchObject({
      ok: true,
      value: { blocked: false, invoices: [{ jobId: 'J-1042' }, { jobId: 'J-1044' }, { jobId: 'J-1046' }] },
    })
    const run = await api.call('exports.run', { format: 'csv', outDir: join(o.dataDir, 'api') })
    expect(run.ok).toBe(true)
    const list = await api.call('exports.batches', {})
    // Recorded with the signed-in user, not "the office app".
    expect(list).toMatchObject({ ok: true, value: [{ id: 1, format: 'csv', createdBy: 'U-1' }] })
    expect(await api.call('exports.voidBatch', { batchId: 1, reason: ' ' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', details: [{ path: 'reason' }] },
    })
    expect(await api.call('exports.reexport', { batchId: 9 })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    })
    expect(await api.call('exports.showInFolder', { path: join(o.dataDir, 'api') })).toMatchObject({ ok: true })
  })
})
