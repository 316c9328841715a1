import { sql, type Kysely } from 'kysely'

/**
 * The inbox's "Total" sort straight from an index: a broad search sorted by total walks it and
 * stops after the first page instead of sorting every match. Ties break on rowid, which the
 * index carries, so no sort step is needed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw('CREATE INDEX jobs_total ON jobs(total_cents)').execute(db)
}
