import type { z } from 'zod'
import { approvalsMethods } from './approvals'
import { attachmentsMethods } from './attachments'
import { backupsMethods } from './backups'
import { databaseMethods } from './database'
import { dispatchMethods } from './dispatch'
import { exportsMethods } from './exports'
import { importsMethods } from './imports'
import { inboxMethods } from './inbox'
import { jobsMethods } from './jobs'
import { lanMethods } from './lan'
import { mailMethods } from './mail'
import { metricsMethods } from './metrics'
import { packetsMethods } from './packets'
import { reviewMethods } from './review'
import { sessionMethods } from './session'
import { settingsMethods } from './settings'
import { setupMethods } from './setup'
import { usersMethods } from './users'

/**
 * The office API: one map of method -> zod input and output. Electron IPC (preload), HTTP on
 * 127.0.0.1 (headless) and the tests all bind the same handler map to it. Each method prefix
 * has one home: `src-shared/api/<prefix>.ts` here, `src-main/core/api/<prefix>.handlers.ts` in core.
 */
export const contract = {
  ...sessionMethods,
  ...jobsMethods,
  ...approvalsMethods,
  ...usersMethods,
  ...dispatchMethods,
  ...attachmentsMethods,
  ...importsMethods,
  ...settingsMethods,
  ...setupMethods,
  ...lanMethods,
  ...inboxMethods,
  ...metricsMethods,
  ...exportsMethods,
  ...packetsMethods,
  ...backupsMethods,
  ...reviewMethods,
  ...mailMethods,
  ...databaseMethods,
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
