import { useCallback, useEffect, useRef, useState } from 'react'
import type { EventName } from '../../../src-shared/api/events'
import { subscribe } from './api'

export interface QueryState<T> {
  data: T | undefined
  error: Error | undefined
  loading: boolean
  reload: () => void
}

/**
 * Loads data with `fetcher`, reloads when `deps` change and whenever one of `events` arrives
 * (live updates when a bundle is ingested). Keeps showing the last data while reloading.
 */
export function useQuery<T>(
  fetcher: () => Promise<T>,
  deps: readonly unknown[],
  events: readonly EventName[] = [],
): QueryState<T> {
  const [data, setData] = useState<T>()
  const [error, setError] = useState<Error>()
  const [loading, setLoading] = useState(true)
  const generation = useRef(0)
  const fetcherRef = useRef(fetcher)
  fetcherRef.current = fetcher

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
  useEffect(() => {
    const offs = events.map((name) => subscribe(name, load))
    return () => offs.forEach((off) => off())
  }, [events.join(',')])

  return { data, error, loading, reload: load }
}
