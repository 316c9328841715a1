import type { TechJob, TechJobsAnswer } from '../../../src-shared/api/lan'
import { newDraft, type Draft } from '../../../src-renderer/techform/draft'

/** J-1057 as the LAN answers it: a repair for Sam Ortiz, 1 h journeyman and a pressure switch estimated. */
export function job(overrides: Partial<TechJob> = {}): TechJob {
  return {
    id: 'J-1057',
    status: 'scheduled',
    customerId: 'C-1',
    customer: 'Acme Dental',
    siteAddress: '1 Main St',
    jobTypeId: 'repair',
    jobType: 'Repair',
    scheduledFor: '2026-11-30T13:00:00-06:00',
    poNumber: null,
    description: '',
    notToExceed: null,
    estimate: [
      { kind: 'part', sku: 'PRESS-SW', role: null, description: 'Pressure switch', quantity: '1', unitPrice: '42.00' },
      { kind: 'labor', sku: null, role: 'journeyman', description: 'Journeyman', quantity: '1', unitPrice: '125.00' },
    ],
    requirements: { photos: { before: 1, after: 1 }, serialNumber: false, signature: true },
    sentBack: null,
    rules: {
      job: {
        id: 'J-1057',
        notToExceedCents: null,
        estimate: [
          { kind: 'part', sku: 'PRESS-SW', quantityMilli: 1000 },
          { kind: 'labor', role: 'journeyman', hoursMilli: 1000 },
        ],
      },
      customer: { id: 'C-1', name: 'Acme Dental', requiresSignature: true },
      taxRateMilli: 0,
    },
    ...overrides,
  }
}

export function context(jobs: TechJob[] = [job()]): TechJobsAnswer {
  return {
    technician: { id: 'T-07', name: 'Sam Ortiz', defaultLaborRole: null },
    jobs,
    jobTypes: [
      {
        id: 'repair',
        name: 'Repair',
        requirements: { photos: { before: 1, after: 1 }, serialNumber: false, signature: true },
      },
    ],
    laborRoles: [
      { role: 'apprentice', name: 'Apprentice' },
      { role: 'journeyman', name: 'Journeyman technician' },
    ],
    rules: {
      policy: {
        discountPercentOverMilli: 10_000,
        overtimeHoursOverMilli: 2_000,
        partsOverEstimatePercentMilli: 15_000,
        signatureExceptionNeedsApproval: true,
        warrantyNeedsApproval: true,
      },
      laborRates: [
        { role: 'apprentice', name: 'Apprentice', rateCents: 7500, overtimeMultiplierMilli: 1500, taxable: false },
        { role: 'journeyman', name: 'Journeyman', rateCents: 12500, overtimeMultiplierMilli: 1500, taxable: false },
      ],
      jobTypes: [],
      priceBook: [{ sku: 'PRESS-SW', description: 'Pressure switch', unitPriceCents: 4200, taxable: true }],
    },
  }
}

/** The routine closeout of J-1057 filled in: 1 h, the switch, two photos, signed. */
export function routineDraft(overrides: Partial<Draft> = {}): Draft {
  const d = newDraft('J-1057', job(), 'apprentice')
  return {
    ...d,
    tasks: 'Replaced pressure switch\n\n  Tested furnace  ',
    labor: [{ id: 'l1', role: 'journeyman', hours: '1', overtime: false }],
    parts: [{ id: 'p1', sku: 'PRESS-SW', description: 'Pressure switch', quantity: '1', unitPrice: '42.00' }],
    photos: [
      { id: 'a', category: 'before', takenAt: '2026-11-30T13:05:00-06:00', blobKey: 'blob:a', width: 1, height: 1 },
      { id: 'b', category: 'after', takenAt: '2026-11-30T13:55:00-06:00', blobKey: 'blob:b', width: 1, height: 1 },
    ],
    signerName: 'Pat Doe',
    signature: { blobKey: 'blob:sig', signedAt: '2026-11-30T14:00:00-06:00' },
    ...overrides,
  }
}
