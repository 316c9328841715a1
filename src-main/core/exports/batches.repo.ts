import { sql, type Kysely, type Selectable } from 'kysely'
import { BatchSchema, type Batch } from '../../../src-shared/api/exports'
import type { EngineDb, EngineName } from '../db/engine-db'
import type { Database, ExportBatchesTable } from '../db/schema'
import { binaryOrder, textList } from '../db/sql-fragments'
import { CloseoutError } from '../errors'

/**
 * Export batches, their jobs and the exact bytes of their files: the one writer of
 * export_batches, export_batch_jobs and export_batch_files. On the async path (issue #17):
 * the writers run in the export's transaction (`trx`), the reads on either engine.
 */

type BatchRow = Selectable<ExportBatchesTable>
/** A connection and its engine: an `EngineDb`, or a transaction's view of one (`{ ...edb, db: trx }`). */
type On = Pick<EngineDb, 'engine' | 'db'>

/**
 * The order a batch's jobs were written in, which is the export's order. SQLite: the rowid.
 * PostgreSQL has no rowid: the export's own order (the closeouts' completion, then the job),
 * which is the order they were written in as long as the job keeps the closeout it was
 * invoiced with.
 */
function batchJobOrder(engine: EngineName) {
  return engine === 'sqlite' ? [sql`b.rowid`] : [binaryOrder(engine, 's.completed_at'), binaryOrder(engine, 'b.job_id')]
}

async function batchJobRows({ db, engine }: On, batchId: number) {
  let query = db
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
  for (const key of batchJobOrder(engine)) query = query.orderBy(key)
  return query.execute()
}

function rowToJob(r: Awaited<ReturnType<typeof batchJobRows>>[number]): Batch['jobs'][number] {
  return {
    jobId: r.job_id,
    invoiceNumber: r.invoice_number,
    customer: r.customer,
    totalCents: Number(r.total_cents),
  }
}

async function rowToBatch(on: On, row: BatchRow): Promise<Batch> {
  const jobs = (await batchJobRows(on, row.id)).map(rowToJob)
  return BatchSchema.parse({
    id: Number(row.id),
    format: row.format,
    createdAt: row.created_at,
    createdBy: row.created_by,
    createdByName: await creatorName(on, row.created_by),
    status: row.status,
    voidReason: row.void_reason,
    voidedAt: row.voided_at,
    importedAt: row.imported_at,
    importedBy: row.imported_by,
    importedByName: row.imported_by === null ? null : await creatorName(on, row.imported_by),
    files: JSON.parse(row.files_json) as unknown,
    jobs,
    totalCents: jobs.reduce((n, j) => n + j.totalCents, 0),
  })
}

export async function getBatch(on: On, batchId: number): Promise<Batch> {
  const row = await on.db.selectFrom('export_batches').selectAll().where('id', '=', batchId).executeTakeFirst()
  if (!row) throw new CloseoutError('not-found', `There is no export batch ${batchId}`)
  return rowToBatch(on, row)
}

/** Newest first. */
export async function listBatches(on: On, limit = 50): Promise<Batch[]> {
  const rows = await on.db.selectFrom('export_batches').selectAll().orderBy('id', 'desc').limit(limit).execute()
  const batches: Batch[] = []
  for (const r of rows) batches.push(await rowToBatch(on, r))
  return batches
}

/** 'U-1' -> "Dana Kim (billing)"; exports started without a signed-in user keep their origin's name. */
async function creatorName({ db }: On, createdBy: string): Promise<string> {
  const user = await db.selectFrom('users').select('name').where('id', '=', createdBy).executeTakeFirst()
  if (user) return user.name
  return createdBy === 'cli' ? 'the command line' : createdBy === 'office' ? 'the office app' : createdBy
}

/**
 * PostgreSQL: holds these jobs for this export until it commits, while they are still
 * invoice-ready. A second seat exporting them at the same moment waits here and then fails its
 * serialization check (withTransaction runs it again and it finds them invoiced), before it has
 * drawn invoice numbers it would only throw away. SQLite's transaction holds the whole file already.
 */
