import { withTransaction, type EngineDb } from '../db/engine-db'
import { OFFICE_LOG_ID } from '../settings/settings-audit'
import { appendEventIn } from './event-log'

/**
 * What happened to the office as a whole (not to one job), on the same hash-chained event log
 * under the id no job can have ('#office'), with who did it: settings changes
 * (settings-audit.ts), and the command line's restore and move to PostgreSQL.
 *
 * - office-restored          { file, backupCreatedAt }   (closeout restore)
 * - office-copied-to-postgres { target, rows }           (closeout db migrate; target masked)
 * - backup-restored          { file, dataDir, backupCreatedAt } (Settings > Backups, into another folder)
 */
export type OfficeEventType = 'office-restored' | 'office-copied-to-postgres' | 'backup-restored'

/** Appends the office's event in a transaction of its own, on either engine. */
export async function recordOfficeEvent(
  edb: EngineDb,
  event: { type: OfficeEventType; actor: string; data: Record<string, unknown> },
): Promise<void> {
  await withTransaction(edb, (trx) => appendEventIn(trx, { jobId: OFFICE_LOG_ID, ...event }).then(() => undefined))
}
