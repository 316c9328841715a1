import type { JobStatus } from '../../../src-shared/domain/status'
import type { Office } from '../office'
import type { JobFacts, MetricEvent } from './timeline'

/** Only these event types change a figure; the rest of the log is not read. */
const METRIC_EVENT_TYPES = [
  'submission-received',
  'status-changed',
  'approved',
  'sent-back',
  'lines-edited',
  'voided',
  'invoiced',
  'batch-voided',
  'disputed',
]
const OPEN_STATUSES: JobStatus[] = [
  'submitted',
  'needs-review',
  'needs-approval',
  'approved',
  'sent-back',
  'invoice-ready',
]

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
  const { sqlite } = office
  const ids = (
    sqlite
      .prepare(
        `SELECT DISTINCT job_id AS id FROM job_events WHERE at >= ? AND at < ?
         UNION SELECT id FROM jobs WHERE status IN (SELECT value FROM json_each(?))`,
      )
      .all(since, until, JSON.stringify(OPEN_STATUSES)) as { id: string }[]
  ).map((r) => r.id)
  const idsJson = JSON.stringify(ids)
  const events = (
    sqlite
      .prepare(
        // Only four data fields matter; extracting them in SQL skips a JSON.parse per event.
        `SELECT id, job_id, at, type,
                json_extract(data_json, '$.to') AS "to", json_extract(data_json, '$.completedAt') AS completed_at,
                json_extract(data_json, '$.technicianId') AS technician_id, json_extract(data_json, '$.reason') AS reason
         FROM job_events
         WHERE job_id IN (SELECT value FROM json_each(?)) AND type IN (SELECT value FROM json_each(?))
         ORDER BY id`,
      )
      .all(idsJson, JSON.stringify(METRIC_EVENT_TYPES)) as EventRow[]
  ).map((r): MetricEvent => ({ id: r.id, jobId: r.job_id, at: r.at, type: r.type, data: dataOf(r) }))
  const jobs = (
    sqlite
      .prepare(
        `SELECT j.id, j.status, c.name AS customer, j.technician_id, j.job_type_id, j.dispute_reason
         FROM jobs j LEFT JOIN customers c ON c.id = j.customer_id
         WHERE j.id IN (SELECT value FROM json_each(?)) ORDER BY j.id`,
      )
      .all(idsJson) as {
      id: string
      status: JobStatus
      customer: string | null
      technician_id: string | null
      job_type_id: string | null
      dispute_reason: string | null
    }[]
  ).map((r): JobFacts => ({
    id: r.id,
    status: r.status,
    customer: r.customer,
    technicianId: r.technician_id,
    jobTypeId: r.job_type_id,
    disputeReason: r.dispute_reason,
  }))
  return {
    events,
    jobs,
    technicians: names(office, 'SELECT id, name FROM technicians'),
    jobTypes: names(office, 'SELECT id, name FROM job_types'),
  }
}

function names(office: Office, query: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const r of office.sqlite.prepare(query).all() as { id: string; name: string }[]) out[r.id] = r.name
  return out
}

interface EventRow {
  id: number
  job_id: string
  at: string
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
