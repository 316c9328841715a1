import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { approveJob } from '../../../src-main/core/approvals/decisions'
import { runExport, voidBatch } from '../../../src-main/core/exports/export-batches'
import { writePacket } from '../../../src-main/core/packets/packet-folder'
import { withTransaction } from '../../../src-main/core/db/engine-db'
import { writeCompanyMoneyIn, writeMoneyPolicyIn } from '../../../src-main/core/settings/money-settings'
import type { ExportFormat } from '../../../src-shared/api/exports'
import { approvalsOffice, disposeTemplate, type ApprovalsOffice } from '../approvals/approvals-harness'
import { csvRows, iifBooks, plainBooks, qboBooks, xeroBooks } from '../../support/accounting-read-back'
import { readIif } from '../../support/iif-reader'
import { mapAdjustments } from '../../support/invoice-builder'
import { pdfText } from '../../support/pdf-read'

/**
 * Closeouts that go through the real inbox and rules, exported for every system, each file read
 * back the way that system computes it (tests/support/accounting-read-back.ts).
 */
let h: ApprovalsOffice
beforeEach(async () => {
  h = await approvalsOffice()
  mapAdjustments(h.office)
  const insert = h.office.sqlite.prepare(
    `INSERT OR REPLACE INTO accounting_mappings (kind, ref, system, name) VALUES (?, ?, ?, ?)`,
  )
  for (const [system, name] of [
    ['qbo', 'Parts:Misc'],
    ['xero', 'MISC'],
    ['iif', 'Misc Parts'],
  ])
    insert.run('item', '*', system, name)
  for (const [system, name] of [
    ['qbo', 'Tax rounding'],
    ['xero', 'ROUND'],
    ['iif', 'Tax rounding'],
  ])
    insert.run('adjustment', 'rounding', system, name)
})
afterEach(async () => {
  await h.dispose()
})
afterAll(() => disposeTemplate())

const NOW = new Date('2026-11-25T18:00:00Z')
let batchNo = 0

/** Exports the invoice-ready jobs in `format`, returns the files' text, then voids the batch so the next format can run. */
async function exportText(format: ExportFormat): Promise<string[]> {
  const out = join(h.folders.dataDir, '..', `out-${++batchNo}`)
  const { batch } = await runExport(h.office, { format, outDir: out, user: 'U-1' }, NOW)
  const texts = batch.files.map((f) => readFileSync(f.path, format === 'qbd-iif' ? 'latin1' : 'utf8'))
  await voidBatch(h.office, batch.id, 'read back in a test', 'U-1', NOW)
  return texts
}

function invoiceOf(jobId: string): string {
  return (
    h.office.sqlite.prepare('SELECT invoice_number FROM jobs WHERE id = ?').get(jobId) as {
      invoice_number: string
    }
  ).invoice_number
}

describe('quantities and unit prices survive (2.5 lb at 18.75)', () => {
  it('is 2.5 x 18.75 = 46.88 in QuickBooks Online, Xero, IIF, the plain CSV and JSON, and on the packet', async () => {
    await h.submit({
      parts: [{ description: 'R-22 refrigerant, reclaimed (lb)', quantity: '2.5', unitPrice: '18.75' }],
    })
    // Refrigerant the estimate did not list: a supervisor approves it, as in the office.
    expect(h.job('J-1043').status).toBe('needs-approval')
    await approveJob(h.office, { jobId: 'J-1043', userId: 'U-2', pin: '1357' })
    expect(h.job('J-1043').status).toBe('invoice-ready')

    const qbo = csvRows((await exportText('qbo-csv'))[0]!).find((r) => r['ItemDescription']!.startsWith('R-22'))!
    expect([qbo['ItemQuantity'], qbo['ItemRate'], qbo['*ItemAmount']]).toEqual(['2.5', '18.75', '46.88'])

    const xero = csvRows((await exportText('xero-csv'))[0]!).find((r) => r['*Description']!.startsWith('R-22'))!
    expect([xero['*Quantity'], xero['*UnitAmount'], xero['*Description']]).toEqual([
      '2.5',
      '18.75',
      'R-22 refrigerant, reclaimed (lb)',
    ])

    const iif = readIif((await exportText('qbd-iif'))[0]!)[0]!.spl.find((s) => s.MEMO!.startsWith('R-22'))!
    expect([iif.QNTY, iif.PRICE, iif.AMOUNT]).toEqual(['-2.5', '18.75', '-46.88'])

    const [csv, json] = await exportText('csv')
    const plain = csvRows(csv!).find((r) => r.description!.startsWith('R-22'))!
    expect([plain.quantity, plain.unit_price, plain.amount]).toEqual(['2.5', '18.75', '46.88'])
    const doc = JSON.parse(json!) as { invoices: { lines: { description: string }[] }[] }
    expect(doc.invoices[0]!.lines.find((l) => l.description.startsWith('R-22'))).toMatchObject({
      quantity: '2.5',
      unitPrice: '18.75',
      amount: '46.88',
    })

    const packet = await writePacket(h.office, 'J-1043', join(h.folders.dataDir, '..', 'packets'))
    const text = (await pdfText(join(packet.folder, 'packet.pdf'))).replace(/\s+/g, ' ')
    expect(text).toMatch(/R-22 refrigerant, reclaimed \(lb\) 2\.5 \$?18\.75 \$?46\.88/)
    expect(text).not.toContain('quantity 2.5')
  }, 120_000)
})

