import { afterEach, describe, expect, it } from 'vitest'
import { preflightExport } from '../../../src-main/core/exports/export-plan'
import type { SqliteOffice } from '../../../src-main/core/office'
import type { ExportFormat } from '../../../src-shared/api/exports'
import { exportScenario, EXPORT_NOW } from '../../support/export-scenario'
import { addReadyJob } from '../../support/invoice-builder'

let dispose: (() => Promise<void>) | null = null
afterEach(async () => {
  await dispose?.()
  dispose = null
})

async function office(): Promise<SqliteOffice> {
  const s = await exportScenario()
  dispose = s.dispose
  return s.office
}

const findings = async (o: SqliteOffice, format: ExportFormat, code: string) =>
  (await preflightExport(o, format, EXPORT_NOW)).findings.filter((f) => f.code === code)

function setDefaultPart(o: SqliteOffice, names: Record<string, string>): void {
  const insert = o.sqlite.prepare(
    `INSERT OR REPLACE INTO accounting_mappings (kind, ref, system, name) VALUES ('item', '*', ?, ?)`,
  )
  for (const [system, name] of Object.entries(names)) insert.run(system, name)
}

describe('no silent fallbacks: the default part item is only for parts the price book lacks', () => {
  it('a price-book part without a name for the system blocks with missing-item-mapping, even with a default part item set', async () => {
    const o = await office()
    setDefaultPart(o, { qbo: 'MISC', xero: 'MISC', iif: 'MISC' })
    o.sqlite
      .prepare(`DELETE FROM accounting_mappings WHERE kind = 'item' AND ref = 'CAP-45-5' AND system = 'xero'`)
      .run()

    const blocks = await findings(o, 'xero-csv', 'missing-item-mapping')
    expect(blocks.map((f) => [f.jobId, f.severity])).toEqual([['J-1042', 'block']])
    expect(blocks[0]!.message).toContain('part CAP-45-5')
    expect(blocks[0]!.fix).toContain('Settings > Accounting names > Item "CAP-45-5" > Xero')
    // The other systems still have the part's own name: nothing blocks there.
    expect(await findings(o, 'qbo-csv', 'missing-item-mapping')).toEqual([])
  })

  it('a part whose SKU the price book lacks (or with no SKU) uses the default part item', async () => {
    const o = await office()
    setDefaultPart(o, { qbo: 'MISC', xero: 'MISC', iif: 'MISC' })
    await addReadyJob(o, {
      jobId: 'J-1045',
      lines: [
        { kind: 'part', sku: 'NOT-IN-BOOK', description: 'Odd fitting', quantityMilli: 1000, amountCents: 1200 },
        { kind: 'part', description: 'Hardware store screws', quantityMilli: 1000, amountCents: 450 },
      ],
    })
    const parts = (await findings(o, 'xero-csv', 'missing-item-mapping')).filter((f) => f.message.includes('part'))
    expect(parts).toEqual([])
  })
})

describe('QuickBooks Online, US form: TaxRate names the sales tax rate', () => {
  it("a taxed invoice whose tax has no QuickBooks Online name blocks, naming the tax's setting", async () => {
    const o = await office()
    o.sqlite
      .prepare(`DELETE FROM accounting_mappings WHERE kind = 'tax' AND ref = 'il-chicago' AND system = 'qbo'`)
      .run()
    const blocks = await findings(o, 'qbo-csv', 'missing-item-mapping')
    expect(blocks.length).toBeGreaterThan(0)
    expect(blocks[0]!.message).toContain('the sales tax "Chicago sales tax" has no QuickBooks Online name')
    expect(blocks[0]!.fix).toContain('Settings > Accounting names > Tax "il-chicago" > QuickBooks Online')
  })
})

