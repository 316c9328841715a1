import { CloseoutSchema, type CloseoutInput } from '../../../src-shared/schemas/closeout'
import type { RulesInput } from '../../../src-shared/domain/rules'

/**
 * A routine repair that passes every rule: J-1 for Acme Dental (signature required, 10.25% tax),
 * 1.5 h journeyman at 125.00 + one CAP-45-5 from the price book (38.00), before/after photos,
 * signed. Totals: labor 187.50 + part 38.00 = 225.50; tax 10.25% of 38.00 = 3.895 -> 3.90;
 * total 229.40.
 */
export function routineCloseout(overrides: Partial<CloseoutInput> = {}): CloseoutInput {
  return {
    schema: 'closeout/v1',
    submissionId: '0b0f3c1e-5f7a-4a57-9d1a-3c2b8f0e9a10',
    job: { id: 'J-1' },
    technician: { id: 'T-07', name: 'Sam Ortiz' },
    completedAt: '2026-11-25T14:03:00-05:00',
    workPerformed: { tasks: ['Replaced run capacitor'], notes: '' },
    labor: [{ role: 'journeyman', hours: '1.5', billable: true, overtime: false }],
    parts: [{ sku: 'CAP-45-5', description: '45/5 MFD capacitor', quantity: 1 }],
    attachments: [
      { file: 'photos/before-1.jpg', category: 'before' },
      { file: 'photos/after-1.jpg', category: 'after' },
    ],
    signature: { file: 'signature.png', signerName: 'Pat Doe' },
    ...overrides,
  }
}

export function rulesInput(
  overrides: Partial<Omit<RulesInput, 'closeout'>> & { closeout?: Partial<CloseoutInput> } = {},
): RulesInput {
  const { closeout, ...rest } = overrides
  return {
    closeout: CloseoutSchema.parse(routineCloseout(closeout)),
    job: {
      id: 'J-1',
      notToExceedCents: 40_000,
      estimate: [
        { kind: 'part', sku: 'CAP-45-5', quantityMilli: 1000 },
        { kind: 'labor', role: 'journeyman', hoursMilli: 1500 },
      ],
    },
    jobType: {
      id: 'repair',
      name: 'Service repair',
      requiredPhotos: { before: 1, after: 1 },
      requireSerialNumber: false,
      requireSignature: true,
      laborHoursApprovalOverMilli: 6000,
    },
    customer: { id: 'C-100', name: 'Acme Dental', requiresSignature: true },
    priceBook: [
      { sku: 'CAP-45-5', description: '45/5 MFD capacitor', unitPriceCents: 3800, taxable: true },
      { sku: 'FILTER', description: 'Pleated filter', unitPriceCents: 1250, taxable: true },
    ],
    laborRates: [
      { role: 'journeyman', rateCents: 12_500, overtimeMultiplierMilli: 1500, taxable: false },
      { role: 'apprentice', rateCents: 7_500, overtimeMultiplierMilli: 1500, taxable: false },
    ],
    taxRateMilli: 10_250,
    policy: {
      discountPercentOverMilli: 10_000,
      overtimeHoursOverMilli: 2_000,
      partsOverEstimatePercentMilli: 15_000,
      signatureExceptionNeedsApproval: true,
      warrantyNeedsApproval: true,
    },
    ...rest,
  }
}
