import type { Insertable, Kysely, Selectable } from 'kysely'
import { parseMilli, parseMoney } from '../../../src-shared/domain/money'
import type { Database, EstimateLinesTable } from '../db/schema'

/** A job's estimate: what dispatch or the setup file expects the work to take, line by line. */
export type EstimateRow = Omit<Selectable<EstimateLinesTable>, 'id' | 'job_id'>

/** An estimate line as dispatch (`jobs.create`/`jobs.update`) or the setup file gives it: a part by SKU, or labor by role. */
export type EstimateLineInput =
  | { sku: string; quantity: string | number; description?: string | undefined; unitPrice?: string | undefined }
  | { role: string; hours: string | number }

/** The rows of an estimate, numbered from 1 (the key order is readEstimateRows' so the two compare as JSON). */
export function estimateRows(lines: readonly EstimateLineInput[]): EstimateRow[] {
  return lines.map((line, i) =>
    'sku' in line
      ? {
          line_no: i + 1,
          kind: 'part',
          sku: line.sku,
          role: null,
          description: line.description ?? null,
          quantity_milli: parseMilli(line.quantity),
          unit_price_cents: line.unitPrice == null ? null : parseMoney(line.unitPrice),
        }
      : {
          line_no: i + 1,
          kind: 'labor',
          sku: null,
          role: line.role,
          description: null,
          quantity_milli: parseMilli(line.hours),
          unit_price_cents: null,
        },
  )
}

/** readEstimateRows on the async path (issue #17): in `trx`, either engine. */
export async function readEstimateRowsIn(trx: Kysely<Database>, jobId: string): Promise<EstimateRow[]> {
  return estimateQuery(trx, jobId).execute()
}

const estimateQuery = (db: Kysely<Database>, jobId: string) =>
  db
    .selectFrom('estimate_lines')
    .select(['line_no', 'kind', 'sku', 'role', 'description', 'quantity_milli', 'unit_price_cents'])
    .where('job_id', '=', jobId)
    .orderBy('line_no')

type EstimateInsert = Omit<Insertable<EstimateLinesTable>, 'id' | 'job_id'>

const estimateDelete = (db: Kysely<Database>, jobId: string) =>
  db.deleteFrom('estimate_lines').where('job_id', '=', jobId)

const estimateInsert = (db: Kysely<Database>, jobId: string, lines: readonly EstimateInsert[]) =>
  db.insertInto('estimate_lines').values(lines.map((line) => ({ job_id: jobId, ...line })))

/** replaceEstimateRows on the async path (issue #17): in `trx`, a withTransaction body's transaction. */
export async function replaceEstimateRowsIn(
  trx: Kysely<Database>,
  jobId: string,
  lines: readonly EstimateInsert[],
): Promise<void> {
  await estimateDelete(trx, jobId).execute()
  if (lines.length) await estimateInsert(trx, jobId, lines).execute()
}
