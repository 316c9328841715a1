import { formatMilli, formatMoney } from '../../../src-shared/domain/money'
import type { JobDetail, JobSort, JobSummary } from '../../../src-shared/api/jobs'
import type { Finding } from '../../../src-shared/schemas/bundle'
import { JOB_STATUSES, type JobStatus } from '../../../src-shared/domain/status'
import { sql, type SqlBool } from 'kysely'
import { all, first } from '../db/connection'
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
  tabClauses,
  type JobClause,
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

type JobRow = NonNullable<ReturnType<typeof summaryRows>>[number]

/** Every summary column of `jobs j` with its customer, technician, job type and current closeout. */
function summaryQuery({ db }: Office) {
  return db
    .selectFrom('jobs as j')
    .leftJoin('customers as c', 'c.id', 'j.customer_id')
    .leftJoin('technicians as t', 't.id', 'j.technician_id')
    .leftJoin('job_types as jt', 'jt.id', 'j.job_type_id')
    .leftJoin('submissions as s', 's.id', 'j.current_submission_id')
    .select((eb) => [
      sql<number>`j.rowid`.as('rid'),
      'j.id',
      'j.status',
      'j.customer_id',
      'c.name as customer_name',
      'j.site_address',
      'j.technician_id',
      't.name as technician_name',
      'j.job_type_id',
      'jt.name as job_type_name',
      'j.scheduled_for',
      'j.po_number',
      'j.invoice_number',
      'j.total_cents',
      'j.updated_at',
      's.findings_json',
      eb
        .selectFrom(
          eb
            .selectFrom('submissions')
            .select('id')
            .whereRef('job_id', '=', 'j.id')
            .orderBy('received_at')
            .orderBy('id')
            .as('history'),
        )
        .select(sql<string>`json_group_array(history.id)`.as('ids'))
        .as('submission_ids'),
    ])
}

function summaryRows(office: Office, rowids: number[]) {
  return all(office.sqlite, summaryQuery(office).where(sql<number>`j.rowid`, 'in', rowids))
}

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
  const row = first(
    office.sqlite,
    office.db
      .selectFrom('jobs_fts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(sql<SqlBool>`jobs_fts MATCH ${match}`),
  )
  return Number(row?.n ?? 0)
}

/** `jobs j` with the clauses applied. */
function jobsWhere(office: Office, clauses: readonly JobClause[]) {
  let q = office.db.selectFrom('jobs as j')
  for (const clause of clauses) q = q.where(clause)
  return q
}

function countWhere(office: Office, clauses: readonly JobClause[]): number {
  const row = first(
    office.sqlite,
    jobsWhere(office, clauses).select((eb) => eb.fn.countAll<number>().as('n')),
  )
  return Number(row?.n ?? 0)
}

function statusCounts(office: Office, filter: JobFilter, matches: number | null): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(JOB_STATUSES.map((s) => [s, 0]))
  counts.all = 0
  counts.attention = 0
  if (matches === 0) return counts
  // A broad match counts along the status index (covering, no row reads) with the match as a filter.
  const where = filterClauses(filter, { walkIndex: matches !== null && matches >= BROAD_MATCH })
  for (const r of all(
    office.sqlite,
    jobsWhere(office, where)
      .select((eb) => ['j.status', eb.fn.countAll<number>().as('n')])
      .groupBy('j.status'),
  )) {
    counts[r.status] = Number(r.n)
    counts.all += Number(r.n)
  }
  counts.attention = countWhere(office, [...where, ...tabClauses('attention')])
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
  const where = [...filterClauses(query, { walkIndex }), ...tabClauses(query.status)]
  let total: number
  if (query.counts !== false) total = counts[query.status] ?? 0
  else if (query.status === 'all' && matches !== null && onlySearch(query)) total = matches
  else total = countWhere(office, where)
  // Two steps: pick the page's rowids with only the joins the sort needs, then load those rows.
  // At 100,000 jobs the one-query form let the planner probe the search for every row.
  let page = jobsWhere(office, where)
    .$if(sort === 'customer', (q) => q.leftJoin('customers as c', 'c.id', 'j.customer_id'))
    .$if(sort === 'technician', (q) => q.leftJoin('technicians as t', 't.id', 'j.technician_id'))
    .select(sql<number>`j.rowid`.as('rid'))
  for (const [expression, direction] of orderBy(sort, query.direction ?? 'desc'))
    page = page.orderBy(expression, direction)
  const rowids = all(office.sqlite, page.limit(query.limit).offset(query.offset)).map((r) => r.rid)
  const byRowid = new Map(rowids.length ? summaryRows(office, rowids).map((row) => [row.rid, row]) : [])
  const rows = rowids.map((rid) => byRowid.get(rid)).filter((r): r is JobRow => r !== undefined)
  return { total, counts, jobs: rows.map(jobRowToSummary) }
}

export function getJob(office: Office, id: string): JobDetail {
  const { sqlite, db } = office
  const row = first(
    sqlite,
    summaryQuery(office).select(['j.description', 'j.not_to_exceed_cents']).where('j.id', '=', id),
  )
  if (!row) throw new CloseoutError('not-found', `There is no job ${id}`)
  const estimate = all(
    sqlite,
    db
      .selectFrom('estimate_lines as e')
      .leftJoin('price_book as p', 'p.sku', 'e.sku')
      .leftJoin('labor_rates as l', 'l.role', 'e.role')
      .select([
        'e.kind',
        'e.sku',
        'e.role',
        // The line's own words, else the price book's, the role's name, the role or SKU itself.
        sql<string>`COALESCE(e.description, p.description, l.name, e.role, e.sku, '')`.as('description'),
        'e.quantity_milli',
      ])
      .where('e.job_id', '=', id)
      .orderBy('e.line_no'),
  )
  // A job's log names the same few people over and over: look each one up once.
  const names = new Map<string, string>()
  const nameOf = (actor: string): string => {
    let name = names.get(actor)
    if (name === undefined) names.set(actor, (name = actorName(office, actor)))
    return name
  }
  return {
    ...jobRowToSummary(row),
    description: row.description,
    notToExceed: row.not_to_exceed_cents == null ? null : formatMoney(row.not_to_exceed_cents),
    estimate: estimate.map((e) => ({
      kind: e.kind as 'part' | 'labor',
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
    const row = first(office.sqlite, office.db.selectFrom('technicians').select('name').where('id', '=', tech[1]!))
    return row?.name ?? `Technician ${tech[1]}`
  }
  const userId = actor.replace(/^user:/, '')
  const user = first(office.sqlite, office.db.selectFrom('users').select('name').where('id', '=', userId))
  return user?.name ?? 'Closeout'
}
