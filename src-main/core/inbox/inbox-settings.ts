import type { EngineDb } from '../db/engine-db'
import type { InboxTimings } from './ingest-bundle'
import { readSettingAsync } from '../settings/settings-store'

export interface InboxSettings {
  usePolling: boolean
  timings: InboxTimings
}

const HOUR = 60 * 60 * 1000

/**
 * The inbox settings saved in the office (settings keys `inbox.usePolling`, `inbox.stallHours`),
 * with env overrides for headless installs: CLOSEOUT_INBOX_POLLING=1 for SMB/NFS shares, where
 * change notifications do not arrive.
 */
/** When the last full scan of the inbox finished (an ISO time), for the health line after a restart. */
export const LAST_SCAN_KEY = 'inbox.lastScanAt'

export async function readInboxSettings(edb: EngineDb, env: NodeJS.ProcessEnv = process.env): Promise<InboxSettings> {
  const polling = env.CLOSEOUT_INBOX_POLLING
    ? env.CLOSEOUT_INBOX_POLLING === '1'
    : (await readSettingAsync(edb, 'inbox.usePolling')) === true
  const stallHours = await readSettingAsync(edb, 'inbox.stallHours')
  return {
    usePolling: polling,
    timings: {
      settleMs: 10_000,
      stallMs: typeof stallHours === 'number' && stallHours > 0 ? stallHours * HOUR : 24 * HOUR,
    },
  }
}
