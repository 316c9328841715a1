import type { JobSort } from '../../../src-shared/api/jobs'
import { ATTENTION_STATUSES, attentionCutoffs } from '../../../src-shared/domain/attention'
import type { JobStatus } from '../../../src-shared/domain/status'
import {
  sql,
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type OrderByModifiers,
  type RawBuilder,
  type SqlBool,
} from 'kysely'
import type { EngineName } from '../db/engine-db'
import { searchWords } from '../db/pg/search'
import { noCaseOrder } from '../db/sql-fragments'
import type { Database, JobsTable } from '../db/schema'

/** The inbox's filters, search and sort as one query (see listJobs in jobs.repo.ts). */
export interface JobFilter {
  search?: string | undefined
  technicianId?: string | undefined
  customerId?: string | undefined
  jobTypeId?: string | undefined
  dateFrom?: string | undefined
  dateTo?: string | undefined
}

/**
 * Turns what a clerk types into an FTS5 query: every word must match, each as a prefix
 * ("acm den" finds "Acme Dental", "1042" finds J-1042 and INV-1042). Words are quoted, so
 * FTS5 operators and punctuation typed by the user are plain text, never syntax.
 */
export function ftsQuery(search: string): string | null {
  const words = search
    .normalize('NFKC')
    .split(/\s+/)
    .map((w) => w.replace(/"/g, '').trim())
    .filter((w) => /[\p{L}\p{N}]/u.test(w))
  if (words.length === 0) return null
  return words.map((w) => `"${w}"*`).join(' AND ')
}

/**
 * The search adapter per engine (issue #17), chosen by the `EngineDb`'s engine: what a clerk
 * typed as the engine's full-text query, the condition "this job matches", and how many jobs
 * match. SQLite: FTS5 (`jobs_fts MATCH`, rowids, remove_diacritics). PostgreSQL: the `jobs_fts`
 * table its triggers keep (db/pg/migrations/2026_11_25_1400_jobs_search.ts) with a GIN index
 * over `to_tsvector('simple', closeout_unaccent(…))`, so "muller" finds "Müller" there too.
 * Both: every word must match, each as a prefix; punctuation is never syntax.
 */
export interface SearchAdapter {
  /** The engine's query for what was typed; null when nothing searchable was typed. */
  query(search: string): string | null
  /** `jobs j` is among the matches. `walkIndex`: SQLite only, see filterClauses. */
  matches(query: string, walkIndex: boolean): RawBuilder<SqlBool>
  /** How many jobs match, from the search index alone. */
  count(db: Kysely<Database>, query: string): Promise<number>
}

const sqliteSearch: SearchAdapter = {
  query: ftsQuery,
  // FTS5's MATCH and the rowid it answers with have no builder words.
  matches: (match, walkIndex) =>
    sql<SqlBool>`${sql.raw(walkIndex ? '+' : '')}j.rowid IN (SELECT rowid FROM jobs_fts WHERE jobs_fts MATCH ${match})`,
  count: async (db, match) => {
    const row = await db
      .selectFrom('jobs_fts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(sql<SqlBool>`jobs_fts MATCH ${match}`)
      .executeTakeFirst()
    return Number(row?.n ?? 0)
  },
}

/** PostgreSQL's stored words against the query, unaccented the same way (the GIN index is on `document`). */
const pgMatch = (query: string) => sql<SqlBool>`jobs_fts.document @@ to_tsquery('simple', closeout_unaccent(${query}))`

const postgresSearch: SearchAdapter = {
  // Only letters and digits reach to_tsquery, so nothing typed is tsquery syntax.
  query: (search) => {
    const words = searchWords(search)
    return words.length === 0 ? null : words.map((w) => `${w}:*`).join(' & ')
  },
  matches: (query) => sql<SqlBool>`j.id IN (SELECT job FROM jobs_fts WHERE ${pgMatch(query)})`,
  count: async (db, query) => {
    const row = await db
      .selectFrom('jobs_fts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(pgMatch(query))
      .executeTakeFirst()
    return Number(row?.n ?? 0)
  },
}

export function searchAdapter(engine: EngineName): SearchAdapter {
  return engine === 'sqlite' ? sqliteSearch : postgresSearch
}

/**
 * A job's key in a page: SQLite's rowid (the sort indexes end in it, so ties need no sort
 * step), PostgreSQL's primary key (it has no rowid).
 */
export function jobKey(engine: EngineName): RawBuilder<number | string> {
  return engine === 'sqlite' ? sql<number>`j.rowid` : sql<string>`j.id`
}

/**
 * Above this many matches the inbox walks the sort's index and tests each job against the
 * match (the first page fills after a few hundred entries) instead of looking up and sorting
 * every match: at 100,000 jobs "capacitor" (14,000 matches) drops from 14 ms to under 2 ms.
 */
export const BROAD_MATCH = 2_000

/** Sorts an index answers in order (ties on rowid included), so walking it needs no sort step. */
export const INDEXED_SORTS: ReadonlySet<JobSort> = new Set<JobSort>(['when', 'updated', 'job', 'total'])

/** Conditions over `jobs j`, ANDed by the query that applies them (see jobs.repo.ts). */
export type JobsEb = ExpressionBuilder<Database & { j: JobsTable }, 'j'>
export type JobClause = (eb: JobsEb) => Expression<SqlBool>

/** The day a job is about (its visit, else when it was created), as written: the clerk's calendar day. */
const jobDay = (eb: JobsEb) =>
  eb.fn<string>('substr', [eb.fn.coalesce('j.scheduled_for', 'j.created_at'), eb.val(1), eb.val(10)])

/**
 * The filters and search as conditions over `jobs j`. `walkIndex`: the match becomes a
 * membership test (`+` keeps SQLite from driving the query by it), so the planner walks an
 * index instead; use it for broad matches only, a narrow match is cheaper looked up by rowid.
 */
export function filterClauses(
  filter: JobFilter,
  { walkIndex = false, engine = 'sqlite' }: { walkIndex?: boolean; engine?: EngineName } = {},
): JobClause[] {
  const where: JobClause[] = []
  const { technicianId, customerId, jobTypeId, dateFrom, dateTo } = filter
  if (technicianId) where.push((eb) => eb('j.technician_id', '=', technicianId))
  if (customerId) where.push((eb) => eb('j.customer_id', '=', customerId))
  if (jobTypeId) where.push((eb) => eb('j.job_type_id', '=', jobTypeId))
  if (dateFrom) where.push((eb) => eb(jobDay(eb), '>=', dateFrom))
  if (dateTo) where.push((eb) => eb(jobDay(eb), '<=', dateTo))
  const search = searchAdapter(engine)
  const match = filter.search ? search.query(filter.search) : null
  if (filter.search?.trim() && !match) where.push(() => sql<SqlBool>`1 = 0`)
  if (match) where.push(() => search.matches(match, walkIndex))
  return where
}

/** The sort keys; customer and technician need their table joined as `c` and `t`. */
const ORDER: Record<JobSort, RawBuilder<unknown>> = {
  when: sql`COALESCE(j.scheduled_for, j.created_at)`,
  updated: sql`j.updated_at`,
  job: sql`j.id`,
  customer: noCaseOrder('sqlite', 'c.name'),
  technician: noCaseOrder('sqlite', 't.name'),
  total: sql`j.total_cents`,
  status: sql`j.status`,
}

/** PostgreSQL's: NOCASE's order spelt out, whatever the database's locale (sql-fragments.ts). */
const PG_ORDER: Record<JobSort, RawBuilder<unknown>> = {
  ...ORDER,
  customer: noCaseOrder('postgres', 'c.name'),
  technician: noCaseOrder('postgres', 't.name'),
}

/** Sort keys that can be NULL: PostgreSQL is told to put NULLs where SQLite does (lowest). */
const NULLABLE: ReadonlySet<JobSort> = new Set<JobSort>(['customer', 'technician', 'total'])

/** True when only the search (no other filter) narrows the jobs: then the match count is the total. */
export function onlySearch(filter: JobFilter): boolean {
  return !filter.technicianId && !filter.customerId && !filter.jobTypeId && !filter.dateFrom && !filter.dateTo
}

/**
 * The ORDER BY of a sort key; the job's key (rowid on SQLite) breaks ties so paging is stable
 * and the indexes need no sort step.
 */
export function orderBy(
  sort: JobSort,
  direction: 'asc' | 'desc',
  engine: EngineName = 'sqlite',
): [RawBuilder<unknown>, OrderByModifiers][] {
  if (engine === 'sqlite')
    return [
      [ORDER[sort], direction],
      [jobKey(engine), direction],
    ]
  const nulls: OrderByModifiers = NULLABLE.has(sort)
    ? (ob) => (direction === 'asc' ? ob.asc().nullsFirst() : ob.desc().nullsLast())
    : direction
  return [
    [PG_ORDER[sort], nulls],
    [jobKey(engine), direction],
  ]
}

/**
 * The condition of a tab: one status, every job ('all'), or what needs attention now (see
 * src-shared/domain/attention.ts): waiting for the office, waiting for export, sent back too
 * long, or invoiced in a batch nobody marked imported after a day.
 */
export function tabClauses(status: JobStatus | 'all' | 'attention', now = Date.now()): JobClause[] {
  if (status === 'all') return []
  if (status !== 'attention') return [(eb) => eb('j.status', '=', status)]
  const { sentBackBefore, batchBefore } = attentionCutoffs(now)
  return [
    (eb) =>
      eb.or([
        eb('j.status', 'in', [...ATTENTION_STATUSES]),
        eb.and([eb('j.status', '=', 'sent-back'), eb('j.updated_at', '<', sentBackBefore)]),
        eb.and([
          eb('j.status', '=', 'invoiced'),
          eb(
            'j.id',
            'in',
            eb
              .selectFrom('export_batch_jobs as bj')
              .innerJoin('export_batches as b', 'b.id', 'bj.batch_id')
              .select('bj.job_id')
              .where('b.status', '=', 'active')
              .where('b.imported_at', 'is', null)
              .where('b.created_at', '<', batchBefore),
          ),
        ]),
      ]),
  ]
}
