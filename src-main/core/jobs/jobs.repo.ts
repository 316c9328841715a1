import { formatMilli, formatMoney } from '../../../src-shared/domain/money'
import type { JobDetail, JobSort, JobSummary } from '../../../src-shared/api/jobs'
import type { Finding } from '../../../src-shared/schemas/bundle'
import { JOB_STATUSES, type JobStatus } from '../../../src-shared/domain/status'
import { readJobEvents } from '../lifecycle/event-log'
import { CloseoutError } from '../errors'
import type { Office } from '../office'
import {
  BROAD_MATCH,
  filterClauses,
  ftsQuery,
  INDEXED_SORTS,
  onlySearch,
  orderBy,
  tabClause,
  type JobFilter,
} from './job-search'

export interface JobQuery extends JobFilter {
  status: JobStatus | 'all' | 'attention'
  sort?: JobSort | undefined
  direction?: 'asc' | 'desc' | undefined
  limit: number
  offset: number
  /** false: skip counting every status (counts: {}); the total for `status` is still exact. */
  counts?: boolean | undefined
}

interface JobRow {
  id: string
  status: string
  customer_id: string | null
  customer_name: string | null
  site_address: string
  technician_id: string | null
  technician_name: string | null
  job_type_id: string | null
  job_type_name: string | null
  scheduled_for: string | null
  po_number: string | null
  invoice_number: string | null
  total_cents: number | null
  updated_at: string
  findings_json: string | null
  submission_ids: string | null
}

const SELECT_SUMMARY = `
  SELECT j.id, j.status, j.customer_id, c.name AS customer_name, j.site_address,
         j.technician_id, t.name AS technician_name, j.job_type_id, jt.name AS job_type_name,
         j.scheduled_for, j.po_number, j.invoice_number, j.total_cents, j.updated_at,
         s.findings_json,
         (SELECT json_group_array(id) FROM (SELECT id FROM submissions WHERE job_id = j.id ORDER BY received_at, id)) AS submission_ids
  FROM jobs j
  LEFT JOIN customers c ON c.id = j.customer_id
  LEFT JOIN technicians t ON t.id = j.technician_id
  LEFT JOIN job_types jt ON jt.id = j.job_type_id
  LEFT JOIN submissions s ON s.id = j.current_submission_id`

export function jobRowToSummary(row: JobRow): JobSummary {
  return {
    id: row.id,
    status: row.status as JobStatus,
    customerId: row.customer_id,
    customer: row.customer_name,
    siteAddress: row.site_address,
    technicianId: row.technician_id,
    technician: row.technician_name,
    jobTypeId: row.job_type_id,
    jobType: row.job_type_name,
    scheduledFor: row.scheduled_for,
    poNumber: row.po_number,
    invoiceNumber: row.invoice_number,
    total: row.total_cents == null ? null : formatMoney(row.total_cents),
    totalCents: row.total_cents,
    submissionIds: row.submission_ids ? (JSON.parse(row.submission_ids) as string[]) : [],
    findings: row.findings_json ? (JSON.parse(row.findings_json) as Finding[]) : [],
    updatedAt: row.updated_at,
  }
}

/** How many jobs the search words match (null: no search); FTS5 answers this from its index alone. */
function countMatches(office: Office, filter: JobFilter): number | null {
  const match = filter.search ? ftsQuery(filter.search) : null
  if (!match) return filter.search?.trim() ? 0 : null
  return office.sqlite.prepare('SELECT count(*) FROM jobs_fts WHERE jobs_fts MATCH ?').pluck().get(match) as number
}

function statusCounts(office: Office, filter: JobFilter, matches: number | null): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(JOB_STATUSES.map((s) => [s, 0]))
  counts.all = 0
  counts.attention = 0
  if (matches === 0) return counts
  // A broad match counts along the status index (covering, no row reads) with the match as a filter.
  const { where, params } = filterClauses(filter, { walkIndex: matches !== null && matches >= BROAD_MATCH })
  const base = where.length ? `WHERE ${where.join(' AND ')}` : ''
  for (const r of office.sqlite
    .prepare(`SELECT j.status, COUNT(*) AS n FROM jobs j ${base} GROUP BY j.status`)
    .all(...params) as { status: string; n: number }[]) {
    counts[r.status] = r.n
    counts.all += r.n
  }
  const attention = tabClause('attention')
  counts.attention = office.sqlite
    .prepare(`SELECT COUNT(*) FROM jobs j WHERE ${[...where, ...attention.where].join(' AND ')}`)
    .pluck()
    .get(...params, ...attention.params) as number
  return counts
}

/** Jobs per status (and `all`) for a search and filters: the inbox's tab counts. */
export function countJobs(office: Office, filter: JobFilter): Record<string, number> {
  return statusCounts(office, filter, countMatches(office, filter))
}

