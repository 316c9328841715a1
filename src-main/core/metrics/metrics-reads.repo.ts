import { JOB_STATUSES, type JobStatus } from '../../../src-shared/domain/status'
import type { Selectable } from 'kysely'
import type { EngineDb } from '../db/engine-db'
import type { JobsTable } from '../db/schema'
import { jsonText, textList } from '../db/sql-fragments'
import { idsAndNames } from '../setup/catalog-reads.repo'
import { METRIC_EVENT_TYPES, type JobFacts, type MetricEvent, type TimelineState } from './timeline'

/**
 * The dashboard's reads on the async path of issue #17 (`.execute()` on an `EngineDb`: the
 * SQLite file or PostgreSQL). The summary they read (job_timelines) is written with each event
 * (metrics.repo.ts `foldIntoSummary` / `foldIntoSummaryIn`).
 */

/** A job is open from its closeout's arrival until it is invoiced or voided. */
const NOT_OPEN = new Set<JobStatus>(['scheduled', 'invoiced', 'void'])
const OPEN_STATUSES = JOB_STATUSES.filter((s) => !NOT_OPEN.has(s))

/** A job's facts as the figures read them, from a jobs row joined to its customer's name. */
function rowToJobFacts(
  r: Pick<Selectable<JobsTable>, 'id' | 'status' | 'technician_id' | 'job_type_id' | 'dispute_reason'> & {
    customer: string | null
  },
): JobFacts {
  return {
    id: r.id,
    status: r.status as JobStatus,
    customer: r.customer,
    technicianId: r.technician_id,
    jobTypeId: r.job_type_id,
    disputeReason: r.dispute_reason,
  }
}

export interface MetricRows {
  events: MetricEvent[]
  /** Each job's summary (job_timelines), folded from the whole log: no events are read when given. */
  states?: ReadonlyMap<string, TimelineState>
  jobs: JobFacts[]
  technicians: Record<string, string>
  jobTypes: Record<string, string>
}

/**
 * The jobs a range can show: any job with an event between `since` and `until` (UTC ISO; the
 * log stores office times as "...Z", so text order is time order) and every job still open,
 * with all of their metric events in log order. The summaries (loadMetricSummaries) are what
 * the dashboard reads; this fold from the log itself is what they are proven against.
 */
export async function loadMetricRows(edb: EngineDb, since: string, until: string): Promise<MetricRows> {
  const { engine, db } = edb
  const ids = (
    await db
      .selectFrom('job_events')
      .select('job_id as id')
      .distinct()
      .where('at', '>=', since)
      .where('at', '<', until)
      .union(db.selectFrom('jobs').select('id').where('status', 'in', textList(engine, OPEN_STATUSES)))
      .execute()
  ).map((r) => r.id)
  const events = (
    await db
      .selectFrom('job_events')
      .select([
        'id',
        'job_id',
        'at',
        'type',
        // Only four data fields matter; extracting them in SQL skips a JSON.parse per event.
        jsonText(engine, 'data_json', 'to').as('to'),
        jsonText(engine, 'data_json', 'completedAt').as('completed_at'),
        jsonText(engine, 'data_json', 'technicianId').as('technician_id'),
        jsonText(engine, 'data_json', 'reason').as('reason'),
      ])
      .where('job_id', 'in', textList(engine, ids))
      .where('type', 'in', textList(engine, METRIC_EVENT_TYPES))
      .orderBy('id')
      .execute()
  ).map((r): MetricEvent => ({ id: r.id, jobId: r.job_id, at: r.at, type: r.type, data: dataOf(r) }))
  const jobs = (
    await db
      .selectFrom('jobs as j')
      .leftJoin('customers as c', 'c.id', 'j.customer_id')
      .select(['j.id', 'j.status', 'c.name as customer', 'j.technician_id', 'j.job_type_id', 'j.dispute_reason'])
      .where('j.id', 'in', textList(engine, ids))
      .orderBy('j.id')
      .execute()
  ).map(rowToJobFacts)
  return { events, jobs, ...(await metricNames(edb)) }
}

/**
 * loadMetricRows with the summary table instead of the events: the same jobs (an event between
 * `since` and `until`, found on the log's time index, or still open), each with its events
 * already folded (job_timelines), so only one row per job is read.
 */
export async function loadMetricSummaries(edb: EngineDb, since: string, until: string): Promise<MetricRows> {
  const { engine, db } = edb
  const rows = await db
    .selectFrom('jobs as j')
    .leftJoin('customers as c', 'c.id', 'j.customer_id')
    .leftJoin('job_timelines as t', 't.job_id', 'j.id')
    .select([
      'j.id',
      'j.status',
      'c.name as customer',
      'j.technician_id',
      'j.job_type_id',
      'j.dispute_reason',
      't.state_json',
    ])
    .where((eb) =>
      eb.or([
        eb('j.id', 'in', eb.selectFrom('job_events').select('job_id').where('at', '>=', since).where('at', '<', until)),
        eb('j.status', 'in', textList(engine, OPEN_STATUSES)),
      ]),
    )
    .orderBy('j.id')
    .execute()
  const states = new Map<string, TimelineState>()
  const jobs = rows.map((r): JobFacts => {
    if (r.state_json !== null) states.set(r.id, JSON.parse(r.state_json) as TimelineState)
    return rowToJobFacts(r)
  })
  return { events: [], states, jobs, ...(await metricNames(edb)) }
}

