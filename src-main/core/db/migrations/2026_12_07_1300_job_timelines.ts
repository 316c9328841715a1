import type { Kysely } from 'kysely'

/**
 * job_timelines: the dashboard's summary of the event log, one row per job (core/metrics,
 * docs/metrics.md). `state_json` is the job's metric events folded in log order (what each
 * milestone's time is, the stages it went through, its approval episodes...), so the dashboard
 * reads one row per job instead of every event. appendEvent keeps it in the same transaction
 * as each event. The table is derived: this migration only creates it, and the office folds it
 * from the log when it opens whenever the fold's version changed (metrics.repo,
 * refoldSummaryIfStale), so the migration stays as it was written, whatever the fold becomes.
 * Written with the schema builder: the same on PostgreSQL.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('job_timelines')
    .addColumn('job_id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('state_json', 'text', (c) => c.notNull())
    .execute()
}
