import type { Insertable, Selectable } from 'kysely'
import { all, run, type Db } from '../db/connection'
import type { EstimateLinesTable } from '../db/schema'

/** A job's estimate: what dispatch or the setup file expects the work to take, line by line. */
export type EstimateRow = Omit<Selectable<EstimateLinesTable>, 'id' | 'job_id'>

export function readEstimateRows({ sqlite, db }: Db, jobId: string): EstimateRow[] {
  return all(
    sqlite,
    db
      .selectFrom('estimate_lines')
      .select(['line_no', 'kind', 'sku', 'role', 'description', 'quantity_milli', 'unit_price_cents'])
      .where('job_id', '=', jobId)
      .orderBy('line_no'),
  )
}

/** The estimate's one writer: the job's lines become `lines`, numbered as given. */
export function replaceEstimateRows(
  { sqlite, db }: Db,
  jobId: string,
  lines: Omit<Insertable<EstimateLinesTable>, 'id' | 'job_id'>[],
): void {
  run(sqlite, db.deleteFrom('estimate_lines').where('job_id', '=', jobId))
  for (const line of lines) run(sqlite, db.insertInto('estimate_lines').values({ job_id: jobId, ...line }))
}
