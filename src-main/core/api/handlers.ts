import type { MethodArgs, MethodName, MethodOutput } from '../../../src-shared/api/contract'
import { exportSetup } from '../setup/setup-export'
import { getJob, listJobs } from '../jobs/jobs.repo'
import type { Office } from '../office'

/** Who is calling: transports fill this in (the office UI has no signed-in user yet). */
export interface CallContext {
  transport: 'ipc' | 'http' | 'test'
}

export type Handler<M extends MethodName> = (input: MethodArgs<M>, ctx: CallContext) => Promise<MethodOutput<M>> | MethodOutput<M>
export type Handlers = { [M in MethodName]: Handler<M> }

/** One handler per contract method; a missing one is a compile error. */
export function createHandlers(office: Office): Handlers {
  return {
    'jobs.list': (input) => listJobs(office, input),
    'jobs.get': (input) => getJob(office, input.id),
    'setup.get': () => exportSetup(office) as Record<string, unknown>,
  }
}
