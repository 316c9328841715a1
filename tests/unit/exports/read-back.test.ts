import fc from 'fast-check'
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { ExportSettingsSchema, type ExportFormat } from '../../../src-shared/api/exports'
import { priceInvoice, type LineInput } from '../../../src-shared/domain/pricing'
import { taxRoundingFor, type AccountingSystem } from '../../../src-shared/domain/tax-rounding'
import { WRITERS } from '../../../src-main/core/exports/export-formats'
import type { ExportInvoice, WriterContext } from '../../../src-main/core/exports/export-invoice'
import { targetRounding, withRoundingLine } from '../../../src-main/core/exports/export-lines'
import { checkMoney } from '../../../src-main/core/exports/money-checks'
import { readIif } from '../../support/iif-reader'

/**
 * Every export, read back by a parser written from the vendors' own rules (not from Closeout's
 * code), must book the total Closeout's invoice shows, to the cent:
 * - Xero: each line's amount = quantity x unit price and each line's tax, both rounded to the cent
 *   half to even, then summed ("Rounding in Xero").
 * - QuickBooks Online US: line amounts as written; tax = taxable subtotal x rate, half up (Intuit
 *   "How is sales tax calculated?"). Non-US: tax per line, half up.
 * - IIF: the TRNS amount, and the block balances to zero.
 */
type Row = Record<string, string>
const csvRows = (text: string): Row[] => parse(text, { columns: true, record_delimiter: '\r\n', bom: true }) as Row[]

/** "-12.3456" -> exact [numerator, 10^decimals]. */
function decimal(text: string): [bigint, bigint] {
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text)
  if (!m) throw new Error(`not a number: "${text}"`)
  const frac = m[3] ?? ''
  const n = BigInt(`${m[2]}${frac}`)
  return [m[1] ? -n : n, 10n ** BigInt(frac.length)]
}

/** n/d to whole cents: ties away from zero, or to even. */
function toCents(n: bigint, d: bigint, even: boolean): number {
  const neg = n < 0n
  const a = neg ? -n : n
  let q = a / d
  const r2 = (a % d) * 2n
  if (r2 > d || (r2 === d && (!even || q % 2n === 1n))) q += 1n
  return Number(neg ? -q : q)
}

function timesCents(a: string, b: string, even: boolean): number {
  const [an, ad] = decimal(a)
  const [bn, bd] = decimal(b)
  return toCents(an * bn * 100n, ad * bd, even)
}

const RATE = '6.25'

function xeroTotals(text: string, taxName: string): Map<string, number> {
  const totals = new Map<string, number>()
  for (const r of csvRows(text)) {
    const amount = timesCents(r['*Quantity']!, r['*UnitAmount']!, true)
    const tax = r['*TaxType'] === taxName ? timesCents(String(amount / 100), String(Number(RATE) / 100), true) : 0
    totals.set(r['*InvoiceNumber']!, (totals.get(r['*InvoiceNumber']!) ?? 0) + amount + tax)
  }
  return totals
}

function qboTotals(text: string, perLine: boolean, taxName: string): Map<string, number> {
  const lines = new Map<string, { amount: number; taxable: boolean }[]>()
  for (const r of csvRows(text)) {
    const amount = Number(decimal(r['*ItemAmount']!)[0])
    expect(timesCents(r['ItemQuantity']!, r['ItemRate']!, false)).toBe(amount)
    const taxable = perLine ? r['*ItemTaxCode'] === taxName : r['Taxable'] === 'Y'
    lines.set(r['*InvoiceNo']!, [...(lines.get(r['*InvoiceNo']!) ?? []), { amount, taxable }])
  }
  const rate = (cents: number) => timesCents((cents / 100).toFixed(2), (Number(RATE) / 100).toFixed(4), false)
  return new Map(
    [...lines].map(([no, ls]) => {
      const sum = ls.reduce((n, l) => n + l.amount, 0)
      const taxed = ls.filter((l) => l.taxable)
      const tax = perLine
        ? taxed.reduce((n, l) => n + rate(l.amount), 0)
        : rate(
            Math.max(
              0,
              taxed.reduce((n, l) => n + l.amount, 0),
            ),
          )
      return [no, sum + tax]
    }),
  )
}

function iifTotals(text: string): Map<string, number> {
  return new Map(
    readIif(text).map((b) => {
      const total = Number(decimal(b.trns.AMOUNT!)[0])
      expect(total + b.spl.reduce((n, s) => n + Number(decimal(s.AMOUNT!)[0]), 0)).toBe(0)
      return [b.trns.DOCNUM!, total]
    }),
  )
}

const line = fc.record({
  kind: fc.constantFrom<'part' | 'labor' | 'adjustment'>('part', 'part', 'labor', 'adjustment'),
  quantityMilli: fc.integer({ min: 1, max: 20_000 }),
  unitPriceCents: fc.integer({ min: -2_000, max: 60_000 }),
  taxable: fc.boolean(),
})

