import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  numberedNames,
  numberInvoices,
  quantityAndRate,
  splitInvoices,
} from '../../../src-main/core/exports/export-invoice'
import type { ExportLine, InvoiceSource } from '../../../src-main/core/exports/invoice-source'
import { lineAmount } from '../../../src-shared/domain/money'

const line = (quantityMilli: number, amountCents: number): ExportLine => ({
  lineNo: 1,
  kind: 'labor',
  ref: 'journeyman',
  mappingKind: 'labor',
  description: 'Labor',
  quantityMilli,
  amountCents,
  taxable: false,
  names: {},
})

describe('quantity and rate', () => {
  it('always gives quantity x rate = amount to the cent', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: -100_000, max: 1_000_000 }), (q, unit) => {
        const amount = lineAmount(unit, q)
        const r = quantityAndRate(line(q, amount))
        expect(lineAmount(r.rateCents, r.quantityMilli)).toBe(amount)
        expect(r.rateCents * r.quantityMilli).toBe(amount * 1000)
      }),
    )
  })

  it('keeps the real quantity in the description when the rate is not a whole cent', () => {
    expect(quantityAndRate(line(1333, 16663))).toEqual({
      quantityMilli: 1000,
      rateCents: 16663,
      description: 'Labor (quantity 1.333)',
    })
    expect(quantityAndRate(line(1500, 18750))).toEqual({ quantityMilli: 1500, rateCents: 12500, description: 'Labor' })
  })
})

describe('numbering and splitting', () => {
  const source = (jobId: string, invoiceNumber: string | null = null) =>
    ({ jobId, invoiceNumber }) as unknown as InvoiceSource
  const company = { name: 'N', currency: 'USD', paymentTermsDays: 30, nextInvoiceNumber: 1042, invoicePrefix: 'INV-' }

  it('numbers in order, skips numbers in use and keeps a number from a voided batch', () => {
    const { invoices, nextInvoiceNumber } = numberInvoices(
      [source('A'), source('B', 'INV-1001'), source('C')],
      company,
      '2026-11-25',
      new Set(['INV-1043']),
    )
    expect(invoices.map((i) => i.invoiceNumber)).toEqual(['INV-1042', 'INV-1001', 'INV-1044'])
    expect(nextInvoiceNumber).toBe(1045)
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
