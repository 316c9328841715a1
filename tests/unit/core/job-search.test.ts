import { describe, expect, it } from 'vitest'
import { filterClauses, ftsQuery, onlySearch, orderBy } from '../../../src-main/core/jobs/job-search'

describe('inbox search query', () => {
  it('makes every typed word a quoted prefix that must match', () => {
    expect(ftsQuery('acme  den')).toBe('"acme"* AND "den"*')
  })

  it('turns FTS5 syntax and quotes into plain words', () => {
    expect(ftsQuery('"acme" OR NEAR(')).toBe('"acme"* AND "OR"* AND "NEAR("*')
    expect(ftsQuery('*** ""')).toBeNull()
  })

  it('matches nothing (not everything) when the search holds no letters or digits', () => {
    expect(filterClauses({ search: '***' }).where).toEqual(['0'])
  })

  it('filters a date range on the day as written, and breaks sort ties on rowid', () => {
    const { where, params } = filterClauses({ dateFrom: '2026-11-24', dateTo: '2026-11-25', technicianId: 'T-07' })
    expect(where).toHaveLength(3)
    expect(params).toEqual(['T-07', '2026-11-24', '2026-11-25'])
    expect(orderBy('customer', 'asc')).toBe('ORDER BY c.name COLLATE NOCASE ASC, j.rowid ASC')
  })

  it('tests a broad match per row (so an index drives the page) and a narrow one by rowid', () => {
    expect(filterClauses({ search: 'capac' }).where).toEqual([
      'j.rowid IN (SELECT rowid FROM jobs_fts WHERE jobs_fts MATCH ?)',
    ])
    expect(filterClauses({ search: 'capac' }, { walkIndex: true }).where).toEqual([
      '+j.rowid IN (SELECT rowid FROM jobs_fts WHERE jobs_fts MATCH ?)',
    ])
  })

  it('knows when the match count alone is the total', () => {
    expect(onlySearch({ search: 'capac' })).toBe(true)
    expect(onlySearch({ search: 'capac', dateTo: '2026-11-25' })).toBe(false)
  })
})
