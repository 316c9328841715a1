import { useCallback, useEffect, useRef, useState } from 'react'
import type { MethodInput } from '../../../../src-shared/api/contract'
import type { JobSummary } from '../../../../src-shared/api/jobs'
import { call, subscribe } from '../../app/api'

export const PAGE_SIZE = 100

export type JobsQuery = Omit<NonNullable<MethodInput<'jobs.list'>>, 'limit' | 'offset'>

interface PagesState {
  total: number
  counts: Record<string, number>
  pages: Map<number, JobSummary[]>
  error: Error | undefined
  firstLoaded: boolean
}

/**
 * The inbox's rows, fetched a page at a time as they scroll into view, so 100,000 jobs cost
 * what a screenful costs. A new query starts over; a `jobs.changed` event refreshes the pages
 * on screen in place (live updates without losing the scroll position).
 */
export function useJobPages(query: JobsQuery) {
  const key = JSON.stringify(query)
  const [state, setState] = useState<PagesState>({ total: 0, counts: {}, pages: new Map(), error: undefined, firstLoaded: false })
  const inFlight = useRef(new Set<number>())
  const generation = useRef(0)
  const visible = useRef<[number, number]>([0, 0])

  const fetchPage = useCallback(
    (page: number, gen: number, replace = false) => {
      inFlight.current.add(page)
      call('jobs.list', { ...query, limit: PAGE_SIZE, offset: page * PAGE_SIZE }).then(
        (result) => {
          inFlight.current.delete(page)
          if (gen !== generation.current) return
          setState((s) => {
            // A new query keeps showing the old rows until its first page arrives, then replaces them all.
            const pages = replace ? new Map<number, JobSummary[]>() : new Map(s.pages)
            pages.set(page, result.jobs)
            return { total: result.total, counts: result.counts, pages, error: undefined, firstLoaded: true }
          })
        },
        (error: unknown) => {
          inFlight.current.delete(page)
          if (gen !== generation.current) return
          setState((s) => ({ ...s, error: error instanceof Error ? error : new Error(String(error)), firstLoaded: true }))
        },
      )
    },
    [key],
  )

  useEffect(() => {
    const gen = ++generation.current
    inFlight.current.clear()
    fetchPage(0, gen, true)
  }, [fetchPage])

  useEffect(
    () =>
      subscribe('jobs.changed', () => {
        const gen = ++generation.current
        inFlight.current.clear()
        const [first, last] = visible.current
        for (let p = Math.floor(first / PAGE_SIZE); p <= Math.floor(last / PAGE_SIZE); p++) fetchPage(p, gen)
      }),
    [fetchPage],
  )

  /** Asks for the pages holding rows first..last (the virtualizer's window). */
  const ensure = useCallback(
    (first: number, last: number) => {
      visible.current = [first, last]
      if (inFlight.current.has(0) && !state.pages.has(0)) return
      for (let p = Math.floor(first / PAGE_SIZE); p <= Math.floor(last / PAGE_SIZE); p++) {
        if (!state.pages.has(p) && !inFlight.current.has(p)) fetchPage(p, generation.current)
      }
    },
    [state.pages, fetchPage],
  )

  const rowAt = useCallback((index: number): JobSummary | undefined => state.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE], [state.pages])

  const reload = useCallback(() => {
    const gen = ++generation.current
    inFlight.current.clear()
    setState((s) => ({ ...s, pages: new Map(), error: undefined, firstLoaded: false }))
    fetchPage(0, gen)
  }, [fetchPage])

  return { ...state, rowAt, ensure, reload, queryKey: key }
}
