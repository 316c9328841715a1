import type { MethodArgs, MethodName, MethodOutput } from '../../../src-shared/api/contract'
import { exportSetup } from '../setup/setup-export'
import { countJobs, getJob, listJobs } from '../jobs/jobs.repo'
import type { Office } from '../office'
import { lanInfo } from '../network/lan-info'
import { exportHandlers } from '../exports/export-handlers'
import { approvalHandlers } from '../approvals/approval-handlers'
import { metricsHandlers } from '../metrics/metrics-handlers'
import { officeAppHandlers } from './office-app-handlers'
import { inboxHealth, reprocess } from '../inbox/health'

/** Who is calling: transports fill this in (the office UI has no signed-in user yet). */
export interface CallContext {
  transport: 'ipc' | 'http' | 'test'
}

export type Handler<M extends MethodName> = (
  input: MethodArgs<M>,
  ctx: CallContext,
) => Promise<MethodOutput<M>> | MethodOutput<M>
export type Handlers = { [M in MethodName]: Handler<M> }

/** One handler per contract method; a missing one is a compile error. */
export function createHandlers(office: Office): Handlers {
  return {
    'jobs.list': (input) => listJobs(office, input),
    'jobs.counts': (input) => countJobs(office, input),
    'jobs.get': (input) => getJob(office, input.id),
    'setup.get': () => exportSetup(office) as Record<string, unknown>,
    'lan.info': () => lanInfo(office),
    'inbox.health': () => inboxHealth(office),
    'inbox.reprocess': (input) => reprocess(office, input.folder),
    ...approvalHandlers(office),
    ...metricsHandlers(office),
    ...officeAppHandlers(office),
    ...exportHandlers(office),
  }
}
