import { sql, type Kysely } from 'kysely'

/**
 * The bytes of every file an export batch wrote, so re-exporting a past batch reproduces
 * byte-identical files even after prices, names or settings have changed since.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `CREATE TABLE export_batch_files (batch_id INTEGER NOT NULL REFERENCES export_batches(id), name TEXT NOT NULL,
         sha256 TEXT NOT NULL, size INTEGER NOT NULL, content BLOB NOT NULL, PRIMARY KEY (batch_id, name)) STRICT`,
    )
    .execute(db)
  await sql.raw('CREATE INDEX export_batch_jobs_job ON export_batch_jobs (job_id)').execute(db)
}
