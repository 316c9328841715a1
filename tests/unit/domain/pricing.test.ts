import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { lineAmount } from '../../../src-shared/domain/money'
import {
  allocate,
  lineCents,
  priceInvoice,
  type Discount,
  type LaborRateEntry,
  type LineInput,
  type PriceBookEntry,
} from '../../../src-shared/domain/pricing'

const book = new Map<string, PriceBookEntry>([
  ['CAP', { sku: 'CAP', description: 'Capacitor', unitPriceCents: 3800, taxable: true }],
  ['NOTAX', { sku: 'NOTAX', description: 'Service plan', unitPriceCents: 10_000, taxable: false }],
])
const rates = new Map<string, LaborRateEntry>([
  ['journeyman', { role: 'journeyman', rateCents: 12_500, overtimeMultiplierMilli: 1500, taxable: false }],
])

let n = 0
function line(kind: LineInput['kind'], fields: Partial<LineInput>): LineInput {
  n++
  return {
    lineNo: n,
    kind,
    path: `x[${n}]`,
    description: kind,
    quantityMilli: 1000,
    billable: true,
    overtime: false,
    ...fields,
  }
}
const part = (fields: Partial<LineInput>) => line('part', fields)
const labor = (fields: Partial<LineInput>) => line('labor', { role: 'journeyman', ...fields })

describe('pricing', () => {
  it('labor: hours x rate; overtime hours x rate x multiplier; non-billable at 0.00', () => {
    const { lines } = priceInvoice(
      [
        labor({ quantityMilli: 1500 }),
        labor({ quantityMilli: 1500, overtime: true }),
        labor({ quantityMilli: 2000, billable: false }),
      ],
      book,
      rates,
      null,
      null,
    )
    expect(lines.map((l) => l.amountCents)).toEqual([18_750, 28_125, 0])
  })

  it("parts: the closeout's price first, then the price book's, else unpriced", () => {
    const { lines, totals } = priceInvoice(
      [part({ sku: 'CAP', unitPriceCents: 4000 }), part({ sku: 'CAP', quantityMilli: 2000 }), part({ sku: 'NONE' })],
      book,
      rates,
      null,
      null,
    )
    expect(lines.map((l) => [l.priceSource, l.amountCents])).toEqual([
      ['closeout', 4000],
      ['price-book', 7600],
      ['none', null],
    ])
    expect(totals.subtotal).toBe(11_600)
  })

  it('rounds each line once, half away from zero', () => {
    // 0.333 x 1.00 -> 0.33; 0.5 x 0.01 = 0.005 -> 0.01; 0.345 x 1.00 -> 0.35 (banker's rounding would say 0.34)
    const { lines } = priceInvoice(
      [
        part({ unitPriceCents: 100, quantityMilli: 333 }),
        part({ unitPriceCents: 1, quantityMilli: 500 }),
        part({ unitPriceCents: 100, quantityMilli: 345 }),
        line('adjustment', { unitPriceCents: -5 }),
      ],
      book,
      rates,
      null,
      null,
    )
    expect(lines.map((l) => l.amountCents)).toEqual([33, 1, 35, -5])
  })

  it('computes tax once per invoice, not per line', () => {
    // Two taxable lines of 0.05 at 10%: per line 0.005 + 0.005 would round to 0.02; once on 0.10 it is 0.01.
    const { totals } = priceInvoice(
      [part({ unitPriceCents: 5 }), part({ unitPriceCents: 5 })],
      book,
      rates,
      null,
      10_000,
    )
    expect(totals).toEqual({ subtotal: 10, discount: 0, taxable: 10, tax: 1, total: 11 })
  })

  it('taxes only taxable lines, after their share of the discount (docs/rules.md example)', () => {
    // labor 187.50 (not taxable) + capacitor 38.00 (taxable) = 225.50; 10% off = 22.55,
    // shared 18.75 / 3.80; taxable 34.20; tax 10.25% = 3.5055 -> 3.51; total 206.46.
    const { lines, totals } = priceInvoice(
      [labor({ quantityMilli: 1500 }), part({ sku: 'CAP' })],
      book,
      rates,
      { percentMilli: 10_000 },
      10_250,
    )
    expect(lines.map((l) => l.discountShareCents)).toEqual([1875, 380])
    expect(totals).toEqual({ subtotal: 22_550, discount: 2_255, taxable: 3_420, tax: 351, total: 20_646 })
  })

  it('an amount discount larger than the taxable lines never makes the taxable base negative', () => {
    const { totals } = priceInvoice([part({ sku: 'CAP' })], book, rates, { amountCents: 5_000 }, 10_000)
    expect(totals).toEqual({ subtotal: 3_800, discount: 5_000, taxable: 0, tax: 0, total: -1_200 })
  })

  it('allocate: shares add up exactly, leftover cents to the largest remainders', () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33])
    expect(allocate(10, [333, 333, 334])).toEqual([3, 3, 4])
    expect(allocate(-7, [50, 50])).toEqual([-4, -3])
    expect(allocate(5, [-100, 0, 100])).toEqual([0, 0, 5])
    expect(allocate(5, [0, 0])).toEqual([0, 0])
  })
})

