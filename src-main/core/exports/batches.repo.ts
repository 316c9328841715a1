import type { Selectable } from 'kysely'
import { BatchSchema, type Batch } from '../../../src-shared/api/exports'
import { all, first, run, sql, type Db } from '../db/connection'
import type { ExportBatchesTable } from '../db/schema'
import { CloseoutError } from '../errors'

/**
 * Export batches, their jobs and the exact bytes of their files: the one writer of
 * export_batches, export_batch_jobs and export_batch_files.
 */

type BatchRow = Selectable<ExportBatchesTable>

/** The order a batch's rows were written in (rowid is not a column of db/schema.ts). */
const ROWID = sql`rowid`

function batchJobRows({ sqlite, db }: Db, batchId: number) {
  return all(
    sqlite,
    db
      .selectFrom('export_batch_jobs as b')
      .innerJoin('jobs as j', 'j.id', 'b.job_id')
      .leftJoin('customers as c', 'c.id', 'j.customer_id')
      .leftJoin('submissions as s', 's.id', 'j.current_submission_id')
      .select((eb) => [
        'b.job_id',
        'b.invoice_number',
        eb.fn.coalesce('c.name', sql.lit('')).as('customer'),
        eb.fn.coalesce('s.total_cents', sql.lit(0)).as('total_cents'),
      ])
      .where('b.batch_id', '=', batchId)
      .orderBy(sql`b.rowid`),
  )
}

function rowToJob(r: ReturnType<typeof batchJobRows>[number]): Batch['jobs'][number] {
  return { jobId: r.job_id, invoiceNumber: r.invoice_number, customer: r.customer, totalCents: r.total_cents }
}

function rowToBatch(office: Db, row: BatchRow): Batch {
  const jobs = batchJobRows(office, row.id).map(rowToJob)
  return BatchSchema.parse({
    id: row.id,
    format: row.format,
    createdAt: row.created_at,
    createdBy: row.created_by,
    createdByName: creatorName(office, row.created_by),
    status: row.status,
    voidReason: row.void_reason,
    voidedAt: row.voided_at,
    importedAt: row.imported_at,
    importedBy: row.imported_by,
    importedByName: row.imported_by === null ? null : creatorName(office, row.imported_by),
    files: JSON.parse(row.files_json) as unknown,
    jobs,
    totalCents: jobs.reduce((n, j) => n + j.totalCents, 0),
  })
}

export function getBatch(office: Db, batchId: number): Batch {
  const row = first(office.sqlite, office.db.selectFrom('export_batches').selectAll().where('id', '=', batchId))
  if (!row) throw new CloseoutError('not-found', `There is no export batch ${batchId}`)
  return rowToBatch(office, row)
}

/** Newest first. */
export function listBatches(office: Db, limit = 50): Batch[] {
  const rows = all(office.sqlite, office.db.selectFrom('export_batches').selectAll().orderBy('id', 'desc').limit(limit))
  return rows.map((r) => rowToBatch(office, r))
}

/** 'U-1' -> "Dana Kim (billing)"; exports started without a signed-in user keep their origin's name. */
function creatorName({ sqlite, db }: Db, createdBy: string): string {
  const user = first(sqlite, db.selectFrom('users').select('name').where('id', '=', createdBy))
  if (user) return user.name
  return createdBy === 'cli' ? 'the command line' : createdBy === 'office' ? 'the office app' : createdBy
}

/** A new active batch with no files yet; its id. */
export function insertBatch(
  { sqlite, db }: Db,
  batch: { format: string; createdAt: string; createdBy: string },
): number {
  return run(
    sqlite,
    db.insertInto('export_batches').values({
      format: batch.format,
      created_at: batch.createdAt,
      created_by: batch.createdBy,
      files_json: '[]',
      status: 'active',
    }),
  ).lastInsertRowid
}

/** The exact bytes of one file of a batch, kept so a re-export writes them again. */
export function insertBatchFile(
  { sqlite, db }: Db,
  file: { batchId: number; name: string; sha256: string; content: Uint8Array },
): void {
  run(
    sqlite,
    db.insertInto('export_batch_files').values({
      batch_id: file.batchId,
      name: file.name,
      sha256: file.sha256,
      size: file.content.length,
      content: Buffer.from(file.content.buffer, file.content.byteOffset, file.content.byteLength),
    }),
  )
}

/** The batch's description of its files (names, paths, digests, sizes, invoices, rows). */
export function setBatchFiles({ sqlite, db }: Db, batchId: number, files: unknown[]): void {
  run(
    sqlite,
    db
      .updateTable('export_batches')
      .set({ files_json: JSON.stringify(files) })
      .where('id', '=', batchId),
  )
}

export function insertBatchJob({ sqlite, db }: Db, batchId: number, jobId: string, invoiceNumber: string): void {
  run(
    sqlite,
    db.insertInto('export_batch_jobs').values({ batch_id: batchId, job_id: jobId, invoice_number: invoiceNumber }),
  )
}

/** The stored copies of a batch's files, in the order they were written. */
export function batchFileCopies({ sqlite, db }: Db, batchId: number) {
  return all(
    sqlite,
    db
      .selectFrom('export_batch_files')
      .select(['name', 'sha256', 'content'])
      .where('batch_id', '=', batchId)
      .orderBy(ROWID),
  )
}

export function markBatchVoid({ sqlite, db }: Db, batchId: number, reason: string, at: string): void {
  run(
    sqlite,
    db
      .updateTable('export_batches')
      .set({ status: 'void', void_reason: reason, voided_at: at })
      .where('id', '=', batchId),
  )
}

/** The clerk's "Mark as imported"; the first confirmation stands. */
export function markBatchImportedRow({ sqlite, db }: Db, batchId: number, at: string, user: string): void {
  run(
    sqlite,
    db
      .updateTable('export_batches')
      .set({ imported_at: at, imported_by: user })
      .where('id', '=', batchId)
      .where('imported_at', 'is', null),
  )
}

/** The jobs of a batch as they stand now (a voided batch sends the invoiced ones back). */
export function batchJobStates({ sqlite, db }: Db, batchId: number) {
  return all(
    sqlite,
    db
      .selectFrom('export_batch_jobs as b')
      .innerJoin('jobs as j', 'j.id', 'b.job_id')
      .select(['j.id', 'j.status', 'j.current_submission_id'])
      .where('b.batch_id', '=', batchId),
  )
}
