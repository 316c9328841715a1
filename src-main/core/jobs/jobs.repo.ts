import { formatMilli, formatMoney } from '../../../src-shared/domain/money'
import type { JobDetail, JobSort, JobSummary } from '../../../src-shared/api/jobs'
import type { Finding } from '../../../src-shared/schemas/bundle'
import { JOB_STATUSES, type JobStatus } from '../../../src-shared/domain/status'
import { sql, type ExpressionBuilder } from 'kysely'
import type { EngineDb, EngineName } from '../db/engine-db'
import type { Database, JobsTable } from '../db/schema'
import { readJobEventsAsync } from '../lifecycle/event-log'
import { CloseoutError } from '../errors'
import {
  BROAD_MATCH,
  filterClauses,
  INDEXED_SORTS,
  jobKey,
  onlySearch,
  orderBy,
  searchAdapter,
  tabClauses,
  type JobClause,
  type JobFilter,
} from './job-search'

/**
 * The inbox's reads (jobs.list, jobs.counts, jobs.get) on the async path of issue #17: every
 * query runs through Kysely's `.execute()` on an `EngineDb`, the office's SQLite file or a
 * PostgreSQL database, with the engines' differences (search, the page key, collation) in
 * job-search.ts's adapters. Several reads make one answer; on PostgreSQL they are separate
 * statements (a job changed between the count and the page shows up on the next refresh).
 */
export interface JobQuery extends JobFilter {
  status: JobStatus | 'all' | 'attention'
  sort?: JobSort | undefined
  direction?: 'asc' | 'desc' | undefined
  limit: number
  offset: number
  /** false: skip counting every status (counts: {}); the total for `status` is still exact. */
  counts?: boolean | undefined
}

type JobRow = Awaited<ReturnType<typeof summaryRows>>[number]

type SummaryEb = ExpressionBuilder<Database & { j: JobsTable }, 'j'>

/** A job's submissions, oldest first, as a JSON array of ids (text on both engines). */
function submissionIds(eb: SummaryEb, engine: EngineName) {
  if (engine === 'postgres')
    return eb
      .selectFrom('submissions as h')
      .select(sql<string>`json_agg(h.id ORDER BY h.received_at, h.id)::text`.as('ids'))
      .whereRef('h.job_id', '=', 'j.id')
  return eb
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
}

/** Every summary column of `jobs j` with its customer, technician, job type and current closeout. */
function summaryQuery(edb: EngineDb) {
  return edb.db
    .selectFrom('jobs as j')
    .leftJoin('customers as c', 'c.id', 'j.customer_id')
    .leftJoin('technicians as t', 't.id', 'j.technician_id')
    .leftJoin('job_types as jt', 'jt.id', 'j.job_type_id')
    .leftJoin('submissions as s', 's.id', 'j.current_submission_id')
    .select((eb) => [
      jobKey(edb.engine).as('rid'),
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
      submissionIds(eb, edb.engine).as('submission_ids'),
    ])
}

