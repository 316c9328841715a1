import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ExportSettingsSchema, type ExportFormat } from '../../../src-shared/api/exports'
import { allocate, priceInvoice, type Discount, type LineInput } from '../../../src-shared/domain/pricing'
import { taxRoundingFor, type AccountingSystem } from '../../../src-shared/domain/tax-rounding'
import { WRITERS } from '../../../src-main/core/exports/export-formats'
import type { ExportInvoice, WriterContext } from '../../../src-main/core/exports/export-invoice'
import { targetRounding, withRoundingLine } from '../../../src-main/core/exports/export-lines'
import { checkMoney } from '../../../src-main/core/exports/money-checks'
import type { ExportLine } from '../../../src-main/core/exports/invoice-source'
import { iifBooks, plainBooks, qboBooks, xeroBooks } from '../../support/accounting-read-back'

/**
 * Every export, read back by a parser written from the vendors' own rules (not from Closeout's
 * code), must book the total Closeout's invoice shows, to the cent:
 * - Xero: each line's amount = quantity x unit price and each line's tax, both rounded to the cent
 *   half to even, then summed ("Rounding in Xero").
 * - QuickBooks Online US: line amounts as written; tax = taxable subtotal x rate, half up (Intuit
 *   "How is sales tax calculated?"). Non-US: tax per line, half up.
 * - IIF: the TRNS amount, and the block balances to zero.
 * - Plain CSV: the lines and the tax add up to the invoice total written.
 * The readers are tests/support/accounting-read-back.ts (exact decimals, no floats).
 */
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
  discount: Discount = null,
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
  const { lines, totals } = priceInvoice(inputs, book, new Map(), discount, 6250, taxRoundingFor(office, qboForm))
  // The discount as the exports write it: a taxable and a non-taxable negative line, the
  // shares allocated over the lines as the pricing rules did.
  const shares = allocate(
    totals.discount,
    lines.map((l) => l.amountCents ?? 0),
  )
  const taxablePart = lines.reduce((n, l, i) => n + (l.taxable ? (shares[i] ?? 0) : 0), 0)
  const discountLines = [
    { amount: taxablePart, taxable: true },
    { amount: totals.discount - taxablePart, taxable: false },
  ]
    .filter((d) => d.amount !== 0)
    .map((d, k): ExportLine => ({
      lineNo: lines.length + k + 1,
      kind: 'discount',
      ref: 'discount',
      mappingKind: 'adjustment',
      description: `Discount${d.taxable ? ' (taxable items)' : ''}`,
      quantityMilli: 1000,
      amountCents: -d.amount,
      unitE4: -d.amount * 100,
      taxable: d.taxable,
      names: { qbo: 'Discount', xero: 'DISC', iif: 'Discount' },
      inPriceBook: false,
    }))
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
    discountCents: totals.discount,
    taxCents: totals.tax,
    totalCents: totals.total,
    tax: { id: 'st', name: 'Sales tax', rateMilli: 6250, names: { qbo: 'ST', xero: 'ST', iif: 'ST' } },
    lines: [
      ...lines.map((l): ExportLine => ({
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
      ...discountLines,
    ],
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
  const rates = { ST: '6.25' }
  const totals =
    format === 'xero-csv'
      ? xeroBooks(text, rates)
      : format === 'qbo-csv'
        ? qboBooks(text, qboForm, rates)
        : format === 'qbd-iif'
          ? iifBooks(text)
          : plainBooks(text)
  return Number(totals.get('INV-1')!)
}

const FORMATS: ExportFormat[] = ['qbo-csv', 'xero-csv', 'qbd-iif', 'csv']

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

  it('property: random line sets and discounts, every office system, every format', () => {
    const discount = fc.oneof(
      fc.constant<Discount>(null),
      fc.integer({ min: 1, max: 30_000 }).map<Discount>((percentMilli) => ({ percentMilli })),
      fc.integer({ min: 1, max: 5_000 }).map<Discount>((amountCents) => ({ amountCents })),
    )
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 12 }),
        fc.constantFrom<AccountingSystem | null>('qbo', 'xero', 'iif', null),
        fc.constantFrom<'us' | 'non-us'>('us', 'non-us'),
        discount,
        (specs, office, qboForm, d) => {
          const inv = invoiceFor(specs, office, qboForm, d)
          for (const format of FORMATS) expect(readBack(format, inv, qboForm)).toBe(inv.totalCents)
        },
      ),
      { numRuns: 200 },
    )
  }, 60_000)
})
