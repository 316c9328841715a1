import { sql, type Kysely } from 'kysely'

/**
 * - export_batches.imported_at / imported_by: the clerk's "Mark as imported" (a batch still
 *   unconfirmed a day after the export shows in the inbox's Needs attention).
 * - job_events(at, job_id): the dashboard finds the jobs of a range from the log's time alone
 *   instead of reading the whole log.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw('ALTER TABLE export_batches ADD COLUMN imported_at TEXT').execute(db)
  await sql.raw('ALTER TABLE export_batches ADD COLUMN imported_by TEXT').execute(db)
  await sql.raw('CREATE INDEX job_events_at ON job_events(at, job_id)').execute(db)
}