const namesById = (rows: { id: string; name: string }[]): Record<string, string> =>
  Object.fromEntries(rows.map((r) => [r.id, r.name]))

interface EventRow {
  type: string
  to: unknown
  completed_at: unknown
  technician_id: unknown
  reason: unknown
}

function dataOf(r: EventRow): Record<string, unknown> {
  switch (r.type) {
    case 'status-changed':
      return { to: r.to }
    case 'submission-received':
      return { completedAt: r.completed_at, technicianId: r.technician_id }
    case 'disputed':
      return { reason: r.reason }
    default:
      return {}
  }
}

/** The log's last event: job_timelines changes only with an event appended after it. */
export async function logHead({ db }: EngineDb): Promise<{ id: number; hash: string } | null> {
  const row = await db.selectFrom('job_events').select(['id', 'hash']).orderBy('id', 'desc').limit(1).executeTakeFirst()
  return row ?? null
}

/** The hash of the event `id`, or null when the log has no such event. */
export async function eventHash({ db }: EngineDb, id: number): Promise<string | null> {
  return (await db.selectFrom('job_events').select('hash').where('id', '=', id).executeTakeFirst())?.hash ?? null
}

/** The events after the event `id`: which job, and when. */
export async function eventsAfter({ db }: EngineDb, id: number): Promise<{ job_id: string; at: string }[]> {
  return db.selectFrom('job_events').select(['job_id', 'at']).where('id', '>', id).execute()
}

/** The jobs with an event between `since` and `until` (UTC ISO, as loadMetricSummaries). */
export async function jobsWithEventsBetween({ db }: EngineDb, since: string, until: string): Promise<string[]> {
  const rows = await db
    .selectFrom('job_events')
    .select('job_id')
    .distinct()
    .where('at', '>=', since)
    .where('at', '<', until)
    .execute()
  return rows.map((r) => r.job_id)
}

/**
 * The facts of these jobs and of every job still open, in id order: with the ids of
 * jobsWithEventsBetween, the jobs loadMetricSummaries reads. Without the customer's name (no
 * figure reads it: customerNames, for the jobs a page shows).
 */
export async function loadMetricJobs({ engine, db }: EngineDb, jobIds: readonly string[]): Promise<JobFacts[]> {
  const rows = await db
    .selectFrom('jobs as j')
    .select(['j.id', 'j.status', 'j.technician_id', 'j.job_type_id', 'j.dispute_reason'])
    .where((eb) =>
      eb.or([eb('j.id', 'in', textList(engine, jobIds)), eb('j.status', 'in', textList(engine, OPEN_STATUSES))]),
    )
    .orderBy('j.id')
    .execute()
  // Built field by field: spreading 20,000 driver rows into new objects costs ~20 ms here.
  return rows.map((r): JobFacts => ({
    id: r.id,
    status: r.status as JobStatus,
    customer: null,
    technicianId: r.technician_id,
    jobTypeId: r.job_type_id,
    disputeReason: r.dispute_reason,
  }))
}

/** The customer's name of each of these jobs that has a customer. */
export async function customerNames({ engine, db }: EngineDb, jobIds: readonly string[]): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('jobs as j')
    .innerJoin('customers as c', 'c.id', 'j.customer_id')
    .select(['j.id', 'c.name'])
    .where('j.id', 'in', textList(engine, jobIds))
    .execute()
  return new Map(rows.map((r) => [r.id, r.name]))
}

/** The summaries (job_timelines) of these jobs; a job without events has none. */
export async function loadTimelineStates(
  { engine, db }: EngineDb,
  jobIds: readonly string[],
): Promise<Map<string, TimelineState>> {
  const rows = await db
    .selectFrom('job_timelines')
    .select(['job_id', 'state_json'])
    .where('job_id', 'in', textList(engine, jobIds))
    .execute()
  return new Map(rows.map((r) => [r.job_id, JSON.parse(r.state_json) as TimelineState]))
}

/** The names the figures show for technician and job type ids. */
export async function metricNames(edb: EngineDb): Promise<Pick<MetricRows, 'technicians' | 'jobTypes'>> {
  const [technicians, jobTypes] = await Promise.all([idsAndNames(edb, 'technicians'), idsAndNames(edb, 'job_types')])
  return { technicians: namesById(technicians), jobTypes: namesById(jobTypes) }
}
