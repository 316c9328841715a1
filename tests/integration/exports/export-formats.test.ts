import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { afterEach, describe, expect, it } from 'vitest'
import { runExport } from '../../../src-main/core/exports/export-batches'
import { saveExportSettings } from '../../../src-main/core/settings/export-settings'
import { IIF_SPL_HEADER, IIF_TRNS_HEADER } from '../../../src-main/core/exports/qbd-iif'
import { QBO_NON_US_HEADER, QBO_US_HEADER } from '../../../src-main/core/exports/qbo-csv'
import { XERO_HEADER } from '../../../src-main/core/exports/xero-csv'
import type { Office } from '../../../src-main/core/office'
import type { ExportFormat } from '../../../src-shared/api/exports'
import { cents, readIif } from '../../support/iif-reader'
import { exportScenario, EXPORT_NOW } from '../../support/export-scenario'
import { ROOT } from '../../support/temp-office'

const GOLDEN = join(ROOT, 'tests', 'fixtures', 'exports')
let dispose: (() => Promise<void>) | null = null
afterEach(async () => {
  await dispose?.()
  dispose = null
})

async function exported(format: ExportFormat, configure?: (office: Office) => unknown) {
  const s = await exportScenario()
  dispose = s.dispose
  await configure?.(s.office)
  const outDir = join(s.office.dataDir, '..', 'out')
  const { batch } = await runExport(s.office, { format, outDir, user: 'U-1' }, EXPORT_NOW)
  return {
    office: s.office,
    batch,
    texts: batch.files.map((f) => readFileSync(f.path, format === 'qbd-iif' ? 'latin1' : 'utf8')),
  }
}

/** Compares with tests/fixtures/exports/<name>; UPDATE_GOLDEN=1 rewrites it. */
function golden(name: string, text: string): void {
  const file = join(GOLDEN, name)
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(GOLDEN, { recursive: true })
    writeFileSync(file, text, 'utf8')
  }
  if (!existsSync(file)) throw new Error(`golden file ${name} is missing: run with UPDATE_GOLDEN=1 and review it`)
  expect(text).toBe(readFileSync(file, 'utf8'))
}

type Row = Record<string, string>
const csvRows = (text: string): Row[] => parse(text, { columns: true, record_delimiter: '\r\n', bom: true }) as Row[]
const csvHeader = (text: string): string[] => (parse(text, { to_line: 1 }) as string[][])[0]!
const sumBy = (rows: Row[], col: string, invoice: string, key: string) =>
  rows.filter((r) => r[key] === invoice).reduce((n, r) => n + cents(r[col]!), 0)

describe('QuickBooks Online CSV', () => {
  it('US form: Intuit header, one row per line, invoice fields repeated, Taxable/TaxRate, MM/DD/YYYY, sums equal the invoice before tax', async () => {
    const { texts } = await exported('qbo-csv')
    const text = texts[0]!
    expect(text.startsWith('*InvoiceNo,')).toBe(true)
    expect(text.includes('\r\n')).toBe(true)
    expect(csvHeader(text)).toEqual([...QBO_US_HEADER])
    const rows = csvRows(text)
    expect(rows.map((r) => r['*InvoiceNo'])).toEqual([
      'INV-1042',
      'INV-1042',
      'INV-1043',
      'INV-1043',
      'INV-1043',
      'INV-1043',
      'INV-1043',
      'INV-1044',
      'INV-1044',
    ])
    for (const r of rows) {
      expect(r['*InvoiceDate']).toBe('11/25/2026')
      expect(r['*DueDate']).toBe('12/25/2026')
      expect(r['Terms']).toBe('Net 30')
      // QuickBooks rounds quantity x rate half up to the cent.
      expect(Math.round(cents(r['ItemRate']!) * Number(r['ItemQuantity']!))).toBe(cents(r['*ItemAmount']!))
    }
    const pena = rows.filter((r) => r['*InvoiceNo'] === 'INV-1043')
    expect(new Set(pena.map((r) => r['*Customer']))).toEqual(new Set(['Rosa Peña']))
    // 367.00 of work less the 36.70 discount, split into its taxable and non-taxable parts.
    expect(sumBy(rows, '*ItemAmount', 'INV-1043', '*InvoiceNo')).toBe(36700 - 3670)
    expect(pena.filter((r) => r['Taxable'] === 'Y').map((r) => r['*ItemAmount'])).toEqual(['68.00', '-6.80'])
    // TaxRate is the invoice's sales tax rate by its QuickBooks Online name (the footer's "sales tax"
    // box), not a percentage, repeated on every row like the other invoice fields.
    expect(new Set(pena.map((r) => r['TaxRate']))).toEqual(new Set(['Chicago']))
    expect(rows[0]!['Item(Product/Service)']).toBe('Labor:Journeyman')
    expect(rows[0]!['Service Date']).toBe('11/23/2026')
    golden('qbo-us.csv', text)
  })

  it('non-US form: ItemTaxCode on every line (the zero-rate code on untaxed ones), DD/MM/YYYY when chosen', async () => {
    const { texts } = await exported('qbo-csv', (o) =>
      saveExportSettings(o, { qbo: { form: 'non-us', dateFormat: 'DD/MM/YYYY', exemptTaxCode: 'No VAT' } }),
    )
    expect(csvHeader(texts[0]!)).toEqual([...QBO_NON_US_HEADER])
    const rows = csvRows(texts[0]!)
    expect(rows.map((r) => r['*ItemTaxCode'])).toEqual([
      'No VAT',
      'Chicago',
      'No VAT',
      'Chicago',
      'No VAT',
      'Chicago',
      'No VAT',
      'No VAT',
      'Chicago',
    ])
    expect(rows[0]!['*DueDate']).toBe('25/12/2026')
    golden('qbo-non-us.csv', texts[0]!)
  })
})

