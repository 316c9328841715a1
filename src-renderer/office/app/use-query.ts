import { useCallback, useEffect, useRef, useState } from 'react'
import type { EventName, OfficeEvents } from '../../../src-shared/api/events'
import { subscribe } from './api'

export interface QueryState<T> {
  data: T | undefined
  error: Error | undefined
  loading: boolean
  reload: () => void
}

/**
 * The office events a query reloads on: names (every such event), or per name a test of the
 * payload, so a screen reloads only for changes that concern it (one job, one reason).
 */
export type QueryEvents = readonly EventName[] | { readonly [E in EventName]?: (payload: OfficeEvents[E]) => boolean }

/**
 * Loads data with `fetcher`, reloads when `deps` change and whenever one of `events` arrives
 * that concerns it (live updates when a bundle is ingested). Keeps showing the last data while
 * reloading.
 */
export function useQuery<T>(
  fetcher: () => Promise<T>,
  deps: readonly unknown[],
  events: QueryEvents = [],
): QueryState<T> {
  const [data, setData] = useState<T>()
  const [error, setError] = useState<Error>()
  const [loading, setLoading] = useState(true)
  const generation = useRef(0)
  const fetcherRef = useRef(fetcher)
  fetcherRef.current = fetcher
  const eventsRef = useRef(events)
  eventsRef.current = events

  const load = useCallback(() => {
    const mine = ++generation.current
    setLoading(true)
    fetcherRef.current().then(
      (value) => {
        if (mine !== generation.current) return
        setData(value)
        setError(undefined)
        setLoading(false)
      },
      (err: unknown) => {
        if (mine !== generation.current) return
        setError(err instanceof Error ? err : new Error(String(err)))
        setLoading(false)
      },
    )
  }, [])

  useEffect(load, deps)
  const names: readonly EventName[] = isNameList(events) ? events : (Object.keys(events) as EventName[])
  useEffect(() => {
    const offs = names.map((name) =>
      subscribe(name, (payload) => {
        const current = eventsRef.current
        const concerns = isNameList(current)
          ? undefined
          : (current[name] as ((p: typeof payload) => boolean) | undefined)
        if (!concerns || concerns(payload)) load()
      }),
    )
    return () => offs.forEach((off) => off())
  }, [names.join(',')])

  return { data, error, loading, reload: load }
}

function isNameList(events: QueryEvents): events is readonly EventName[] {
  return Array.isArray(events)
}
