import { describe, expect, it } from 'vitest'
import { onConnection } from '../../../src-main/core/db/connection'
import { filterClauses, ftsQuery, onlySearch, orderBy, type JobClause } from '../../../src-main/core/jobs/job-search'

/** The SQL the inbox would run for these clauses and sort (compiled only, never run). */
function compiled(clauses: JobClause[], sort?: Parameters<typeof orderBy>) {
  let q = onConnection(null as never)
    .db.selectFrom('jobs as j')
    .select('j.id')
  for (const c of clauses) q = q.where(c)
  for (const [expression, direction] of sort ? orderBy(...sort) : []) q = q.orderBy(expression, direction)
  return q.compile()
}

describe('inbox search query', () => {
  it('makes every typed word a quoted prefix that must match', () => {
    expect(ftsQuery('acme  den')).toBe('"acme"* AND "den"*')
  })

  it('turns FTS5 syntax and quotes into plain words', () => {
    expect(ftsQuery('"acme" OR NEAR(')).toBe('"acme"* AND "OR"* AND "NEAR("*')
    expect(ftsQuery('*** ""')).toBeNull()
  })

  it('matches nothing (not everything) when the search holds no letters or digits', () => {
    expect(compiled(filterClauses({ search: '***' })).sql).toBe('select "j"."id" from "jobs" as "j" where 1 = 0')
  })

  it('filters a date range on the day as written, and breaks sort ties on rowid', () => {
    const q = compiled(filterClauses({ dateFrom: '2026-11-24', dateTo: '2026-11-25', technicianId: 'T-07' }), [
      'customer',
      'asc',
    ])
    expect(q.sql).toContain('substr(coalesce("j"."scheduled_for", "j"."created_at"), ?, ?) >= ?')
    expect(q.parameters).toEqual(['T-07', 1, 10, '2026-11-24', 1, 10, '2026-11-25'])
    expect(q.sql).toMatch(/order by "c"\."name" COLLATE NOCASE asc, j\.rowid asc$/)
  })

  it('tests a broad match per row (so an index drives the page) and a narrow one by rowid', () => {
    expect(compiled(filterClauses({ search: 'capac' })).sql).toMatch(
      / where j\.rowid IN \(SELECT rowid FROM jobs_fts WHERE jobs_fts MATCH \?\)$/,
    )
    expect(compiled(filterClauses({ search: 'capac' }, { walkIndex: true })).sql).toMatch(
      / where \+j\.rowid IN \(SELECT rowid FROM jobs_fts WHERE jobs_fts MATCH \?\)$/,
    )
  })

  it('knows when the match count alone is the total', () => {
    expect(onlySearch({ search: 'capac' })).toBe(true)
    expect(onlySearch({ search: 'capac', dateTo: '2026-11-25' })).toBe(false)
  })
})