describe('QuickBooks Desktop IIF', () => {
  it('tab-separated ASCII with CRLF; every block balances to the cent and ends with its AUTOSTAX line', async () => {
    const { texts, batch } = await exported('qbd-iif')
    const text = texts[0]!
    expect(/^[\x09\x0a\x0d\x20-\x7e]*$/.test(text)).toBe(true)
    expect(text.split('\r\n')[0]).toBe(IIF_TRNS_HEADER.join('\t'))
    expect(text.split('\r\n')[1]).toBe(IIF_SPL_HEADER.join('\t'))
    const blocks = readIif(text)
    expect(blocks.map((b) => b.trns.DOCNUM)).toEqual(['INV-1042', 'INV-1043', 'INV-1044'])
    for (const b of blocks) {
      expect(cents(b.trns.AMOUNT!) + b.spl.reduce((n, s) => n + cents(s.AMOUNT!), 0)).toBe(0)
      expect(b.trns.TRNSTYPE).toBe('INVOICE')
      expect(b.trns.DATE).toMatch(/^\d{2}\/\d{2}\/\d{4}$/)
      const tax = b.spl[b.spl.length - 1]!
      expect(tax).toMatchObject({
        EXTRA: 'AUTOSTAX',
        ACCNT: 'Sales Tax Payable',
        INVITEM: 'Chicago Sales Tax',
        PRICE: '10.25%',
        QNTY: '',
      })
      expect(
        b.spl
          .slice(0, -1)
          .every(
            (s) =>
              s.EXTRA === '' &&
              s.INVITEM !== '' &&
              Math.round(cents(s.PRICE!) * Math.abs(Number(s.QNTY))) === -cents(s.AMOUNT!),
          ),
      ).toBe(true)
    }
    expect(blocks[1]!.trns.NAME).toBe('Rosa Pena')
    // 1.333 h at 75.00 = 99.975 -> 99.98: the real quantity and rate are kept.
    expect(blocks[2]!.spl[0]).toMatchObject({ MEMO: 'Apprentice diagnostic', QNTY: '-1.333', PRICE: '75.00' })
    expect(cents(blocks[1]!.trns.AMOUNT!)).toBe(batch.jobs[1]!.totalCents)
    golden('qbd.iif', text)
  })
})

describe('Xero CSV', () => {
  it('the 29-column template, contact and dates on every row, TaxType by name, totals left to Xero', async () => {
    const { texts } = await exported('xero-csv')
    expect(csvHeader(texts[0]!)).toEqual([...XERO_HEADER])
    expect(XERO_HEADER).toHaveLength(29)
    const rows = csvRows(texts[0]!)
    expect(rows).toHaveLength(9)
    for (const r of rows) {
      expect(r['*ContactName']).not.toBe('')
      expect(r['*InvoiceDate']).toBe('11/25/2026')
      expect(r['Total']).toBe('')
      expect(r['TaxAmount']).toBe('')
      expect(r['*AccountCode']).toBe('200')
    }
    expect(
      rows.filter((r) => r['*InvoiceNumber'] === 'INV-1042').map((r) => [r['InventoryItemCode'], r['*TaxType']]),
    ).toEqual([
      ['LAB-J', 'Tax Exempt'],
      ['CAP455', 'Tax on Sales'],
    ])
    golden('xero.csv', texts[0]!)
  })

  it("uses the organisation's date order", async () => {
    const { texts } = await exported('xero-csv', (o) => saveExportSettings(o, { xero: { dateFormat: 'DD/MM/YYYY' } }))
    expect(csvRows(texts[0]!)[0]!['*DueDate']).toBe('25/12/2026')
  })
})

describe('plain CSV + JSON', () => {
  it('writes the lines as CSV and the same invoices as a JSON document with matching totals', async () => {
    const { texts, batch } = await exported('csv')
    expect(batch.files.map((f) => f.name)).toEqual([
      'invoices-2026-11-25-batch-1.csv',
      'invoices-2026-11-25-batch-1.json',
    ])
    const doc = JSON.parse(texts[1]!) as {
      schema: string
      invoices: { invoiceNumber: string; total: string; lines: { amount: string }[]; taxAmount: string }[]
    }
    expect(doc.schema).toBe('closeout-export/v1')
    for (const inv of doc.invoices) {
      expect(inv.lines.reduce((n, l) => n + cents(l.amount), 0) + cents(inv.taxAmount)).toBe(cents(inv.total))
    }
    expect(csvRows(texts[0]!).filter((r) => r['invoice_number'] === 'INV-1044')).toHaveLength(2)
    golden('plain.csv', texts[0]!)
    golden('plain.json', texts[1]!)
  })
})
