import type { EngineDb } from '../db/engine-db'
import {
  eventHash,
  eventsAfter,
  jobsWithEventsBetween,
  loadMetricJobs,
  loadTimelineStates,
  logHead,
  metricNames,
  type MetricRows,
} from './metrics-reads.repo'
import type { TimelineState } from './timeline'

/**
 * What the last figures of an office were made from, with the log's last event when it was
 * read: the parsed summaries (job_timelines) of the range's jobs, and for the last few ranges
 * the jobs with an event in them. The log is append-only and its events are chained by hash,
 * so the same hash at that id means the same log up to it: only the events after it can change
 * anything (their jobs' summaries are read again, their jobs join the ranges they fall in).
 * Another log (a restore) starts over.
 */
interface Cached {
  head: { id: number; hash: string } | null
  states: Map<string, TimelineState>
  /** By `${since} ${until}`, most recently used last. */
  ranges: Map<string, Set<string>>
}

const RANGES_KEPT = 4
const cache = new WeakMap<EngineDb, Cached>()

/**
 * loadMetricSummaries (the same jobs, facts and summaries), reading only what changed since the
 * last call on this office: the dashboard reloads on every change to a job, and each page of
 * its drawer asks for the same range again. The answer's states are shared with the cache:
 * they must not be changed (finishTimeline leaves them as they are).
 *
 * On PostgreSQL each seat keeps its own: the log is the same for every seat, so the events
 * another seat appended are found after the head the same way as this seat's own.
 */
export async function loadMetricSummariesCached(edb: EngineDb, since: string, until: string): Promise<MetricRows> {
  const head = await logHead(edb)
  let cached = cache.get(edb)
  if (cached && !(await sameLog(edb, cached.head, head))) cached = undefined
  else if (cached && head && cached.head && head.id !== cached.head.id)
    for (const e of await eventsAfter(edb, cached.head.id)) {
      cached.states.delete(e.job_id)
      for (const [key, ids] of cached.ranges) {
        const [from, to] = key.split(' ') as [string, string]
        if (e.at >= from && e.at < to) ids.add(e.job_id)
      }
    }
  const ranges = cached?.ranges ?? new Map<string, Set<string>>()
  const key = `${since} ${until}`
  const inRange = ranges.get(key) ?? new Set(await jobsWithEventsBetween(edb, since, until))
  ranges.delete(key)
  ranges.set(key, inRange)
  for (const older of ranges.keys()) if (ranges.size > RANGES_KEPT) ranges.delete(older)

  const jobs = await loadMetricJobs(edb, [...inRange])
  const known = cached?.states ?? new Map<string, TimelineState>()
  const missing = jobs.filter((j) => !known.has(j.id)).map((j) => j.id)
  const read = missing.length ? await loadTimelineStates(edb, missing) : new Map<string, TimelineState>()
  // Kept: this range's summaries (the next call is most likely the same range, or a page of it).
  let states = known
  if (read.size > 0 || known.size !== jobs.length - missing.length) {
    states = new Map<string, TimelineState>()
    for (const j of jobs) {
      const state = known.get(j.id) ?? read.get(j.id)
      if (state) states.set(j.id, state)
    }
  }
  cache.set(edb, { head, states, ranges })
  return { events: [], states, jobs, ...(await metricNames(edb)) }
}

async function sameLog(
  edb: EngineDb,
  before: { id: number; hash: string } | null,
  now: { id: number; hash: string } | null,
): Promise<boolean> {
  if (before === null) return now === null
  if (now === null || now.id < before.id) return false
  return now.id === before.id ? now.hash === before.hash : (await eventHash(edb, before.id)) === before.hash
}
