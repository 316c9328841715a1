import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  freeNumbers,
  numberedNames,
  numberInvoices,
  splitInvoices,
} from '../../../src-main/core/exports/export-invoice'
import { amountOf, formatUnitE4, lineForm } from '../../../src-main/core/exports/export-lines'
import type { ExportLine, InvoiceSource } from '../../../src-main/core/exports/invoice-source'
import { roundLine } from '../../../src-shared/domain/tax-rounding'

const line = (quantityMilli: number, amountCents: number, unitE4: number | null): ExportLine => ({
  lineNo: 1,
  kind: 'labor',
  ref: 'journeyman',
  mappingKind: 'labor',
  description: 'Labor',
  quantityMilli,
  amountCents,
  unitE4,
  taxable: false,
  names: {},
})

describe('quantity and unit price', () => {
  it('always gives quantity x unit price = amount to the cent, under either tie rule', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: -100_000, max: 1_000_000 }),
        fc.constantFrom<'up' | 'even'>('up', 'even'),
        fc.boolean(),
        (q, unit, half, known) => {
          const amount = roundLine(unit, q, half)
          const f = lineForm(line(q, amount, known ? unit * 100 : null), half)
          expect(amountOf(f.quantityMilli, f.unitE4, half)).toBe(amount)
          if (known) expect(f).toMatchObject({ quantityMilli: q, unitE4: unit * 100, kept: true })
        },
      ),
    )
  })

  it('keeps 2.5 lb at 18.75 as 2.5 x 18.75 = 46.88, not 1 x 46.88', () => {
    expect(lineForm(line(2500, 4688, 187_500), 'up')).toEqual({
      quantityMilli: 2500,
      unitE4: 187_500,
      description: 'Labor',
      kept: true,
    })
    expect(formatUnitE4(187_500)).toBe('18.75')
    expect(formatUnitE4(1_433_250)).toBe('143.325')
    expect(formatUnitE4(612)).toBe('0.0612')
  })

  it('falls back to 1 x amount, naming quantity and price, only when the system would compute another amount', () => {
    // 0.5 x 0.25 = 0.125: 0.13 half up, 0.12 half to even (Xero).
    expect(lineForm(line(500, 13, 2500), 'even')).toEqual({
      quantityMilli: 1000,
      unitE4: 1300,
      description: 'Labor (quantity 0.5 x 0.25)',
      kept: false,
    })
    expect(lineForm(line(1333, 16663, null), 'up')).toMatchObject({ quantityMilli: 1000, kept: false })
    expect(lineForm(line(1500, 18750, null), 'up')).toMatchObject({ quantityMilli: 1500, unitE4: 1_250_000 })
  })
})

describe('numbering and splitting', () => {
  const source = (jobId: string, invoiceNumber: string | null = null) =>
    ({ jobId, invoiceNumber }) as unknown as InvoiceSource
  const company = { name: 'N', currency: 'USD', paymentTermsDays: 30, nextInvoiceNumber: 1042, invoicePrefix: 'INV-' }

  it('numbers in order, skips numbers in use and keeps a number from a voided batch', () => {
    const numbers = freeNumbers(company.nextInvoiceNumber, 2, (n) => n === 1043)
    expect(numbers).toEqual([1042, 1044])
    const invoices = numberInvoices(
      [source('A'), source('B', 'INV-1001'), source('C')],
      company,
      () => '2026-11-25',
      numbers,
    )
    expect(invoices.map((i) => i.invoiceNumber)).toEqual(['INV-1042', 'INV-1001', 'INV-1044'])
    expect(invoices[0]).toMatchObject({ invoiceDate: '2026-11-25', dueDate: '2026-12-25', terms: 'Net 30' })
  })

  it('never splits an invoice across files and respects both limits', () => {
    const items = [3, 4, 2, 5, 1].map((rows) => ({ rows }))
    expect(splitInvoices(items, 100, 7).map((g) => g.map((i) => i.rows))).toEqual([[3, 4], [2, 5], [1]])
    expect(splitInvoices(items, 2, 1000).map((g) => g.length)).toEqual([2, 2, 1])
    expect(numberedNames('inv.csv', 1)).toEqual(['inv.csv'])
    expect(numberedNames('inv.csv', 12)[0]).toBe('inv-01.csv')
  })
})