describe('the receivable in every system equals Closeout’s total (38.00 and -5.00 at 6.25%)', () => {
  const closeout = {
    parts: [
      { sku: 'CAP-45-5', description: '45/5 MFD dual run capacitor', quantity: 1 },
      { sku: 'CAP-45-5', description: 'Returned capacitor core', quantity: 1, unitPrice: '-5.00' },
    ],
  }
  const TAX = { 'Tax on Sales': '6.25', 'Cook County': '6.25' }

  async function atRate(): Promise<void> {
    h.office.sqlite.prepare(`UPDATE taxes SET rate_milli = 6250 WHERE id = 'il-cook'`).run()
    await withTransaction(h.office, (trx) =>
      writeMoneyPolicyIn({ ...h.office, db: trx }, { creditsNeedApproval: false }),
    )
  }

  async function booked(): Promise<Record<string, bigint | undefined>> {
    const files = {
      qbo: (await exportText('qbo-csv'))[0]!,
      xero: (await exportText('xero-csv'))[0]!,
      iif: (await exportText('qbd-iif'))[0]!,
      csv: (await exportText('csv'))[0]!,
    }
    // The first export gave the job its number; every later one reuses it.
    const no = invoiceOf('J-1043')
    return {
      qbo: qboBooks(files.qbo, 'us', TAX).get(no),
      xero: xeroBooks(files.xero, TAX).get(no),
      iif: iifBooks(files.iif).get(no),
      csv: plainBooks(files.csv).get(no),
    }
  }

  it('a Xero office prices 2.07 tax (per line): every file books 222.57, Xero without a rounding line', async () => {
    await withTransaction(h.office, (trx) =>
      writeCompanyMoneyIn({ ...h.office, db: trx }, { accountingSystem: 'xero' }),
    )
    await atRate()
    await h.submit(closeout)
    expect(h.job('J-1043')).toMatchObject({ status: 'invoice-ready', total_cents: 22257 })
    expect(await booked()).toEqual({ qbo: 22257n, xero: 22257n, iif: 22257n, csv: 22257n })
    expect((await exportText('xero-csv'))[0]).not.toContain('ROUND')
    expect((await exportText('qbo-csv'))[0]).toContain('Tax rounding')
  }, 120_000)

  it('a QuickBooks Online office prices 2.06 (on the subtotal): every file books 222.56, Xero with a -0.01 rounding line', async () => {
    await withTransaction(h.office, (trx) => writeCompanyMoneyIn({ ...h.office, db: trx }, { accountingSystem: 'qbo' }))
    await atRate()
    await h.submit(closeout)
    expect(h.job('J-1043')).toMatchObject({ status: 'invoice-ready', total_cents: 22256 })
    expect(await booked()).toEqual({ qbo: 22256n, xero: 22256n, iif: 22256n, csv: 22256n })
    const rounding = csvRows((await exportText('xero-csv'))[0]!).find((r) => r.InventoryItemCode === 'ROUND')!
    expect([rounding['*Quantity'], rounding['*UnitAmount'], rounding['*TaxType']]).toEqual(['1', '-0.01', 'Tax Exempt'])
    expect((await exportText('qbo-csv'))[0]).not.toContain('Tax rounding')
  }, 120_000)
})
