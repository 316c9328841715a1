import { join } from 'node:path'
import type { z } from 'zod'
import {
  OfficeJobTypesSchema,
  OfficeJobsSchema,
  OfficePriceBookSchema,
  OfficeTechniciansSchema,
} from '../../src-shared/schemas/office-snapshot'
import type { EngineDb } from '../core/db/engine-db'
import { binaryOrder } from '../core/db/sql-fragments'
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

/** The snapshot's files from an office database (either engine), through the form's own readers. */
export async function buildOfficeSnapshot(edb: EngineDb): Promise<SnapshotBodies> {
  // Only technicians who can sign in: a deactivated one, or one without a PIN, is simply absent.
  const technicians = (
    await edb.db
      .selectFrom('technicians')
      .select(['id', 'name', 'pin_hash', 'default_labor_role'])
      .where('active', '=', 1)
      .where('pin_hash', 'is not', null)
      .orderBy(binaryOrder(edb.engine, 'id'))
      .execute()
  ).flatMap((t) => (t.pin_hash === null ? [] : [{ ...t, pin_hash: t.pin_hash }]))
  const byTechnician: Record<string, Awaited<ReturnType<typeof openJobs>>> = {}
  for (const t of technicians) byTechnician[t.id] = await openJobs(edb, t.id)
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
    jobTypes: { schema: 'closeout-office-job-types/v1', ...(await formCatalog(edb)) },
    priceBook: { schema: 'closeout-office-price-book/v1', items: await wholePriceBook(edb) },
  }
}
