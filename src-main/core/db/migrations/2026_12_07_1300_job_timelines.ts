import type { Kysely } from 'kysely'
import { emptyTimelineState, foldEvent, metricEventData, METRIC_EVENT_TYPES } from '../../metrics/timeline'
import type { TimelineState } from '../../metrics/timeline'

/**
 * job_timelines: the dashboard's summary of the event log, one row per job (core/metrics,
 * docs/metrics.md). `state_json` is the job's metric events folded in log order (what each
 * milestone's time is, the stages it went through, its approval episodes...), so the dashboard
 * reads one row per job instead of every event. appendEvent keeps it in the same transaction
 * as each event; this migration builds it from the log for an office that already has one.
 * Written with the schema builder: the same on PostgreSQL.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('job_timelines')
    .addColumn('job_id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('state_json', 'text', (c) => c.notNull())
    .execute()

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migration sees the schema as it is at this point
  const log = db as Kysely<any>
  const jobs = new Map<string, TimelineState>()
  const events = (await log
    .selectFrom('job_events')
    .select(['job_id', 'at', 'type', 'data_json'])
    .where('type', 'in', [...METRIC_EVENT_TYPES])
    .orderBy('id')
    .execute()) as { job_id: string; at: string; type: string; data_json: string }[]
  for (const e of events) {
    let state = jobs.get(e.job_id)
    if (!state) jobs.set(e.job_id, (state = emptyTimelineState(e.job_id)))
    foldEvent(state, { at: e.at, type: e.type, data: metricEventData(e.type, JSON.parse(e.data_json)) })
  }
  const rows = [...jobs].map(([job_id, state]) => ({ job_id, state_json: JSON.stringify(state) }))
  for (let i = 0; i < rows.length; i += 500)
    await log
      .insertInto('job_timelines')
      .values(rows.slice(i, i + 500))
      .execute()
}