function summaryRows(edb: EngineDb, keys: (number | string)[]) {
  return summaryQuery(edb).where(jobKey(edb.engine), 'in', keys).execute()
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

/** How many jobs the search words match (null: no search); the search index answers this alone. */
async function countMatches(edb: EngineDb, filter: JobFilter): Promise<number | null> {
  const search = searchAdapter(edb.engine)
  const match = filter.search ? search.query(filter.search) : null
  if (!match) return filter.search?.trim() ? 0 : null
  return search.count(edb.db, match)
}

/** `jobs j` with the clauses applied. */
function jobsWhere(edb: EngineDb, clauses: readonly JobClause[]) {
  let q = edb.db.selectFrom('jobs as j')
  for (const clause of clauses) q = q.where(clause)
  return q
}

async function countWhere(edb: EngineDb, clauses: readonly JobClause[]): Promise<number> {
  const row = await jobsWhere(edb, clauses)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}

async function statusCounts(edb: EngineDb, filter: JobFilter, matches: number | null): Promise<Record<string, number>> {
  const counts: Record<string, number> = Object.fromEntries(JOB_STATUSES.map((s) => [s, 0]))
  counts.all = 0
  counts.attention = 0
  if (matches === 0) return counts
  // A broad match counts along the status index (covering, no row reads) with the match as a filter.
  const where = filterClauses(filter, {
    walkIndex: matches !== null && matches >= BROAD_MATCH,
    engine: edb.engine,
  })
  if (edb.engine === 'postgres') {
    // One pass over the matches: the attention tab as a FILTER on the same count.
    const [attention] = tabClauses('attention')
    const rows = await jobsWhere(edb, where)
      .select((eb) => [
        'j.status',
        eb.fn.countAll<number>().as('n'),
        eb.fn.countAll<number>().filterWhere(attention!(eb)).as('attention'),
      ])
      .groupBy('j.status')
      .execute()
    for (const r of rows) {
      counts[r.status] = Number(r.n)
      counts.all += Number(r.n)
      counts.attention += Number(r.attention)
    }
    return counts
  }
  const rows = await jobsWhere(edb, where)
    .select((eb) => ['j.status', eb.fn.countAll<number>().as('n')])
    .groupBy('j.status')
    .execute()
  for (const r of rows) {
    counts[r.status] = Number(r.n)
    counts.all += Number(r.n)
  }
  counts.attention = await countWhere(edb, [...where, ...tabClauses('attention')])
  return counts
}

/** Jobs per status (and `all`) for a search and filters: the inbox's tab counts. */
export async function countJobs(edb: EngineDb, filter: JobFilter): Promise<Record<string, number>> {
  // PostgreSQL needs no match count first (it only picks SQLite's index walk): one query less.
  const matches =
    edb.engine === 'postgres'
      ? filter.search?.trim() && !searchAdapter(edb.engine).query(filter.search)
        ? 0
        : null
      : await countMatches(edb, filter)
  return statusCounts(edb, filter, matches)
}

export async function listJobs(
  edb: EngineDb,
  query: JobQuery,
): Promise<{ total: number; counts: Record<string, number>; jobs: JobSummary[] }> {
  const matches = await countMatches(edb, query)
  const counts = query.counts === false ? {} : await statusCounts(edb, query, matches)
  if (matches === 0) return { total: 0, counts, jobs: [] }
  const sort = query.sort ?? 'when'
  const walkIndex = matches !== null && matches >= BROAD_MATCH && INDEXED_SORTS.has(sort)
  const where = [...filterClauses(query, { walkIndex, engine: edb.engine }), ...tabClauses(query.status)]
  let total: number
  if (query.counts !== false) total = counts[query.status] ?? 0
  else if (query.status === 'all' && matches !== null && onlySearch(query)) total = matches
  else total = await countWhere(edb, where)
  // Two steps: pick the page's keys with only the joins the sort needs, then load those rows.
  // At 100,000 jobs the one-query form let the planner probe the search for every row.
  let page = jobsWhere(edb, where)
    .$if(sort === 'customer', (q) => q.leftJoin('customers as c', 'c.id', 'j.customer_id'))
    .$if(sort === 'technician', (q) => q.leftJoin('technicians as t', 't.id', 'j.technician_id'))
    .select(jobKey(edb.engine).as('rid'))
  for (const [expression, modifiers] of orderBy(sort, query.direction ?? 'desc', edb.engine))
    page = page.orderBy(expression, modifiers)
  const keys = (await page.limit(query.limit).offset(query.offset).execute()).map((r) => r.rid)
  const byKey = new Map(keys.length ? (await summaryRows(edb, keys)).map((row) => [row.rid, row]) : [])
  const rows = keys.map((key) => byKey.get(key)).filter((r): r is JobRow => r !== undefined)
  return { total, counts, jobs: rows.map(jobRowToSummary) }
}

export async function getJob(edb: EngineDb, id: string): Promise<JobDetail> {
  const row = await summaryQuery(edb)
    .select(['j.description', 'j.not_to_exceed_cents'])
    .where('j.id', '=', id)
    .executeTakeFirst()
  if (!row) throw new CloseoutError('not-found', `There is no job ${id}`)
  const estimate = await edb.db
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
    .orderBy('e.line_no')
    .execute()
  const events = await readJobEventsAsync(edb.db, id)
  // A job's log names the same few people over and over: look each one up once.
  const names = new Map<string, string>()
  for (const e of events) if (!names.has(e.actor)) names.set(e.actor, await actorName(edb, e.actor))
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
    events: events.map((e) => ({ ...e, actorName: names.get(e.actor)! })),
  }
}

/** 'tech:T-07' -> "Sam Ortiz", 'U-2' or 'user:U-2' -> "Lee Park (supervisor)"; system actors -> "Closeout". */
async function actorName({ db }: EngineDb, actor: string): Promise<string> {
  const tech = /^tech:(.+)$/.exec(actor)
  if (tech) {
    const row = await db.selectFrom('technicians').select('name').where('id', '=', tech[1]!).executeTakeFirst()
    return row?.name ?? `Technician ${tech[1]}`
  }
  const userId = actor.replace(/^user:/, '')
  const user = await db.selectFrom('users').select('name').where('id', '=', userId).executeTakeFirst()
  return user?.name ?? 'Closeout'
}
