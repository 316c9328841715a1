import { describe, expect, it } from 'vitest'
import { evaluateRules, FINDING_SEVERITY, moneyText, verdictOf } from '../../../src-shared/domain/rules'
import { rulesInput } from './rules-fixture'

type Input = Parameters<typeof rulesInput>[0]
const codes = (overrides: Input = {}) => evaluateRules(rulesInput(overrides)).findings.map((f) => f.code)
const only = (code: string, overrides: Input = {}) =>
  evaluateRules(rulesInput(overrides)).findings.filter((f) => f.code === code)

describe('rules engine: a routine job', () => {
  it('goes straight to invoice-ready with no findings and the documented totals', () => {
    const result = evaluateRules(rulesInput())
    expect(result.findings).toEqual([])
    expect(result.verdict).toBe('invoice-ready')
    expect(result.totals).toEqual({ subtotal: 22_550, discount: 0, taxable: 3_800, tax: 390, total: 22_940 })
  })

  it('uses exactly the severities of spec section 6', () => {
    expect(FINDING_SEVERITY).toMatchObject({
      'missing-photos': 'block',
      'missing-serial-number': 'block',
      'missing-signature': 'block',
      'unpriced-part': 'block',
      'unknown-job': 'block',
      'unscheduled-job': 'block',
      'signature-exception': 'approval',
      'discount-over-limit': 'approval',
      'overtime-over-limit': 'approval',
      'labor-over-limit': 'approval',
      'parts-outside-estimate': 'approval',
      'total-over-nte': 'approval',
      'warranty-claim': 'approval',
    })
  })
})

describe('block findings', () => {
  it('missing-photos: one photo short of a category, named in words', () => {
    const none = only('missing-photos', { closeout: { attachments: [{ file: 'a.jpg', category: 'after' }] } })
    expect(none).toEqual([
      {
        code: 'missing-photos',
        severity: 'block',
        message: 'Service repair jobs need 1 before photo; none attached',
        path: 'attachments',
      },
    ])
    const jobType = { ...rulesInput().jobType!, requiredPhotos: { before: 2, after: 1 } }
    expect(only('missing-photos', { jobType })[0]!.message).toBe(
      'Service repair jobs need 2 before photos; only 1 attached',
    )
    expect(only('missing-photos')).toEqual([])
  })

  it('missing-photos: "other" photos do not count for a required category', () => {
    const attachments = [
      { file: 'a.jpg', category: 'after' as const },
      { file: 'o.jpg', category: 'other' as const },
    ]
    expect(codes({ closeout: { attachments } })).toContain('missing-photos')
  })

  it('missing-serial-number: required by the job type; blank entries do not count', () => {
    const jobType = { ...rulesInput().jobType!, name: 'Equipment install', requireSerialNumber: true }
    expect(only('missing-serial-number', { jobType })[0]!.message).toBe(
      "Equipment install jobs need the equipment's serial number; none given",
    )
    expect(codes({ jobType, closeout: { serialNumbers: ['  '] } })).toContain('missing-serial-number')
    expect(codes({ jobType, closeout: { serialNumbers: ['4819XK2231'] } })).not.toContain('missing-serial-number')
    expect(codes()).not.toContain('missing-serial-number')
  })

  it('missing-signature: required by the customer, none given and no reason', () => {
    const found = only('missing-signature', { closeout: { signature: null } })
    expect(found).toEqual([
      {
        code: 'missing-signature',
        severity: 'block',
        message: 'Acme Dental requires a customer signature; none given and no reason recorded',
        path: 'signature',
      },
    ])
    const blankReason = { signature: null, exceptions: [{ kind: 'no-signature', reason: '   ' }] }
    expect(codes({ closeout: blankReason })).toContain('missing-signature')
  })

  it('missing-signature: required by the job type alone; not required by either is fine', () => {
    const customer = { id: 'C-2', name: 'Rosa Peña', requiresSignature: false }
    expect(only('missing-signature', { customer, closeout: { signature: null } })[0]!.message).toBe(
      'Service repair jobs require a customer signature; none given and no reason recorded',
    )
    const jobType = { ...rulesInput().jobType!, requireSignature: false }
    expect(codes({ customer, jobType, closeout: { signature: null } })).toEqual([])
  })

  it('unpriced-part: no price and a SKU the price book does not know, or no SKU at all', () => {
    const parts = [
      { sku: 'NOPE-1', description: 'Mystery valve', quantity: 1 },
      { description: 'Duct tape', quantity: 1 },
      { sku: 'NOPE-2', description: 'Priced by tech', quantity: 1, unitPrice: '5.00' },
      { sku: 'CAP-45-5', description: 'From the book', quantity: 1 },
    ]
    const job = { ...rulesInput().job!, estimate: [] }
    const found = only('unpriced-part', { job, closeout: { parts } })
    expect(found).toEqual([
      {
        code: 'unpriced-part',
        severity: 'block',
        message: 'Part "Mystery valve" has no price and SKU NOPE-1 is not in the price book',
        path: 'parts[0]',
      },
      {
        code: 'unpriced-part',
        severity: 'block',
        message: 'Part "Duct tape" has no price and it has no SKU',
        path: 'parts[1]',
      },
    ])
    expect(verdictOf(found)).toBe('needs-review')
  })

  it('unpriced-labor: a role without a labor rate blocks too', () => {
    const labor = [{ role: 'welder', hours: '1' }]
    expect(only('unpriced-labor', { closeout: { labor } })).toEqual([
      {
        code: 'unpriced-labor',
        severity: 'block',
        message: 'Labor role "welder" has no labor rate; add the rate or change the role',
        path: 'labor[0]',
      },
    ])
  })

  it('unknown-job: a job id the office does not know', () => {
    expect(only('unknown-job', { job: null, closeout: { job: { id: 'J-9999' } } })).toEqual([
      {
        code: 'unknown-job',
        severity: 'block',
        message: 'Job J-9999 is not a job the office knows; match it to a job or create one',
        path: 'job.id',
      },
    ])
    expect(codes()).not.toContain('unknown-job')
  })

  it('unscheduled-job: a new job for a customer that does not match exactly', () => {
    const closeout = { job: { new: { customerName: 'Acme Dental Inc', siteAddress: '1 Main St', jobType: 'repair' } } }
    expect(only('unscheduled-job', { job: null, customer: null, closeout })).toEqual([
      {
        code: 'unscheduled-job',
        severity: 'block',
        message: 'Unscheduled job for "Acme Dental Inc", which is not a known customer; confirm or create the customer',
        path: 'job.new.customerName',
      },
    ])
    const matched = { job: { new: { customerName: 'Acme Dental', siteAddress: '1 Main St', jobType: 'repair' } } }
    expect(codes({ job: null, closeout: matched })).toEqual([])
  })
})

