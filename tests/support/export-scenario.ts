import { importSetup } from '../../src-main/core/setup/setup-import'
import type { SqliteOffice } from '../../src-main/core/office'
import { addReadyJob, mapAdjustments, repairLines } from './invoice-builder'
import { demoSetup, tempOffice } from './temp-office'

/** Noon in Chicago on 2026-11-25: the same calendar day in any zone from UTC-12 to UTC+5. */
export const EXPORT_NOW = new Date('2026-11-25T18:00:00Z')

/**
 * The fixed scenario of the golden files: three invoice-ready jobs with known cents.
 * - J-1042 Acme Dental (Chicago 10.25%): 1.5 h journeyman 187.50 + capacitor 38.00.
 * - J-1044 Rosa Peña: labor, 2 capacitors, a trip charge, 10% discount.
 * - J-1046 Klaus Müller: 1.333 h of labor (a rate that is not a whole cent) and a removed line.
 */
export async function exportScenario(): Promise<{ office: SqliteOffice; dispose: () => Promise<void> }> {
  const t = await tempOffice()
  await importSetup(t.office, demoSetup())
  mapAdjustments(t.office)
  await addScenarioJobs(t.office)
  return { office: t.office, dispose: t.dispose }
}

/** The scenario's three invoice-ready jobs, in an office that has the demo's jobs and customers. */
export async function addScenarioJobs(office: SqliteOffice): Promise<void> {
  const t = { office }
  await addReadyJob(t.office, {
    jobId: 'J-1042',
    submissionId: '00000000-0000-4000-8000-000000001042',
    lines: repairLines(),
    completedAt: '2026-11-23T10:15:00-06:00',
  })
  await addReadyJob(t.office, {
    jobId: 'J-1044',
    submissionId: '00000000-0000-4000-8000-000000001044',
    completedAt: '2026-11-23T15:40:00-06:00',
    discountCents: 3670,
    discountPercentMilli: 10000,
    discountReason: 'Service plan member',
    lines: [
      {
        kind: 'labor',
        role: 'journeyman',
        description: 'Journeyman technician',
        quantityMilli: 2000,
        amountCents: 25000,
      },
      {
        kind: 'part',
        sku: 'CAP-35-5',
        description: '35/5 MFD dual run capacitor, "OEM"',
        quantityMilli: 2000,
        amountCents: 6800,
        taxable: true,
      },
      {
        kind: 'adjustment',
        adjustmentKind: 'trip-charge',
        description: 'Trip charge',
        quantityMilli: 1000,
        amountCents: 4900,
      },
    ],
  })
  await addReadyJob(t.office, {
    jobId: 'J-1046',
    submissionId: '00000000-0000-4000-8000-000000001046',
    completedAt: '2026-11-24T09:05:00-06:00',
    signerName: null,
    noSignatureReason: 'Tenant not home; left note on door',
    lines: [
      {
        kind: 'labor',
        role: 'apprentice',
        description: 'Apprentice\tdiagnostic',
        quantityMilli: 1333,
        amountCents: 9998,
      },
      {
        kind: 'part',
        sku: 'IGN-HSI',
        description: 'Hot surface igniter',
        quantityMilli: 1000,
        amountCents: 5400,
        taxable: true,
      },
      {
        kind: 'part',
        sku: 'FLM-SENS',
        description: 'Flame sensor (not used)',
        quantityMilli: 1000,
        amountCents: 2500,
        taxable: true,
        removed: true,
      },
    ],
  })
}
