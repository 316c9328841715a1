import { JOB_EVENT_TYPES, type JobEventType } from '../../../src-shared/domain/events'
import { JOB_STATUSES, type JobStatus } from '../../../src-shared/domain/status'
import { all } from '../db/connection'
import { jsonField, jsonList } from '../db/sql-fragments'
import type { Office } from '../office'
import { idsAndNames } from '../setup/catalog.repo'
import type { JobFacts, MetricEvent } from './timeline'

/** Event types that change no figure: left unread (any other type, a new one too, is read). */
const NOT_METRIC_EVENTS = new Set<JobEventType>(['job-created', 'job-updated', 'closeout-moved', 'payment-recorded'])
const METRIC_EVENT_TYPES = JOB_EVENT_TYPES.filter((t) => !NOT_METRIC_EVENTS.has(t))
/** A job is open from its closeout's arrival until it is invoiced or voided. */
const NOT_OPEN = new Set<JobStatus>(['scheduled', 'invoiced', 'void'])
const OPEN_STATUSES = JOB_STATUSES.filter((s) => !NOT_OPEN.has(s))

export interface MetricRows {
  events: MetricEvent[]
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
  ).map((r): JobFacts => ({
    id: r.id,
    status: r.status as JobStatus,
    customer: r.customer,
    technicianId: r.technician_id,
    jobTypeId: r.job_type_id,
    disputeReason: r.dispute_reason,
  }))
  return {
    events,
    jobs,
    technicians: namesById(idsAndNames(office, 'technicians')),
    jobTypes: namesById(idsAndNames(office, 'job_types')),
  }
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