describe('approval findings at their boundaries', () => {
  it('signature-exception: a reason given, and policy asks approval for it', () => {
    const closeout = { signature: null, exceptions: [{ kind: 'no-signature', reason: 'Customer not on site' }] }
    expect(only('signature-exception', { closeout })).toEqual([
      {
        code: 'signature-exception',
        severity: 'approval',
        message: 'No customer signature (Acme Dental requires one): "Customer not on site"',
        path: 'exceptions',
      },
    ])
    const policy = { ...rulesInput().policy, signatureExceptionNeedsApproval: false }
    expect(codes({ closeout, policy })).toEqual([])
  })

  it('discount-over-limit (percent): exactly 10% passes, 10.001% does not', () => {
    expect(codes({ closeout: { discount: { percent: '10', reason: 'Plan member' } } })).toEqual([])
    expect(codes({ closeout: { discount: { percent: '10.001', reason: 'Plan member' } } })).toEqual([
      'discount-over-limit',
    ])
    expect(
      only('discount-over-limit', { closeout: { discount: { percent: '15', reason: 'Plan member' } } })[0],
    ).toEqual({
      code: 'discount-over-limit',
      severity: 'approval',
      message: 'Discount 15% is over the 10% limit',
      path: 'discount.percent',
    })
  })

  it('discount-over-limit (amount): 10% of 225.50 is 22.55; one cent more is over', () => {
    expect(codes({ closeout: { discount: { amount: '22.55', reason: 'Goodwill' } } })).toEqual([])
    expect(
      only('discount-over-limit', { closeout: { discount: { amount: '22.56', reason: 'Goodwill' } } })[0]!.message,
    ).toBe('Discount 22.56 (10.004% of 225.50) is over the 10% limit')
  })

  it('overtime-over-limit: 2 h of overtime passes, 2.001 h does not', () => {
    const labor = (ot: string) => [
      { role: 'journeyman', hours: '1' },
      { role: 'journeyman', hours: ot, overtime: true },
    ]
    const job = { ...rulesInput().job!, notToExceedCents: null }
    expect(codes({ job, closeout: { labor: labor('2') } })).toEqual([])
    expect(only('overtime-over-limit', { job, closeout: { labor: labor('2.001') } })[0]!.message).toBe(
      'Overtime 2.001 h is over the 2 h limit',
    )
  })

  it('labor-over-limit: 6 billable hours pass, 6.001 do not; non-billable hours do not count', () => {
    const job = { ...rulesInput().job!, notToExceedCents: null }
    expect(
      codes({
        job,
        closeout: {
          labor: [
            { role: 'apprentice', hours: '6' },
            { role: 'journeyman', hours: '3', billable: false },
          ],
        },
      }),
    ).toEqual([])
    expect(
      only('labor-over-limit', { job, closeout: { labor: [{ role: 'apprentice', hours: '6.001' }] } })[0]!.message,
    ).toBe('Labor 6.001 h is over the 6 h limit for Service repair jobs')
  })

  it('parts-outside-estimate: a part that is not on the estimate', () => {
    const parts = [
      { sku: 'CAP-45-5', description: '45/5 MFD capacitor', quantity: 1 },
      { sku: 'FILTER', description: 'Pleated filter', quantity: 1 },
    ]
    // The estimate allows two capacitors (76.00), so the parts total (50.50) is within it.
    const job = { ...rulesInput().job!, estimate: [{ kind: 'part' as const, sku: 'CAP-45-5', quantityMilli: 2000 }] }
    expect(only('parts-outside-estimate', { job, closeout: { parts } })).toEqual([
      {
        code: 'parts-outside-estimate',
        severity: 'approval',
        message: "Part FILTER (Pleated filter) is not on the job's estimate",
        path: 'parts[1]',
      },
    ])
  })

  it('parts-outside-estimate: 15% over the 38.00 estimate (43.70) passes, 43.71 does not', () => {
    const at = (price: string) => ({
      closeout: { parts: [{ sku: 'CAP-45-5', description: 'cap', quantity: 1, unitPrice: price }] },
    })
    expect(codes(at('43.70'))).toEqual([])
    expect(only('parts-outside-estimate', at('43.71'))[0]!.message).toBe(
      'Parts total 43.71 is 15.03% over the 38.00 estimate (the limit is 15%)',
    )
  })

  it('parts-outside-estimate: no estimate means nothing to compare', () => {
    const job = { ...rulesInput().job!, estimate: [] }
    expect(
      codes({ job, closeout: { parts: [{ sku: 'FILTER', description: 'Pleated filter', quantity: 3 }] } }),
    ).toEqual([])
  })

  it('total-over-nte: a total equal to the not-to-exceed passes, one cent over does not', () => {
    const job = (nte: number) => ({ ...rulesInput().job!, notToExceedCents: nte })
    expect(codes({ job: job(22_940) })).toEqual([])
    expect(only('total-over-nte', { job: job(22_939) })).toEqual([
      {
        code: 'total-over-nte',
        severity: 'approval',
        message: "Invoice total 229.40 is over the job's not-to-exceed amount of 229.39",
      },
    ])
  })

  it('warranty-claim: only when the policy asks approval for warranty work', () => {
    expect(codes({ closeout: { warrantyClaim: true } })).toEqual(['warranty-claim'])
    expect(
      codes({ closeout: { warrantyClaim: true }, policy: { ...rulesInput().policy, warrantyNeedsApproval: false } }),
    ).toEqual([])
  })
})

