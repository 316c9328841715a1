import { join } from 'node:path'
import type { z } from 'zod'
import {
  OfficeJobTypesSchema,
  OfficeJobsSchema,
  OfficePriceBookSchema,
  OfficeTechniciansSchema,
} from '../../src-shared/schemas/office-snapshot'
import { all } from '../core/db/connection'
import type { Office } from '../core/office'
import { formCatalog, openJobs, wholePriceBook } from './tech-jobs.query'

/**
 * Spec v1.1 `<shared>/office/`: what a form server without an office database needs, built from
 * the office's database. File names and fields: docs/shared-folder.md.
 */
export const OFFICE_SNAPSHOT_DIR = 'office'

export const SNAPSHOT_FILES = {
  technicians: { name: 'technicians.json', schema: OfficeTechniciansSchema },
  jobs: { name: 'jobs.json', schema: OfficeJobsSchema },
  jobTypes: { name: 'job-types.json', schema: OfficeJobTypesSchema },
  priceBook: { name: 'price-book.json', schema: OfficePriceBookSchema },
} as const

export type SnapshotFile = keyof typeof SNAPSHOT_FILES

/** Each file's content without `updatedAt` (the writer stamps it when the content changes). */
export type SnapshotBodies = {
  [F in SnapshotFile]: Omit<z.input<(typeof SNAPSHOT_FILES)[F]['schema']>, 'updatedAt'>
}

export const snapshotDir = (sharedDir: string): string => join(sharedDir, OFFICE_SNAPSHOT_DIR)

export function buildOfficeSnapshot(office: Office): SnapshotBodies {
  // Only technicians who can sign in: a deactivated one, or one without a PIN, is simply absent.
  const technicians = all(
    office.sqlite,
    office.db
      .selectFrom('technicians')
      .select(['id', 'name', 'pin_hash', 'default_labor_role'])
      .where('active', '=', 1)
      .where('pin_hash', 'is not', null)
      .orderBy('id'),
  ).flatMap((t) => (t.pin_hash === null ? [] : [{ ...t, pin_hash: t.pin_hash }]))
  const byTechnician: Record<string, ReturnType<typeof openJobs>> = {}
  for (const t of technicians) byTechnician[t.id] = openJobs(office, t.id)
  return {
    technicians: {
      schema: 'closeout-office-technicians/v1',
      technicians: technicians.map((t) => ({
        id: t.id,
        name: t.name,
        pinHash: t.pin_hash,
        defaultLaborRole: t.default_labor_role,
      })),
    },
    jobs: { schema: 'closeout-office-jobs/v1', byTechnician },
    jobTypes: { schema: 'closeout-office-job-types/v1', ...formCatalog(office) },
    priceBook: { schema: 'closeout-office-price-book/v1', items: wholePriceBook(office) },
  }
}