export function listJobs(
  office: Office,
  query: JobQuery,
): { total: number; counts: Record<string, number>; jobs: JobSummary[] } {
  const matches = countMatches(office, query)
  const counts = query.counts === false ? {} : statusCounts(office, query, matches)
  if (matches === 0) return { total: 0, counts, jobs: [] }
  const sort = query.sort ?? 'when'
  const walkIndex = matches !== null && matches >= BROAD_MATCH && INDEXED_SORTS.has(sort)
  const { where, params } = filterClauses(query, { walkIndex })
  const tab = tabClause(query.status)
  const statusWhere = [...where, ...tab.where]
  const statusParams = [...params, ...tab.params]
  const base = statusWhere.length ? `WHERE ${statusWhere.join(' AND ')}` : ''
  let total: number
  if (query.counts !== false) total = counts[query.status] ?? 0
  else if (query.status === 'all' && matches !== null && onlySearch(query)) total = matches
  else
    total = office.sqlite
      .prepare(`SELECT COUNT(*) FROM jobs j ${base}`)
      .pluck()
      .get(...statusParams) as number
  // Two steps: pick the page's rowids with only the joins the sort needs, then load those rows.
  // At 100,000 jobs the one-query form let the planner probe the search for every row.
  const joins =
    sort === 'customer'
      ? 'LEFT JOIN customers c ON c.id = j.customer_id'
      : sort === 'technician'
        ? 'LEFT JOIN technicians t ON t.id = j.technician_id'
        : ''
  const page = office.sqlite
    .prepare(
      `SELECT j.rowid AS rid FROM jobs j ${joins} ${base} ${orderBy(sort, query.direction ?? 'desc')} LIMIT ? OFFSET ?`,
    )
    .pluck()
    .all(...statusParams, query.limit, query.offset) as number[]
  const byRowid = new Map<number, JobRow>()
  if (page.length) {
    for (const row of office.sqlite
      .prepare(
        `${SELECT_SUMMARY.replace('SELECT j.id,', 'SELECT j.rowid AS rid, j.id,')} WHERE j.rowid IN (${page.map(() => '?').join(',')})`,
      )
      .all(...page) as (JobRow & { rid: number })[]) {
      byRowid.set(row.rid, row)
    }
  }
  const rows = page.map((rid) => byRowid.get(rid)).filter((r): r is JobRow => r !== undefined)
  return { total, counts, jobs: rows.map(jobRowToSummary) }
}

export function getJob(office: Office, id: string): JobDetail {
  const row = office.sqlite.prepare(`${SELECT_SUMMARY} WHERE j.id = ?`).get(id) as JobRow | undefined
  if (!row) throw new CloseoutError('not-found', `There is no job ${id}`)
  const extra = office.sqlite.prepare('SELECT description, not_to_exceed_cents FROM jobs WHERE id = ?').get(id) as {
    description: string
    not_to_exceed_cents: number | null
  }
  const estimate = office.sqlite
    .prepare(
      `SELECT e.kind, e.sku, e.role, COALESCE(e.description, p.description, l.name, e.role, e.sku, '') AS description, e.quantity_milli
       FROM estimate_lines e LEFT JOIN price_book p ON p.sku = e.sku LEFT JOIN labor_rates l ON l.role = e.role
       WHERE e.job_id = ? ORDER BY e.line_no`,
    )
    .all(id) as {
    kind: 'part' | 'labor'
    sku: string | null
    role: string | null
    description: string
    quantity_milli: number
  }[]
  // A job's log names the same few people over and over: look each one up once.
  const names = new Map<string, string>()
  const nameOf = (actor: string): string => {
    let name = names.get(actor)
    if (name === undefined) names.set(actor, (name = actorName(office, actor)))
    return name
  }
  return {
    ...jobRowToSummary(row),
    description: extra.description,
    notToExceed: extra.not_to_exceed_cents == null ? null : formatMoney(extra.not_to_exceed_cents),
    estimate: estimate.map((e) => ({
      kind: e.kind,
      sku: e.sku,
      role: e.role,
      description: e.description,
      quantity: formatMilli(e.quantity_milli),
    })),
    events: readJobEvents(office.sqlite, id).map((e) => ({ ...e, actorName: nameOf(e.actor) })),
  }
}

/** 'tech:T-07' -> "Sam Ortiz", 'U-2' or 'user:U-2' -> "Lee Park (supervisor)"; system actors -> "Closeout". */
function actorName(office: Office, actor: string): string {
  const tech = /^tech:(.+)$/.exec(actor)
  if (tech) {
    const row = office.sqlite.prepare('SELECT name FROM technicians WHERE id = ?').get(tech[1]) as
      { name: string } | undefined
    return row?.name ?? `Technician ${tech[1]}`
  }
  const userId = actor.replace(/^user:/, '')
  const user = office.sqlite.prepare('SELECT name FROM users WHERE id = ?').get(userId) as { name: string } | undefined
  return user?.name ?? 'Closeout'
}
