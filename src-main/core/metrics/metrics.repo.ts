import { JOB_STATUSES, type JobStatus } from '../../../src-shared/domain/status'
import { all, each, first, run, type Db } from '../db/connection'
import { jsonField, jsonList } from '../db/sql-fragments'
import type { Office } from '../office'
import { readSetting, writeSetting } from '../settings/settings-store'
import { idsAndNames } from '../setup/catalog.repo'
import {
  emptyTimelineState,
  foldEvent,
  metricEventData,
  METRIC_EVENT_TYPES,
  type JobFacts,
  type MetricEvent,
  type TimelineState,
} from './timeline'
import type { Kysely, Selectable } from 'kysely'
import type { Database, JobsTable } from '../db/schema'

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
 * with all of their metric events in log order.
 */
export function loadMetricRows(office: Office, since: string, until: string): MetricRows {
  const { sqlite, db } = office
  const ids = all(
    sqlite,
    db
      .selectFrom('job_events')
      .select('job_id as id')
      .distinct()
      .where('at', '>=', since)
      .where('at', '<', until)
      .union(db.selectFrom('jobs').select('id').where('status', 'in', jsonList(OPEN_STATUSES))),
  ).map((r) => r.id)
  const events = all(
    sqlite,
    db
      .selectFrom('job_events')
      .select([
        'id',
        'job_id',
        'at',
        'type',
        // Only four data fields matter; extracting them in SQL skips a JSON.parse per event.
        jsonField('data_json', '$.to').as('to'),
        jsonField('data_json', '$.completedAt').as('completed_at'),
        jsonField('data_json', '$.technicianId').as('technician_id'),
        jsonField('data_json', '$.reason').as('reason'),
      ])
      .where('job_id', 'in', jsonList(ids))
      .where('type', 'in', jsonList(METRIC_EVENT_TYPES))
      .orderBy('id'),
  ).map((r): MetricEvent => ({ id: r.id, jobId: r.job_id, at: r.at, type: r.type, data: dataOf(r) }))
  const jobs = all(
    sqlite,
    db
      .selectFrom('jobs as j')
      .leftJoin('customers as c', 'c.id', 'j.customer_id')
      .select(['j.id', 'j.status', 'c.name as customer', 'j.technician_id', 'j.job_type_id', 'j.dispute_reason'])
      .where('j.id', 'in', jsonList(ids))
      .orderBy('j.id'),
  ).map(rowToJobFacts)
  return {
    events,
    jobs,
    technicians: namesById(idsAndNames(office, 'technicians')),
    jobTypes: namesById(idsAndNames(office, 'job_types')),
  }
}

/**
 * loadMetricRows with the summary table instead of the events: the same jobs (an event between
 * `since` and `until`, found on the log's time index, or still open), each with its events
 * already folded (job_timelines), so only one row per job is read.
 */
export function loadMetricSummaries(office: Office, since: string, until: string): MetricRows {
  const { sqlite, db } = office
  const rows = all(
    sqlite,
    db
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
          eb(
            'j.id',
            'in',
            eb.selectFrom('job_events').select('job_id').where('at', '>=', since).where('at', '<', until),
          ),
          eb('j.status', 'in', jsonList(OPEN_STATUSES)),
        ]),
      )
      .orderBy('j.id'),
  )
  const states = new Map<string, TimelineState>()
  const jobs = rows.map((r): JobFacts => {
    if (r.state_json !== null) states.set(r.id, JSON.parse(r.state_json) as TimelineState)
    return rowToJobFacts(r)
  })
  return {
    events: [],
    states,
    jobs,
    technicians: namesById(idsAndNames(office, 'technicians')),
    jobTypes: namesById(idsAndNames(office, 'job_types')),
  }
}

const METRIC_TYPES = new Set(METRIC_EVENT_TYPES)

/**
 * Folds an event just appended to the log into its job's summary (job_timelines), in the
 * event's transaction: appendEvent is the one way into the log, so the summary always says
 * what a fold of the whole log says. The only writer of job_timelines besides its migration.
 */
export function foldIntoSummary({ sqlite, db }: Db, event: SummaryEvent): void {
  if (!METRIC_TYPES.has(event.type)) return
  const row = first(sqlite, summaryOf(db, event.job_id))
  run(sqlite, upsertSummary(db, event.job_id, foldedJson(row?.state_json, event)))
}

/** foldIntoSummary on the async path (issue #17): in `trx`, the event's own transaction, on either engine. */
export async function foldIntoSummaryIn(trx: Kysely<Database>, event: SummaryEvent): Promise<void> {
  if (!METRIC_TYPES.has(event.type)) return
  const row = await summaryOf(trx, event.job_id).executeTakeFirst()
  await upsertSummary(trx, event.job_id, foldedJson(row?.state_json, event)).execute()
}

type SummaryEvent = { job_id: string; at: string; type: string; data_json: string }

const summaryOf = (db: Kysely<Database>, jobId: string) =>
  db.selectFrom('job_timelines').select('state_json').where('job_id', '=', jobId)

const upsertSummary = (db: Kysely<Database>, jobId: string, state_json: string) =>
  db
    .insertInto('job_timelines')
    .values({ job_id: jobId, state_json })
    .onConflict((oc) => oc.column('job_id').doUpdateSet({ state_json }))

/** A job's summary with one more event folded in, as stored. */
function foldedJson(stateJson: string | undefined, event: SummaryEvent): string {
  const state = stateJson ? (JSON.parse(stateJson) as TimelineState) : emptyTimelineState(event.job_id)
  foldEvent(state, {
    at: event.at,
    type: event.type,
    data: metricEventData(event.type, JSON.parse(event.data_json) as Record<string, unknown>),
  })
  return JSON.stringify(state)
}

