import type { Office } from '../office'
import type { Handlers } from './handler-types'
import { approvalsHandlers } from './approvals.handlers'
import { attachmentsHandlers } from './attachments.handlers'
import { backupsHandlers } from './backups.handlers'
import { databaseHandlers } from './database.handlers'
import { dispatchHandlers } from './dispatch.handlers'
import { exportsHandlers } from './exports.handlers'
import { importsHandlers } from './imports.handlers'
import { inboxHandlers } from './inbox.handlers'
import { jobsHandlers } from './jobs.handlers'
import { lanHandlers } from './lan.handlers'
import { mailHandlers } from './mail.handlers'
import { metricsHandlers } from './metrics.handlers'
import { packetsHandlers } from './packets.handlers'
import { reviewHandlers } from './review.handlers'
import { sessionHandlers } from './session.handlers'
import { settingsHandlers } from './settings.handlers'
import { setupHandlers } from './setup.handlers'
import { usersHandlers } from './users.handlers'

export type { CallContext, Handler, Handlers } from './handler-types'
export { signedIn } from './handler-types'

/**
 * One handler per contract method, one file per method prefix (`<prefix>.handlers.ts`, beside
 * `src-shared/api/<prefix>.ts`); a missing handler is a compile error.
 */
export function createHandlers(office: Office): Handlers {
  return {
    ...sessionHandlers(office),
    ...jobsHandlers(office),
    ...approvalsHandlers(office),
    ...usersHandlers(office),
    ...dispatchHandlers(office),
    ...attachmentsHandlers(office),
    ...importsHandlers(office),
    ...settingsHandlers(office),
    ...setupHandlers(office),
    ...lanHandlers(office),
    ...inboxHandlers(office),
    ...metricsHandlers(office),
    ...exportsHandlers(office),
    ...packetsHandlers(office),
    ...backupsHandlers(office),
    ...reviewHandlers(office),
    ...mailHandlers(office),
    ...databaseHandlers(office),
  }
}
