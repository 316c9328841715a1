import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react'
import type { MethodInput } from '../../../../src-shared/api/contract'
import type { JobSummary } from '../../../../src-shared/api/jobs'
import { call, subscribe } from '../../app/api'

export const PAGE_SIZE = 100

export type JobsQuery = Omit<NonNullable<MethodInput<'jobs.list'>>, 'limit' | 'offset' | 'counts'>

interface PagesState {
  /** The query these rows answer (the one typed may be newer while its answer is on the way). */
  key: string
  query: JobsQuery | undefined
  total: number
  pages: Map<number, JobSummary[]>
  error: Error | undefined
  firstLoaded: boolean
}

/** The tab counts depend on the search and filters only, not on the tab or the sort. */
const countsKeyOf = ({ status: _status, sort: _sort, direction: _direction, ...filter }: JobsQuery) =>
  JSON.stringify(filter)

const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)))

/**
 * The inbox's rows, fetched a page at a time as they scroll into view, so 100,000 jobs cost
 * what a screenful costs. A new query asks at once, no typing pause: while its first page is on
 * the way, later keystrokes wait and only the latest query is asked next, so a fast typist never
 * queues stale searches. Rows and the total come first; the per-tab counts in a second call
 * right after, so the rows paint without waiting for them. A `jobs.changed` event refreshes the
 * pages on screen in place (live updates without losing the scroll position).
 */
export function useJobPages(query: JobsQuery) {
  const key = JSON.stringify(query)
  const [state, setState] = useState<PagesState>({
    key: '',
    query: undefined,
    total: 0,
    pages: new Map(),
    error: undefined,
    firstLoaded: false,
  })
  const [counts, setCounts] = useState<{ key: string; counts: Record<string, number> }>()
  const wanted = useRef({ key, query })
  const shown = useRef(state)
  shown.current = state
  /** A first page is on the way; `restart`: when it lands, ask again (a job changed meanwhile). */
  const flight = useRef({ busy: false, restart: false })
  const generation = useRef(0)
  const inFlight = useRef(new Set<number>())
  const visible = useRef<[number, number]>([0, 0])

  const fetchCounts = useCallback((q: JobsQuery) => {
    const { status: _status, sort: _sort, direction: _direction, ...filter } = q
    const countsKey = countsKeyOf(q)
    call('jobs.counts', filter).then(
      (result) => {
        if (countsKeyOf(wanted.current.query) === countsKey) setCounts({ key: countsKey, counts: result })
      },
      // The rows carry their own error state; stale counts stay dimmed until the next answer.
      () => undefined,
    )
  }, [])

  const fetchPage = useCallback((page: number, gen: number) => {
    const q = shown.current.query
    if (!q) return
    inFlight.current.add(page)
    call('jobs.list', { ...q, limit: PAGE_SIZE, offset: page * PAGE_SIZE, counts: false }).then(
      (result) => {
        inFlight.current.delete(page)
        if (gen !== generation.current) return
        setState((s) => ({
          ...s,
          total: result.total,
          pages: new Map(s.pages).set(page, result.jobs),
          error: undefined,
        }))
      },
      (error: unknown) => {
        inFlight.current.delete(page)
        if (gen === generation.current) setState((s) => ({ ...s, error: asError(error) }))
      },
    )
  }, [])

  const loadFirst = useCallback(() => {
    if (flight.current.busy) return
    flight.current = { busy: true, restart: false }
    const { key: asked, query: q } = wanted.current
    ++generation.current
    inFlight.current.clear()
    const landed = (apply: () => void) => {
      const again = flight.current.restart || wanted.current.key !== asked
      flight.current = { busy: false, restart: false }
      if (again) loadFirst()
      else apply()
    }
    call('jobs.list', { ...q, limit: PAGE_SIZE, offset: 0, counts: false }).then(
      (result) =>
        landed(() => {
          // The old rows stay on screen until this answer replaces them all at once.
          setState({
            key: asked,
            query: q,
            total: result.total,
            pages: new Map([[0, result.jobs]]),
            error: undefined,
            firstLoaded: true,
          })
        }),
      (error: unknown) =>
        landed(() => setState((s) => ({ ...s, key: asked, query: q, error: asError(error), firstLoaded: true }))),
    )
  }, [])

  // Layout effect: the request leaves in the same task as the keystroke, before the browser paints.
  useLayoutEffect(() => {
    wanted.current = { key, query }
    loadFirst()
  }, [key, loadFirst])

  // After the new rows are committed (a passive effect runs after the paint): the counts never
  // hold up the rows, a tab or sort change keeps the counts it already has, and a clerk still
  // typing gets none for the prefixes (the next rows will ask for their own).
  const countsKey = counts?.key
  useEffect(() => {
    if (!state.query || wanted.current.key !== state.key) return
    if (countsKeyOf(state.query) !== countsKey) fetchCounts(state.query)
  }, [state.key, fetchCounts])

  useEffect(
    () =>
      subscribe('jobs.changed', () => {
        fetchCounts(wanted.current.query)
        if (flight.current.busy) {
          flight.current.restart = true
          return
        }
        const gen = ++generation.current
        inFlight.current.clear()
        const [first, last] = visible.current
        for (let p = Math.floor(first / PAGE_SIZE); p <= Math.floor(last / PAGE_SIZE); p++) fetchPage(p, gen)
      }),
    [fetchPage, fetchCounts],
  )

  /** Asks for the pages holding rows first..last (the virtualizer's window). */
  const ensure = useCallback(
    (first: number, last: number) => {
      visible.current = [first, last]
      if (flight.current.busy) return
      for (let p = Math.floor(first / PAGE_SIZE); p <= Math.floor(last / PAGE_SIZE); p++) {
        if (!state.pages.has(p) && !inFlight.current.has(p)) fetchPage(p, generation.current)
      }
    },
    [state.pages, fetchPage],
  )

  const rowAt = useCallback(
    (index: number): JobSummary | undefined => state.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE],
    [state.pages],
  )

  const reload = useCallback(() => {
    setState((s) => ({ ...s, pages: new Map(), error: undefined, firstLoaded: false }))
    if (flight.current.busy) flight.current.restart = true
    else loadFirst()
  }, [loadFirst])

  return {
    total: state.total,
    error: state.error,
    firstLoaded: state.firstLoaded,
    /** Counts per tab; `countsFresh` is false while they still answer an earlier search. */
    counts: counts?.counts,
    countsFresh: counts !== undefined && counts.key === countsKeyOf(query),
    /** The query whose rows are on screen. */
    shownKey: state.key,
    shownQuery: state.query,
    rowAt,
    ensure,
    reload,
  }
}
