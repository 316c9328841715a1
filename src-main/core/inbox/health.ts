import { existsSync, lstatSync, readdirSync, rmdirSync } from 'node:fs'
import { join } from 'node:path'
import type { InboxHealth, InboxReprocessResult } from '../../../src-shared/api/inbox'
import { CloseoutError } from '../errors'
import type { Office } from '../office'
import { bundlesInState, restartBundle } from './bundles.repo'
import { scanInbox } from './inbox-scan'
import { sharedLayout } from './layout'
import { LAST_SCAN_KEY, readInboxSettings } from './inbox-settings'
import { readSettingAsync } from '../settings/settings-store'
import { renameRetry, unlinkSyncRetry } from '../fs/retry'

export interface WatcherStatus {
  mode: 'watching' | 'polling'
  available: boolean
  lastScanAt: string | null
}

const watchers = new WeakMap<Office, WatcherStatus>()

/** The running watcher reports here, so the office's health line shows the live mode and scan time. */
export function reportWatcherStatus(office: Office, status: WatcherStatus | null): void {
  if (status) watchers.set(office, status)
  else watchers.delete(office)
}

/** The inbox health line and the lists behind it (which folder, how watched, what waits, what was refused). */
export async function inboxHealth(office: Office): Promise<InboxHealth> {
  const layout = sharedLayout(office)
  const live = watchers.get(office)
  const saved = await readSettingAsync(office, LAST_SCAN_KEY)
  const waiting = await bundlesInState(office, ['pending', 'stalled'])
  const held = await bundlesInState(office, ['attention'])
  const rejected = await bundlesInState(office, ['rejected'])
  const polling = live ? live.mode === 'polling' : (await readInboxSettings(office)).usePolling
  return {
    folder: layout.inbox,
    mode: live?.mode ?? (polling ? 'polling' : 'watching'),
    running: live !== undefined,
    available: live?.available ?? existsSync(layout.inbox),
    lastScanAt: live?.lastScanAt ?? (typeof saved === 'string' ? saved : null),
    pending: waiting.filter((r) => r.state === 'pending').length,
    stalled: waiting
      .filter((r) => r.state === 'stalled')
      .map((r) => ({
        folder: r.folder,
        path: join(layout.inbox, r.folder),
        since: r.firstSeenAt,
        missing: r.detail.missing ?? [],
      })),
    needsAttention: held.map((r) => ({
      folder: r.folder,
      path: join(layout.inbox, r.folder),
      reason: 'ingest-crashed' as const,
      message: r.detail.held?.message ?? r.detail.lastError ?? 'held for the office',
      since: r.detail.held?.since ?? r.lastCheckedAt,
    })),
    rejected: rejected.map((r) => {
      const name = (r.detail.movedTo ?? `rejected/${r.folder}`).replace(/^rejected\//, '')
      return {
        folder: name,
        path: join(layout.rejected, name),
        reason: r.detail.reason ?? 'not-a-bundle',
        details: r.detail.details ?? [],
        at: r.detail.at ?? r.lastCheckedAt,
      }
    }),
  }
}

/**
 * The office's Reprocess action: moves `rejected/<folder>` back into the inbox (dropping our
 * REJECTED.json) and scans it at once. Ingested if it is now valid, rejected again if not. A
 * bundle held in the inbox (`ingest-crashed`) is given a fresh start and scanned at once.
 */
export async function reprocess(office: Office, folder: string): Promise<InboxReprocessResult> {
  const layout = sharedLayout(office)
  const held = (await bundlesInState(office, ['attention'])).find((r) => r.folder === folder)
  if (held && existsSync(join(layout.inbox, folder))) {
    await restartBundle(office, folder, new Date().toISOString())
    return scanOne(office, folder)
  }
  const row = (await bundlesInState(office, ['rejected'])).find(
    (r) => (r.detail.movedTo ?? `rejected/${r.folder}`) === `rejected/${folder}`,
  )
  const source = join(layout.rejected, folder)
  if (!row || !existsSync(source))
    throw new CloseoutError('not-found', `No rejected bundle "${folder}" in ${layout.rejected}`)
  const target = join(layout.inbox, row.folder)
  if (existsSync(target))
    throw new CloseoutError('conflict', `The inbox already holds "${row.folder}"; move it away first`)
  const rejectedJson = join(source, 'REJECTED.json')
  if (existsSync(rejectedJson)) unlinkSyncRetry(rejectedJson)
  const strayFile = join(source, row.folder)
  const wasFile = existsSync(strayFile) && lstatSync(strayFile).isFile() && readdirSync(source).length === 1
  await renameRetry(wasFile ? strayFile : source, target)
  if (wasFile) rmdirSync(source) // the folder Closeout made around a stray file, now empty
  await restartBundle(office, row.folder, new Date().toISOString())
  return scanOne(office, row.folder)
}

async function scanOne(office: Office, folder: string): Promise<InboxReprocessResult> {
  const summary = await scanInbox(office, { timings: (await readInboxSettings(office)).timings, only: [folder] })
  const outcome = summary.outcomes[0]?.outcome
  if (!outcome || outcome.kind === 'gone') return { folder, result: 'pending', reason: null, details: [] }
  if (outcome.kind === 'rejected')
    return { folder, result: 'rejected', reason: outcome.reason, details: outcome.details }
  if (outcome.kind === 'pending') return { folder, result: 'pending', reason: null, details: outcome.missing }
  if (outcome.kind === 'failed' || outcome.kind === 'attention')
    return { folder, result: 'pending', reason: null, details: [{ path: folder, message: outcome.message }] }
  return { folder, result: outcome.kind, reason: null, details: [] }
}
