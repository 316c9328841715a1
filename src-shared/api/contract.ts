import { z } from 'zod'
import {
  JobDetailSchema,
  JobsCountsInputSchema,
  JobsCountsOutputSchema,
  JobsListInputSchema,
  JobsListOutputSchema,
} from './jobs'
import { LanInfoSchema } from './lan'
import { exportMethods } from './exports'
import { approvalMethods } from './approvals'
import { metricsMethods } from './metrics'
import { officeAppMethods } from './office-app'
import { InboxHealthSchema, InboxReprocessInputSchema, InboxReprocessResultSchema } from './inbox'

/**
 * The office API: one map of method -> zod input and output. Electron IPC (preload), HTTP on
 * 127.0.0.1 (headless) and the tests all bind the same handler map to it.
 */
export const contract = {
  /** Jobs for the inbox: filtered, searched, paged, with counts per status. */
  'jobs.list': { input: JobsListInputSchema, output: JobsListOutputSchema },
  /** Jobs per status tab for a search and filters (the inbox asks after jobs.list, so rows paint first). */
  'jobs.counts': { input: JobsCountsInputSchema, output: JobsCountsOutputSchema },
  /** One job with its estimate and event timeline. */
  'jobs.get': { input: z.strictObject({ id: z.string().min(1, 'must not be empty') }), output: JobDetailSchema },
  /** The office configuration as a closeout-setup/v1 document (PINs as hashes). */
  'setup.get': { input: z.strictObject({}).default({}), output: z.record(z.string(), z.unknown()) },
  /** Where phones reach the technician form: each LAN address with a QR code (Settings). */
  'lan.info': { input: z.strictObject({}).default({}), output: LanInfoSchema },
  /** The inbox health line: folder, watching or polling, last scan, pending, stalled and rejected bundles. */
  'inbox.health': { input: z.strictObject({}).default({}), output: InboxHealthSchema },
  /** Moves a rejected bundle back into the inbox and ingests it if it is now valid. */
  'inbox.reprocess': { input: InboxReprocessInputSchema, output: InboxReprocessResultSchema },
  ...approvalMethods,
  ...metricsMethods,
  ...officeAppMethods,
  ...exportMethods,
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>

export type Contract = typeof contract
export type MethodName = keyof Contract
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>
export type MethodArgs<M extends MethodName> = z.output<Contract[M]['input']>
export type MethodOutput<M extends MethodName> = z.output<Contract[M]['output']>

export const METHOD_NAMES = Object.keys(contract) as MethodName[]

export { EVENT_NAMES, type EventName } from './events'

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(contract, name)
}
