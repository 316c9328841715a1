import { getMetrics, getMetricsJobs } from '../metrics/metrics.service'
import { setApprovalSlaHours } from '../metrics/settings'
import type { Office } from '../office'
import type { PrefixHandlers } from './handler-types'

/** The metrics.* methods (contract: src-shared/api/metrics.ts). */
export function metricsHandlers(office: Office): PrefixHandlers<'metrics'> {
  return {
    'metrics.get': (input) => getMetrics(office, input),
    'metrics.jobs': (input) => getMetricsJobs(office, input),
    'metrics.setApprovalSla': async (input) => ({ approvalSlaHours: await setApprovalSlaHours(office, input.hours) }),
  }
}