describe('names that mean something else over there', () => {
  it("a colon in a customer's name (QuickBooks' Customer:Job separator) blocks QuickBooks exports until an accounting name is set", async () => {
    const o = await office()
    o.sqlite
      .prepare(`UPDATE customers SET name = 'Acme: Heating, Inc.', accounting_name = NULL WHERE id = 'C-100'`)
      .run()
    for (const format of ['qbo-csv', 'qbd-iif'] as const) {
      const blocks = await findings(o, format, 'customer-name-colon')
      expect(blocks.map((f) => [f.jobId, f.severity])).toEqual([['J-1042', 'block']])
      expect(blocks[0]!.message).toContain('"Acme: Heating, Inc."')
      expect(blocks[0]!.fix).toContain('customers[id=C-100].accountingName')
    }
    expect(await findings(o, 'xero-csv', 'customer-name-colon')).toEqual([])
    // A deliberate accounting name (a real sub-customer "Parent:Job") is the office's choice.
    o.sqlite.prepare(`UPDATE customers SET accounting_name = 'Acme Heating:Main office' WHERE id = 'C-100'`).run()
    expect(await findings(o, 'qbo-csv', 'customer-name-colon')).toEqual([])
  })

  it('an inch mark stays inches in IIF (16"x25" is written 16inx25in, never 16\'x25\'), and the pre-flight says so', async () => {
    const o = await office()
    await addReadyJob(o, {
      jobId: 'J-1045',
      lines: [
        { kind: 'part', sku: 'FLT-16X25', description: 'Filter 16"x25"x1"', quantityMilli: 1000, amountCents: 1200 },
      ],
    })
    o.sqlite
      .prepare(
        `INSERT OR REPLACE INTO accounting_mappings (kind, ref, system, name) VALUES ('item', '*', 'iif', 'Misc Parts')`,
      )
      .run()
    const warned = (await findings(o, 'qbd-iif', 'text-transliterated')).filter((f) => f.jobId === 'J-1045')
    expect(warned.map((f) => f.message).join(' ')).toContain('inch marks')
    const { runExport } = await import('../../../src-main/core/exports/export-batches')
    const { join } = await import('node:path')
    const { readFileSync } = await import('node:fs')
    const { batch } = await runExport(
      o,
      { format: 'qbd-iif', outDir: join(o.dataDir, '..', 'out'), user: 'U-1' },
      EXPORT_NOW,
    )
    const text = readFileSync(batch.files[0]!.path, 'latin1')
    expect(text).toContain('Filter 16inx25inx1in')
    expect(text).not.toContain("16'x25'")
  })

  it('names longer than the system allows block before anything is written: Xero item codes (30), contact names (255)', async () => {
    const o = await office()
    o.sqlite
      .prepare(`UPDATE accounting_mappings SET name = ? WHERE kind = 'item' AND ref = 'CAP-45-5' AND system = 'xero'`)
      .run('CAPACITOR-45-5-MFD-DUAL-RUN-440V')
    o.sqlite.prepare(`UPDATE customers SET accounting_name = ? WHERE id = 'C-100'`).run('A'.repeat(256))
    const blocks = await findings(o, 'xero-csv', 'name-too-long')
    expect(blocks.map((f) => f.jobId)).toEqual(['J-1042', 'J-1042'])
    expect(blocks.map((f) => f.message).join('\n')).toMatch(
      /item code "CAPACITOR-45-5-MFD-DUAL-RUN-440V" is 32 characters; Xero allows 30/,
    )
    expect(blocks.map((f) => f.message).join('\n')).toMatch(/contact name .* is 256 characters; Xero allows 255/)
  })
})

describe('every per-system length limit is checked before writing', () => {
  it('QuickBooks Online: product/service names (100) and customer display names (500)', async () => {
    const o = await office()
    o.sqlite
      .prepare(`UPDATE accounting_mappings SET name = ? WHERE kind = 'item' AND ref = 'CAP-45-5' AND system = 'qbo'`)
      .run(`Parts:${'C'.repeat(101)}`)
    o.sqlite.prepare(`UPDATE customers SET accounting_name = ? WHERE id = 'C-100'`).run('A'.repeat(501))
    const blocks = await findings(o, 'qbo-csv', 'name-too-long')
    expect(blocks.map((f) => [f.jobId, f.severity])).toEqual([
      ['J-1042', 'block'],
      ['J-1042', 'block'],
    ])
    const text = blocks.map((f) => f.message).join('\n')
    expect(text).toMatch(/customer display name "A+" is 501 characters; QuickBooks Online allows 500/)
    expect(text).toMatch(/product\/service name "Parts:C+" is 107 characters; QuickBooks Online allows 100 per level/)
    // At the limit, nothing blocks.
    o.sqlite
      .prepare(`UPDATE accounting_mappings SET name = ? WHERE kind = 'item' AND ref = 'CAP-45-5' AND system = 'qbo'`)
      .run(`Parts:${'C'.repeat(100)}`)
    o.sqlite.prepare(`UPDATE customers SET accounting_name = ? WHERE id = 'C-100'`).run('A'.repeat(500))
    expect(await findings(o, 'qbo-csv', 'name-too-long')).toEqual([])
  })

  it('QuickBooks Desktop: item names (31) and customer names (41)', async () => {
    const o = await office()
    o.sqlite
      .prepare(`UPDATE accounting_mappings SET name = ? WHERE kind = 'item' AND ref = 'CAP-45-5' AND system = 'iif'`)
      .run('CAPACITOR-45-5-MFD-DUAL-RUN-440')
    o.sqlite.prepare(`UPDATE customers SET accounting_name = ? WHERE id = 'C-100'`).run('B'.repeat(42))
    // 31 characters is QuickBooks Desktop's limit: allowed.
    expect(await findings(o, 'qbd-iif', 'name-too-long')).toEqual([])
    o.sqlite
      .prepare(`UPDATE accounting_mappings SET name = ? WHERE kind = 'item' AND ref = 'CAP-45-5' AND system = 'iif'`)
      .run('CAPACITOR-45-5-MFD-DUAL-RUN-440V')
    expect((await findings(o, 'qbd-iif', 'name-too-long')).map((f) => [f.jobId, f.message])).toEqual([
      ['J-1042', 'J-1042: item name "CAPACITOR-45-5-MFD-DUAL-RUN-440V" is 32 characters; QuickBooks Desktop allows 31'],
    ])
    expect((await findings(o, 'qbd-iif', 'customer-name-too-long')).map((f) => f.message)).toEqual([
      `J-1042: customer name "${'B'.repeat(42)}" is 42 characters; QuickBooks Desktop allows 41`,
    ])
  })
})