describe('verdict', () => {
  it('a block wins over an approval finding; approval alone routes to a supervisor', () => {
    const both = evaluateRules(rulesInput({ closeout: { warrantyClaim: true, signature: null } }))
    expect(both.findings.map((f) => f.code).sort()).toEqual(['missing-signature', 'warranty-claim'])
    expect(both.verdict).toBe('needs-review')
    expect(evaluateRules(rulesInput({ closeout: { warrantyClaim: true } })).verdict).toBe('needs-approval')
  })

  it('uses the office-edited lines instead of the document when given', () => {
    const base = rulesInput({
      closeout: { parts: [{ sku: 'NOPE', description: 'Valve', quantity: 1 }] },
      job: { ...rulesInput().job!, estimate: [] },
    })
    expect(evaluateRules(base).verdict).toBe('needs-review')
    const lines = [
      {
        lineNo: 1,
        kind: 'part' as const,
        path: 'parts[0]',
        description: 'Valve',
        sku: 'NOPE',
        quantityMilli: 1000,
        unitPriceCents: 1999,
        billable: true,
        overtime: false,
      },
    ]
    const fixed = evaluateRules({ ...base, lines })
    expect(fixed.findings).toEqual([])
    expect(fixed.totals.subtotal).toBe(1999)
  })
})

describe('moneyText', () => {
  it('groups thousands and keeps two places', () => {
    expect(moneyText(235_000)).toBe('2,350.00')
    expect(moneyText(-5)).toBe('-0.05')
    expect(moneyText(123_456_789)).toBe('1,234,567.89')
  })
})