function invoiceFor(
  specs: { kind: 'part' | 'labor' | 'adjustment'; quantityMilli: number; unitPriceCents: number; taxable: boolean }[],
  office: AccountingSystem | null,
  qboForm: 'us' | 'non-us',
): ExportInvoice {
  const inputs: LineInput[] = specs.map((s, i) => ({
    lineNo: i + 1,
    kind: s.kind === 'labor' ? 'part' : s.kind,
    path: `lines[${i}]`,
    description: `Line ${i + 1}`,
    sku: s.taxable ? 'TAX' : 'NOTAX',
    quantityMilli: s.kind === 'adjustment' ? 1000 : s.quantityMilli,
    unitPriceCents: s.unitPriceCents,
    billable: true,
    overtime: false,
  }))
  const book = new Map([
    ['TAX', { sku: 'TAX', description: 't', unitPriceCents: 100, taxable: true }],
    ['NOTAX', { sku: 'NOTAX', description: 'n', unitPriceCents: 100, taxable: false }],
  ])
  const { lines, totals } = priceInvoice(inputs, book, new Map(), null, 6250, taxRoundingFor(office, qboForm))
  return {
    jobId: 'J-1',
    submissionId: 's',
    invoiceNumber: 'INV-1',
    customerId: 'C-1',
    customerName: 'Acme',
    customerNames: { qbo: 'Acme', xero: 'Acme', iif: 'Acme' },
    customerEmail: '',
    customerAddress: '',
    siteAddress: '',
    poNumber: null,
    technician: null,
    serviceDate: '2026-11-24',
    completedAt: '2026-11-24T10:00:00Z',
    subtotalCents: totals.subtotal,
    discountCents: 0,
    taxCents: totals.tax,
    totalCents: totals.total,
    tax: { id: 'st', name: 'Sales tax', rateMilli: 6250, names: { qbo: 'ST', xero: 'ST', iif: 'ST' } },
    lines: lines.map((l) => ({
      lineNo: l.lineNo,
      kind: l.kind === 'adjustment' ? 'adjustment' : 'part',
      ref: l.sku ?? 'x',
      mappingKind: 'item',
      description: l.description,
      quantityMilli: l.quantityMilli,
      amountCents: l.amountCents ?? 0,
      unitE4: (l.effectiveUnitCents ?? 0) * 100,
      taxable: l.taxable,
      names: { qbo: 'Item', xero: 'ITEM', iif: 'Item' },
    })),
    roundingNames: { qbo: 'Rounding', xero: 'ROUND', iif: 'Rounding' },
    unpricedLines: [],
    invoiceDate: '2026-11-25',
    dueDate: '2026-12-25',
    terms: 'Net 30',
  }
}

function readBack(format: ExportFormat, inv: ExportInvoice, qboForm: 'us' | 'non-us'): number {
  const settings = ExportSettingsSchema.parse({ qbo: { form: qboForm } })
  const ctx: WriterContext = {
    company: { name: 'N', currency: 'USD', paymentTermsDays: 30, nextInvoiceNumber: 1, invoicePrefix: 'INV-' },
    settings,
    batchId: 1,
    createdAt: '2026-11-25T18:00:00Z',
    hasSalesTax: true,
  }
  const ready = withRoundingLine(inv, targetRounding(format, qboForm))
  const text = WRITERS[format]([ready], ctx, 'f')[0]!.content.toString(format === 'qbd-iif' ? 'latin1' : 'utf8')
  const totals =
    format === 'xero-csv'
      ? xeroTotals(text, 'ST')
      : format === 'qbo-csv'
        ? qboTotals(text, qboForm === 'non-us', 'ST')
        : iifTotals(text)
  return totals.get('INV-1')!
}

const FORMATS: ExportFormat[] = ['qbo-csv', 'xero-csv', 'qbd-iif']

describe('every export read back equals the invoice total to the cent', () => {
  it('the counterexample: 38.00 and -5.00 at 6.25% is 2.07 tax in Xero (per line) and 2.06 on the subtotal', () => {
    const specs = [
      { kind: 'part' as const, quantityMilli: 1000, unitPriceCents: 3800, taxable: true },
      { kind: 'part' as const, quantityMilli: 1000, unitPriceCents: -500, taxable: true },
    ]
    const xeroOffice = invoiceFor(specs, 'xero', 'us')
    const qboOffice = invoiceFor(specs, 'qbo', 'us')
    expect([xeroOffice.taxCents, xeroOffice.totalCents]).toEqual([207, 3507])
    expect([qboOffice.taxCents, qboOffice.totalCents]).toEqual([206, 3506])
    for (const format of FORMATS) {
      expect(readBack(format, xeroOffice, 'us')).toBe(3507)
      expect(readBack(format, qboOffice, 'us')).toBe(3506)
    }
    // A QuickBooks office's invoice exported to Xero carries an explicit -0.01 rounding line, and says so.
    const toXero = withRoundingLine(qboOffice, targetRounding('xero-csv', 'us'))
    expect(toXero.lines.at(-1)).toMatchObject({ kind: 'rounding', amountCents: -1, taxable: false })
    expect(checkMoney('xero-csv', [toXero], 'us').map((f) => f.code)).toContain('tax-rounding-line')
    expect(withRoundingLine(xeroOffice, targetRounding('xero-csv', 'us'))).toBe(xeroOffice)
  })

  it('property: random line sets, every office system, every format', () => {
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 12 }),
        fc.constantFrom<AccountingSystem | null>('qbo', 'xero', 'iif', null),
        fc.constantFrom<'us' | 'non-us'>('us', 'non-us'),
        (specs, office, qboForm) => {
          const inv = invoiceFor(specs, office, qboForm)
          for (const format of FORMATS) expect(readBack(format, inv, qboForm)).toBe(inv.totalCents)
        },
      ),
      { numRuns: 150 },
    )
  }, 60_000)
})
