import type { Metrics, MetricFigure, MetricsJobs } from '../../../src-shared/api/metrics'
import type { EngineDb } from '../db/engine-db'
import { computeMetrics, DSO_NOTE, type MetricsInput } from './compute'
import { computeFigureJobs } from './figure-jobs'
import { DSO_METHOD_NOTE, getPaymentMetrics } from './payments-metrics'
import { customerNames } from './metrics-reads.repo'
import { loadMetricSummariesCached } from './summary-cache'
import { getApprovalSlaHours, getOfficeTimeZone } from './settings'
import { addDays, dayOf, mondayOf, startOfDay } from './zoned-time'

/** Weeks shown when no range is asked for: this week and the eleven before it. */
export const DEFAULT_WEEKS = 12

export interface MetricsRange {
  from?: string | undefined
  to?: string | undefined
}

/** Resolves the range in the office's time zone (defaults: the last 12 weeks up to today). */
export function resolveRange(range: MetricsRange, timeZone: string, now: number): { from: string; to: string } {
  const to = range.to ?? (range.from && range.from > dayOf(now, timeZone) ? range.from : dayOf(now, timeZone))
  const from = range.from ?? addDays(mondayOf(to), -7 * (DEFAULT_WEEKS - 1))
  return { from, to }
}

/** What the figures of a range are computed from: the jobs it can show, each folded already. */
async function metricsInput(edb: EngineDb, range: MetricsRange, now: number): Promise<MetricsInput> {
  const timeZone = await getOfficeTimeZone(edb)
  const { from, to } = resolveRange(range, timeZone, now)
  // The headline compares the range's last week with the one before, which may start earlier.
  const since = Math.min(startOfDay(from, timeZone), startOfDay(addDays(mondayOf(to), -7), timeZone))
  const until = startOfDay(addDays(to, 1), timeZone)
  const rows = await loadMetricSummariesCached(edb, new Date(since).toISOString(), new Date(until).toISOString())
  return { ...rows, from, to, timeZone, now, approvalSlaHours: await getApprovalSlaHours(edb) }
}

/** The dashboard's figures for a range (`metrics.get`), on either engine. */
export async function getMetrics(edb: EngineDb, range: MetricsRange, now: number = Date.now()): Promise<Metrics> {
  const input = await metricsInput(edb, range, now)
  const metrics = computeMetrics(input)
  // Paid dates come from imported payments (a separate read, skipped until any are imported).
  const payments = await getPaymentMetrics(edb, {
    from: input.from,
    to: input.to,
    timeZone: input.timeZone,
    jobTypes: input.jobTypes,
  })
  if (payments) {
    metrics.payments = payments
    metrics.notes = metrics.notes.map((n) => (n === DSO_NOTE ? `${DSO_METHOD_NOTE} (${payments.label})` : n))
  } else metrics.payments = null
  return metrics
}

/** One page of the jobs behind a figure of getMetrics for the same range (`metrics.jobs`). */
export async function getMetricsJobs(
  edb: EngineDb,
  ask: MetricsRange & { figure: MetricFigure; key?: string | undefined; page: number; limit: number },
  now: number = Date.now(),
): Promise<MetricsJobs> {
  const page = computeFigureJobs(await metricsInput(edb, ask, now), ask)
  const names = await customerNames(
    edb,
    page.jobs.map((j) => j.id),
  )
  for (const job of page.jobs) job.customer = names.get(job.id) ?? null
  return page
}