describe('pricing property: nothing is lost or created by rounding', () => {
  it('the fast line rounding equals the BigInt one everywhere, including near 2^53', () => {
    const big = 2 ** 40
    fc.assert(
      fc.property(fc.integer({ min: -big, max: big }), fc.integer({ min: 0, max: 1_000_000 }), (unit, qty) => {
        expect(lineCents(unit, qty)).toBe(lineAmount(unit, qty))
      }),
      { numRuns: 5000 },
    )
    for (const [unit, qty] of [
      [1, 500],
      [-1, 500],
      [3, 167],
      [-3, 167],
      [9_007_199_254, 740],
      [2 ** 43, 999],
    ] as const) {
      expect(lineCents(unit, qty)).toBe(lineAmount(unit, qty))
    }
  })

  const lineArb = fc.oneof(
    fc.record({
      kind: fc.constant('part' as const),
      unitPriceCents: fc.integer({ min: 0, max: 5_000_000 }),
      quantityMilli: fc.integer({ min: 0, max: 500_000 }),
      sku: fc.constantFrom('CAP', 'NOTAX', null),
    }),
    fc.record({
      kind: fc.constant('labor' as const),
      quantityMilli: fc.integer({ min: 0, max: 40_000 }),
      overtime: fc.boolean(),
      billable: fc.boolean(),
    }),
    fc.record({ kind: fc.constant('adjustment' as const), unitPriceCents: fc.integer({ min: -50_000, max: 50_000 }) }),
  )
  const discountArb: fc.Arbitrary<Discount> = fc.oneof(
    fc.constant(null),
    fc.integer({ min: 0, max: 100_000 }).map((percentMilli) => ({ percentMilli })),
    fc.integer({ min: 0, max: 1_000_000 }).map((amountCents) => ({ amountCents })),
  )

  it('total = sum of rounded line amounts - discount + tax; shares sum to the discount; each rounding is within half a cent', () => {
    fc.assert(
      fc.property(
        fc.array(lineArb, { maxLength: 30 }),
        discountArb,
        fc.integer({ min: 0, max: 20_000 }),
        (raw, discount, taxRate) => {
          const inputs = raw.map((r, i) =>
            line(r.kind, { ...r, path: `x[${i}]`, role: r.kind === 'labor' ? 'journeyman' : null }),
          )
          const { lines, totals } = priceInvoice(inputs, book, rates, discount, taxRate)
          const amounts = lines.map((l) => l.amountCents ?? 0)
          const sum = amounts.reduce((a, b) => a + b, 0)
          expect(totals.subtotal).toBe(sum)
          expect(totals.total).toBe(sum - totals.discount + totals.tax)
          const shares = lines.reduce((a, l) => a + l.discountShareCents, 0)
          if (amounts.some((a) => a > 0)) expect(shares).toBe(totals.discount)
          const taxable = lines
            .filter((l) => l.taxable)
            .reduce((a, l) => a + (l.amountCents ?? 0) - l.discountShareCents, 0)
          expect(totals.taxable).toBe(Math.max(0, taxable))
          // |tax - exact| <= half a cent, with the exact value as a fraction: taxable x rate / 100000.
          const taxDiff = BigInt(totals.tax) * 100_000n - BigInt(totals.taxable) * BigInt(taxRate)
          expect(2n * (taxDiff < 0n ? -taxDiff : taxDiff) <= 100_000n).toBe(true)
          for (const l of lines) {
            if (l.kind !== 'part' || l.amountCents === null) continue
            const exact = BigInt(l.effectiveUnitCents!) * BigInt(l.quantityMilli)
            const diff = BigInt(l.amountCents) * 1000n - exact
            expect(2n * (diff < 0n ? -diff : diff) <= 1000n).toBe(true)
          }
        },
      ),
      { numRuns: 500 },
    )
  })
})
