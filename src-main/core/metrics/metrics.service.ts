import type { Metrics, MetricFigure, MetricsJobs } from '../../../src-shared/api/metrics'
import type { Office } from '../office'
import { computeMetrics, DSO_NOTE, type MetricsInput } from './compute'
import { computeFigureJobs } from './figure-jobs'
import { DSO_METHOD_NOTE, getPaymentMetrics } from './payments-metrics'
import { customerNames } from './metrics.repo'
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
function metricsInput(office: Office, range: MetricsRange, now: number): MetricsInput {
  const timeZone = getOfficeTimeZone(office)
  const { from, to } = resolveRange(range, timeZone, now)
  // The headline compares the range's last week with the one before, which may start earlier.
  const since = Math.min(startOfDay(from, timeZone), startOfDay(addDays(mondayOf(to), -7), timeZone))
  const until = startOfDay(addDays(to, 1), timeZone)
  const rows = loadMetricSummariesCached(office, new Date(since).toISOString(), new Date(until).toISOString())
  return { ...rows, from, to, timeZone, now, approvalSlaHours: getApprovalSlaHours(office) }
}

export function getMetrics(office: Office, range: MetricsRange, now: number = Date.now()): Metrics {
  const input = metricsInput(office, range, now)
  const metrics = computeMetrics(input)
  // Paid dates come from imported payments (a separate read, skipped until any are imported).
  const payments = getPaymentMetrics(office, {
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
export function getMetricsJobs(
  office: Office,
  ask: MetricsRange & { figure: MetricFigure; key?: string | undefined; page: number; limit: number },
  now: number = Date.now(),
): MetricsJobs {
  const page = computeFigureJobs(metricsInput(office, ask, now), ask)
  const names = customerNames(
    office,
    page.jobs.map((j) => j.id),
  )
  for (const job of page.jobs) job.customer = names.get(job.id) ?? null
  return page
}
