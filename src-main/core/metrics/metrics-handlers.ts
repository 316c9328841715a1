import type { Handlers } from '../api/handlers'
import type { Office } from '../office'
import { disputeJob } from './dispute'
import { getMetrics } from './metrics.service'
import { setApprovalSlaHours } from './settings'

type MetricsMethod = 'metrics.get' | 'metrics.setApprovalSla' | 'jobs.dispute'

/** The dashboard's slice of the office API (handlers.ts spreads it in). */
export function metricsHandlers(office: Office): Pick<Handlers, MetricsMethod> {
  return {
    'metrics.get': (input) => getMetrics(office, input),
    'metrics.setApprovalSla': (input) => ({ approvalSlaHours: setApprovalSlaHours(office, input.hours) }),
    'jobs.dispute': (input) => disputeJob(office, input),
  }
}
