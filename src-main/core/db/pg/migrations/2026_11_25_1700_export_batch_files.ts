import type { Kysely } from 'kysely'

/** PostgreSQL's form of migrations/2026_11_25_1700_export_batch_files.ts (BLOB -> bytea; no STRICT). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('export_batch_files')
    .addColumn('batch_id', 'bigint', (c) => c.notNull().references('export_batches.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('content', 'bytea', (c) => c.notNull())
    .addPrimaryKeyConstraint('export_batch_files_pkey', ['batch_id', 'name'])
    .execute()
  await db.schema.createIndex('export_batch_jobs_job').on('export_batch_jobs').column('job_id').execute()
}