/**
 * The version of what foldEvent keeps. Raise it whenever the fold changes what a summary holds
 * (version 2: a stretch never starts before the status it replaces began, and contiguous
 * stretches of a stage are merged); an office whose summary another version folded is folded
 * again from its log when it opens (refoldSummaryIfStale).
 */
export const TIMELINE_FOLD_VERSION = 2
const FOLD_VERSION_KEY = 'metrics.timelineFoldVersion'

/**
 * Makes job_timelines what this version's fold of the whole log says, in one transaction, if it
 * was folded by another version (or never: the table's migration only creates it). Returns
 * whether it folded. Run when an office opens, before anything reads the dashboard.
 */
export function refoldSummaryIfStale({ sqlite, db }: Db): boolean {
  if (readSetting(sqlite, FOLD_VERSION_KEY) === TIMELINE_FOLD_VERSION) return false
  sqlite.transaction(() => {
    const states = new Map<string, TimelineState>()
    const events = each(
      sqlite,
      db
        .selectFrom('job_events')
        .select(['job_id', 'at', 'type', 'data_json'])
        .where('type', 'in', jsonList(METRIC_EVENT_TYPES))
        .orderBy('id'),
    )
    for (const e of events) {
      let state = states.get(e.job_id)
      if (!state) states.set(e.job_id, (state = emptyTimelineState(e.job_id)))
      foldEvent(state, {
        at: e.at,
        type: e.type,
        data: metricEventData(e.type, JSON.parse(e.data_json) as Record<string, unknown>),
      })
    }
    run(sqlite, db.deleteFrom('job_timelines'))
    const rows = [...states].map(([job_id, state]) => ({ job_id, state_json: JSON.stringify(state) }))
    for (let i = 0; i < rows.length; i += 500)
      run(sqlite, db.insertInto('job_timelines').values(rows.slice(i, i + 500)))
    writeSetting(sqlite, FOLD_VERSION_KEY, TIMELINE_FOLD_VERSION)
  })()
  return true
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
export function logHead({ sqlite, db }: Office): { id: number; hash: string } | null {
  return first(sqlite, db.selectFrom('job_events').select(['id', 'hash']).orderBy('id', 'desc').limit(1)) ?? null
}

/** The hash of the event `id`, or null when the log has no such event. */
export function eventHash({ sqlite, db }: Office, id: number): string | null {
  return first(sqlite, db.selectFrom('job_events').select('hash').where('id', '=', id))?.hash ?? null
}

/** The events after the event `id`: which job, and when. */
export function eventsAfter({ sqlite, db }: Office, id: number): { job_id: string; at: string }[] {
  return all(sqlite, db.selectFrom('job_events').select(['job_id', 'at']).where('id', '>', id))
}

/** The jobs with an event between `since` and `until` (UTC ISO, as loadMetricSummaries). */
export function jobsWithEventsBetween({ sqlite, db }: Office, since: string, until: string): string[] {
  return all(
    sqlite,
    db.selectFrom('job_events').select('job_id').distinct().where('at', '>=', since).where('at', '<', until),
  ).map((r) => r.job_id)
}

/**
 * The facts of these jobs and of every job still open, in id order: with the ids of
 * jobsWithEventsBetween, the jobs loadMetricSummaries reads. Without the customer's name (no
 * figure reads it: customerNames, for the jobs a page shows).
 */
export function loadMetricJobs({ sqlite, db }: Office, jobIds: readonly string[]): JobFacts[] {
  return all(
    sqlite,
    db
      .selectFrom('jobs as j')
      .select(['j.id', 'j.status', 'j.technician_id', 'j.job_type_id', 'j.dispute_reason'])
      .where((eb) => eb.or([eb('j.id', 'in', jsonList(jobIds)), eb('j.status', 'in', jsonList(OPEN_STATUSES))]))
      .orderBy('j.id'),
  ).map((r): JobFacts => ({
    id: r.id,
    status: r.status as JobStatus,
    customer: null,
    technicianId: r.technician_id,
    jobTypeId: r.job_type_id,
    disputeReason: r.dispute_reason,
  }))
}

/** The customer's name of each of these jobs that has a customer. */
export function customerNames({ sqlite, db }: Office, jobIds: readonly string[]): Map<string, string> {
  const rows = all(
    sqlite,
    db
      .selectFrom('jobs as j')
      .innerJoin('customers as c', 'c.id', 'j.customer_id')
      .select(['j.id', 'c.name'])
      .where('j.id', 'in', jsonList(jobIds)),
  )
  return new Map(rows.map((r) => [r.id, r.name]))
}

/** The summaries (job_timelines) of these jobs; a job without events has none. */
export function loadTimelineStates({ sqlite, db }: Office, jobIds: readonly string[]): Map<string, TimelineState> {
  const rows = all(
    sqlite,
    db.selectFrom('job_timelines').select(['job_id', 'state_json']).where('job_id', 'in', jsonList(jobIds)),
  )
  return new Map(rows.map((r) => [r.job_id, JSON.parse(r.state_json) as TimelineState]))
}

/** The names the figures show for technician and job type ids. */
export function metricNames(office: Office): Pick<MetricRows, 'technicians' | 'jobTypes'> {
  return {
    technicians: namesById(idsAndNames(office, 'technicians')),
    jobTypes: namesById(idsAndNames(office, 'job_types')),
  }
}
