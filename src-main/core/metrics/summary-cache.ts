import type { Office } from '../office'
import {
  eventHash,
  jobsWithEventsAfter,
  loadMetricJobs,
  loadTimelineStates,
  logHead,
  metricNames,
  type MetricRows,
} from './metrics.repo'
import type { TimelineState } from './timeline'

/**
 * The summaries (job_timelines) the last figures were made from, parsed, with the log's last
 * event when they were read. The log is append-only and its events are chained by hash, so
 * the same hash at that id means the same log up to it: only the jobs with an event after it
 * can have another summary, and only those are read again. Another log (a restore) starts over.
 */
interface Cached {
  head: { id: number; hash: string } | null
  states: Map<string, TimelineState>
}

const cache = new WeakMap<Office, Cached>()

/**
 * loadMetricSummaries, reading only the summaries that changed since the last call on this
 * office: the dashboard reloads on every change to a job, and a drawer page asks for the same
 * range again. The answer's states are shared with the cache: they must not be changed
 * (finishTimeline leaves them as they are).
 */
export function loadMetricSummariesCached(office: Office, since: string, until: string): MetricRows {
  const head = logHead(office)
  let cached = cache.get(office)
  if (cached && !sameLog(office, cached.head, head)) cached = undefined
  else if (cached && head && cached.head && head.id !== cached.head.id)
    for (const id of jobsWithEventsAfter(office, cached.head.id)) cached.states.delete(id)
  const known = cached?.states ?? new Map<string, TimelineState>()

  const jobs = loadMetricJobs(office, since, until)
  const missing = jobs.filter((j) => !known.has(j.id)).map((j) => j.id)
  const read = missing.length ? loadTimelineStates(office, missing) : new Map<string, TimelineState>()
  // Kept: this range's summaries (the next call is most likely the same range, or a page of it).
  const states = new Map<string, TimelineState>()
  for (const j of jobs) {
    const state = known.get(j.id) ?? read.get(j.id)
    if (state) states.set(j.id, state)
  }
  cache.set(office, { head, states })
  return { events: [], states, jobs, ...metricNames(office) }
}

function sameLog(
  office: Office,
  before: { id: number; hash: string } | null,
  now: { id: number; hash: string } | null,
): boolean {
  if (before === null) return now === null
  if (now === null || now.id < before.id) return false
  return now.id === before.id ? now.hash === before.hash : eventHash(office, before.id) === before.hash
}
