import type { Office } from '../office'
import { OFFICE_LOG_ID } from '../settings/settings-audit'
import { appendEvent } from './event-log'

/**
 * What happened to the office as a whole (not to one job), on the same hash-chained event log
 * under the id no job can have ('#office'), with who did it: settings changes
 * (settings-audit.ts), and the command line's restore and move to PostgreSQL.
 *
 * - office-restored          { file, backupCreatedAt }   (closeout restore)
 * - office-copied-to-postgres { target, rows }           (closeout db migrate; target masked)
 */
export type OfficeEventType = 'office-restored' | 'office-copied-to-postgres'

export function recordOfficeEvent(
  office: Office,
  event: { type: OfficeEventType; actor: string; data: Record<string, unknown> },
): void {
  office.sqlite.transaction(() => {
    appendEvent(office.sqlite, office.db, { jobId: OFFICE_LOG_ID, ...event })
  })()
}