export async function holdJobsForExport(trx: Kysely<Database>, engine: EngineName, jobIds: readonly string[]) {
  if (engine !== 'postgres' || jobIds.length === 0) return
  await trx
    .selectFrom('jobs')
    .select('id')
    .where('id', 'in', textList(engine, jobIds))
    .where('status', '=', 'invoice-ready')
    .forUpdate()
    .execute()
}

/** A new active batch with no files yet; its id. */
export async function insertBatch(
  trx: Kysely<Database>,
  batch: { format: string; createdAt: string; createdBy: string },
): Promise<number> {
  const row = await trx
    .insertInto('export_batches')
    .values({
      format: batch.format,
      created_at: batch.createdAt,
      created_by: batch.createdBy,
      files_json: '[]',
      status: 'active',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return Number(row.id)
}

/** The exact bytes of one file of a batch, kept so a re-export writes them again. */
export async function insertBatchFile(
  trx: Kysely<Database>,
  file: { batchId: number; name: string; sha256: string; content: Uint8Array },
): Promise<void> {
  await trx
    .insertInto('export_batch_files')
    .values({
      batch_id: file.batchId,
      name: file.name,
      sha256: file.sha256,
      size: file.content.length,
      content: Buffer.from(file.content.buffer, file.content.byteOffset, file.content.byteLength),
    })
    .execute()
}

/** The batch's description of its files (names, paths, digests, sizes, invoices, rows). */
export async function setBatchFiles(trx: Kysely<Database>, batchId: number, files: unknown[]): Promise<void> {
  await trx
    .updateTable('export_batches')
    .set({ files_json: JSON.stringify(files) })
    .where('id', '=', batchId)
    .execute()
}

export async function insertBatchJobs(
  trx: Kysely<Database>,
  batchId: number,
  jobs: readonly { jobId: string; invoiceNumber: string }[],
): Promise<void> {
  // In the export's order, a few hundred rows a statement.
  for (let i = 0; i < jobs.length; i += 300)
    await trx
      .insertInto('export_batch_jobs')
      .values(
        jobs
          .slice(i, i + 300)
          .map((job) => ({ batch_id: batchId, job_id: job.jobId, invoice_number: job.invoiceNumber })),
      )
      .execute()
}

/**
 * The stored copies of a batch's files, in the order they were written: SQLite's rowid; on
 * PostgreSQL their names, which sort in that order (split files are numbered with leading zeros).
 */
export async function batchFileCopies({ db, engine }: On, batchId: number) {
  return db
    .selectFrom('export_batch_files')
    .select(['name', 'sha256', 'content'])
    .where('batch_id', '=', batchId)
    .orderBy(engine === 'sqlite' ? sql`rowid` : binaryOrder(engine, 'name'))
    .execute()
}

export async function markBatchVoid(trx: Kysely<Database>, batchId: number, reason: string, at: string) {
  await trx
    .updateTable('export_batches')
    .set({ status: 'void', void_reason: reason, voided_at: at })
    .where('id', '=', batchId)
    .execute()
}

/** The clerk's "Mark as imported"; the first confirmation stands. */
export async function markBatchImportedRow({ db }: On, batchId: number, at: string, user: string): Promise<void> {
  await db
    .updateTable('export_batches')
    .set({ imported_at: at, imported_by: user })
    .where('id', '=', batchId)
    .where('imported_at', 'is', null)
    .execute()
}

/** The jobs of a batch as they stand now (a voided batch sends the invoiced ones back). */
export async function batchJobStates({ db, engine }: On, batchId: number) {
  return db
    .selectFrom('export_batch_jobs as b')
    .innerJoin('jobs as j', 'j.id', 'b.job_id')
    .select(['j.id', 'j.status', 'j.current_submission_id'])
    .where('b.batch_id', '=', batchId)
    .orderBy(binaryOrder(engine, 'b.job_id'))
    .execute()
}

/** A batch's status, in the transaction that is about to change it. */
export async function batchStatus({ db }: On, batchId: number) {
  return db.selectFrom('export_batches').select(['status', 'voided_at']).where('id', '=', batchId).executeTakeFirst()
}

/** The highest batch id so far (0: none): the next batch's folder is past it. */
export async function lastBatchId({ db }: On): Promise<number> {
  const row = await db
    .selectFrom('export_batches')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst()
  return Number(row?.id ?? 0)
}
