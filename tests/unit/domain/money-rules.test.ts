import { describe, expect, it } from 'vitest'
import { evaluateRules } from '../../../src-shared/domain/rules'
import { CloseoutSchema } from '../../../src-shared/schemas/closeout'
import { PER_LINE_HALF_EVEN } from '../../../src-shared/domain/tax-rounding'
import { routineCloseout, rulesInput } from './rules-fixture'

const codes = (r: ReturnType<typeof evaluateRules>) => r.findings.map((f) => f.code)
const policy = (extra: object = {}) => ({
  discountPercentOverMilli: 10_000,
  overtimeHoursOverMilli: 2_000,
  partsOverEstimatePercentMilli: 15_000,
  signatureExceptionNeedsApproval: true,
  warrantyNeedsApproval: true,
  belowEstimatePercentMilli: 50_000,
  ...extra,
})

describe('negative money (spec v1.1)', () => {
  it('a negative discount is an invalid document, naming discount.amount', () => {
    const r = CloseoutSchema.safeParse(routineCloseout({ discount: { amount: '-20.00', reason: 'surcharge' } }))
    expect(r.success).toBe(false)
    expect(r.error!.issues[0]!.path).toEqual(['discount', 'amount'])
  })

  it('a -500.00 adjustment is a negative total at ingest (block) and a credit that needs approval', () => {
    const r = evaluateRules(
      rulesInput({
        closeout: { adjustments: [{ kind: 'credit', description: 'Goodwill credit', amount: '-500.00' }] },
        policy: policy(),
      }),
    )
    expect(codes(r)).toEqual(expect.arrayContaining(['negative-total', 'credit-needs-approval']))
    expect(r.verdict).toBe('needs-review')
    expect(r.findings.find((f) => f.code === 'credit-needs-approval')!.path).toBe('adjustments[0]')
  })

  it('a -120.00 credit counts against the discount limit like a discount would', () => {
    const r = evaluateRules(
      rulesInput({
        closeout: { adjustments: [{ kind: 'credit', description: 'Loyalty credit', amount: '-120.00' }] },
        policy: policy({ creditsNeedApproval: false, belowEstimatePercentMilli: null }),
      }),
    )
    expect(codes(r)).toEqual(['discount-over-limit'])
    expect(r.findings[0]!.message).toBe('Discount and credits 120.00 (53% of 225.50) are over the 10% limit')
    expect(r.verdict).toBe('needs-approval')
  })

  it('credits need approval unless the policy says otherwise; a small credit passes the limit', () => {
    const credit = { adjustments: [{ kind: 'credit', description: 'Coupon', amount: '-5.00' }] }
    expect(codes(evaluateRules(rulesInput({ closeout: credit, policy: policy() })))).toEqual(['credit-needs-approval'])
    expect(
      evaluateRules(rulesInput({ closeout: credit, policy: policy({ creditsNeedApproval: false }) })).verdict,
    ).toBe('invoice-ready')
  })
})

describe('below estimate (spec v1.1)', () => {
  const maintenance = {
    id: 'J-1',
    notToExceedCents: null,
    estimate: [{ kind: 'labor' as const, role: 'journeyman', hoursMilli: 3864 }],
  }

  it('483.00 estimated, 125.00 closed: below-estimate with the figures', () => {
    const r = evaluateRules(
      rulesInput({
        closeout: { labor: [{ role: 'journeyman', hours: '1', billable: true, overtime: false }], parts: [] },
        job: maintenance,
        policy: policy(),
      }),
    )
    expect(codes(r)).toEqual(['below-estimate'])
    expect(r.findings[0]!.message).toBe('Work before tax 125.00 is 26% of the 483.00 estimate (more than 50% below it)')
  })

  it('compares the work before tax: a clean taxable job at its estimate is not flagged, nor is the policy off', () => {
    expect(evaluateRules(rulesInput({ policy: policy() })).verdict).toBe('invoice-ready')
    const off = policy({ belowEstimatePercentMilli: null })
    const r = evaluateRules(
      rulesInput({
        closeout: { labor: [{ role: 'journeyman', hours: '1', billable: true, overtime: false }], parts: [] },
        job: maintenance,
        policy: off,
      }),
    )
    expect(codes(r)).toEqual([])
  })
})

describe('tax the way the office system computes it', () => {
  it('38.00 and -5.00 at 6.25%: 2.07 for a Xero office, 2.06 otherwise', () => {
    const closeout = {
      labor: [],
      parts: [
        { sku: 'CAP-45-5', description: 'Capacitor', quantity: 1 },
        { sku: 'CAP-45-5', description: 'Returned capacitor core', quantity: 1, unitPrice: '-5.00' },
      ],
    }
    const xero = evaluateRules(rulesInput({ closeout, taxRateMilli: 6250, taxRounding: PER_LINE_HALF_EVEN }))
    const plain = evaluateRules(rulesInput({ closeout, taxRateMilli: 6250 }))
    expect([xero.totals.tax, xero.totals.total]).toEqual([207, 3507])
    expect([plain.totals.tax, plain.totals.total]).toEqual([206, 3506])
  })
})