describe('invoice date setting (company.invoiceDate)', () => {
  it('"completed": each invoice carries the date the work was completed, and the due date follows the terms from it', async () => {
    const o = await office()
    const { writeCompanyMoneyIn } = await import('../../../src-main/core/settings/money-settings')
    const { withTransaction } = await import('../../../src-main/core/db/engine-db')
    await withTransaction(o, (trx) => writeCompanyMoneyIn({ ...o, db: trx }, { invoiceDate: 'completed' }))
    const { runExport } = await import('../../../src-main/core/exports/export-batches')
    const { join } = await import('node:path')
    const { readFileSync } = await import('node:fs')
    const { batch } = await runExport(
      o,
      { format: 'qbo-csv', outDir: join(o.dataDir, '..', 'out'), user: 'U-1' },
      EXPORT_NOW,
    )
    const rows = readFileSync(batch.files[0]!.path, 'utf8').trim().split('\r\n').slice(1)
    const dates = new Set(rows.map((r) => r.split(',').slice(0, 4).join(',')))
    expect(dates).toEqual(
      new Set([
        'INV-1042,Acme Dental LLC,11/23/2026,12/23/2026',
        'INV-1043,Rosa Peña,11/23/2026,12/23/2026',
        'INV-1044,Klaus Müller,11/24/2026,12/24/2026',
      ]),
    )
  })

  it('"completed" dates Xero and IIF invoices the same way, the due date 30 days on', async () => {
    const o = await office()
    const { writeCompanyMoneyIn } = await import('../../../src-main/core/settings/money-settings')
    const { withTransaction } = await import('../../../src-main/core/db/engine-db')
    await withTransaction(o, (trx) => writeCompanyMoneyIn({ ...o, db: trx }, { invoiceDate: 'completed' }))
    const { runExport, voidBatch } = await import('../../../src-main/core/exports/export-batches')
    const { join } = await import('node:path')
    const { readFileSync } = await import('node:fs')
    const { csvRows } = await import('../../support/accounting-read-back')
    const { readIif } = await import('../../support/iif-reader')
    const out = join(o.dataDir, '..', 'out')
    const xero = (await runExport(o, { format: 'xero-csv', outDir: out, user: 'U-1' }, EXPORT_NOW)).batch
    const rows = csvRows(readFileSync(xero.files[0]!.path, 'utf8'))
    expect(new Set(rows.map((r) => `${r['*InvoiceNumber']} ${r['*InvoiceDate']} ${r['*DueDate']}`))).toEqual(
      new Set(['INV-1042 11/23/2026 12/23/2026', 'INV-1043 11/23/2026 12/23/2026', 'INV-1044 11/24/2026 12/24/2026']),
    )
    await voidBatch(o, xero.id, 'read back', 'U-1', EXPORT_NOW)
    const iif = (await runExport(o, { format: 'qbd-iif', outDir: out, user: 'U-1' }, EXPORT_NOW)).batch
    const blocks = readIif(readFileSync(iif.files[0]!.path, 'latin1'))
    expect(blocks.map((b) => `${b.trns.DOCNUM} ${b.trns.DATE} ${b.trns.DUEDATE}`)).toEqual([
      'INV-1042 11/23/2026 12/23/2026',
      'INV-1043 11/23/2026 12/23/2026',
      'INV-1044 11/24/2026 12/24/2026',
    ])
  })

  it('"export" (the default): the date of the export', async () => {
    const o = await office()
    const { planExport, readExport } = await import('../../../src-main/core/exports/export-plan')
    const plan = planExport(await readExport(o), 'qbo-csv', EXPORT_NOW)
    expect(plan.invoices.map((i) => [i.invoiceDate, i.dueDate])).toEqual([
      ['2026-11-25', '2026-12-25'],
      ['2026-11-25', '2026-12-25'],
      ['2026-11-25', '2026-12-25'],
    ])
  })
})
