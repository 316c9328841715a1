import { statSync } from 'node:fs'
import { relative, sep } from 'node:path'
import { watch, type FSWatcher } from 'chokidar'
import type { Office } from '../office'
import { isDebrisName } from './debris'
import { reportWatcherStatus, type WatcherStatus } from './health'
import { DEFAULT_TIMINGS, scanInbox, type ScanSummary } from './inbox-scan'
import { readInboxSettings } from './inbox-settings'
import { ensureLayout, sharedLayout } from './layout'

export interface WatcherOptions {
  /** chokidar polling mode, for SMB/NFS shares whose change notifications never arrive. Default: the saved setting. */
  usePolling?: boolean
  pollingIntervalMs?: number
  /** Full rescan period: watch events are hints, a scan is the truth (they get lost on shares and in sync clients). */
  rescanMs?: number
  stallMs?: number
  settleMs?: number
  /** Quiet time that batches a burst of events for one folder into one look. */
  debounceMs?: number
}

export interface InboxWatcher {
  stop(): Promise<void>
  /** A full scan now (after any scan in progress); answers its summary, or null while the shared folder is offline. */
  scanNow(): Promise<ScanSummary | null>
}

/**
 * Watches `<shared>/inbox` (chokidar) and scans at start-up and every `rescanMs`. Events only
 * say which folder to look at; every decision is the scan's. Survives the inbox vanishing
 * and coming back: the periodic scan re-creates the watcher.
 */
export async function startInboxWatcher(office: Office, options: WatcherOptions = {}): Promise<InboxWatcher> {
  const layout = sharedLayout(office)
  const settings = await readInboxSettings(office)
  const usePolling = options.usePolling ?? settings.usePolling
  const timings = {
    settleMs: options.settleMs ?? DEFAULT_TIMINGS.settleMs,
    stallMs: options.stallMs ?? settings.timings.stallMs,
  }
  const status: WatcherStatus = { mode: usePolling ? 'polling' : 'watching', available: false, lastScanAt: null }
  reportWatcherStatus(office, status)
  let watcher: FSWatcher | null = null
  let watchedIno: number | null = null
  let stopped = false
  const dirty = new Set<string>()
  let debounce: NodeJS.Timeout | null = null

  const touch = (folder: string) => {
    if (stopped) return
    dirty.add(folder)
    debounce ??= setTimeout(flush, options.debounceMs ?? 25)
  }
  const flush = () => {
    debounce = null
    const only = [...dirty]
    dirty.clear()
    if (only.length)
      scanInbox(office, { timings, only }).catch((error: unknown) =>
        console.error('[closeout] inbox scan failed:', error),
      )
  }

  const ensureWatching = async () => {
    const ino = inboxIno(layout.inbox)
    if (ino === watchedIno && watcher) return
    if (watcher) await watcher.close()
    watcher = null
    watchedIno = ino
    if (ino === null || stopped) return
    const w = watch(layout.inbox, {
      ignoreInitial: true,
      depth: 3,
      usePolling,
      interval: options.pollingIntervalMs ?? 2000,
      binaryInterval: options.pollingIntervalMs ?? 2000,
      ignored: (path: string) => {
        const rel = relative(layout.inbox, path)
        if (!rel || rel.startsWith('..')) return false
        const [top = '', ...rest] = rel.split(sep)
        // At the top a conflict copy may be a whole bundle folder (section 4.6): let the scan decide.
        return isDebrisName(top, 'folder') || rest.some((segment) => isDebrisName(segment))
      },
    })
    w.on('all', (_event, path) => {
      const top = relative(layout.inbox, path).split(sep)[0]
      if (top && !top.startsWith('..')) touch(top)
    })
    // An overflow or a vanished share: fall back on a full scan rather than trust the event stream.
    w.on('error', () => void scanNow().catch(() => undefined))
    watcher = w
    // Changes during chokidar's initial crawl are taken as the baseline, not reported: wait it out.
    await new Promise<void>((resolve) => w.once('ready', () => resolve()))
  }

  const scanNow = async (): Promise<ScanSummary | null> => {
    if (stopped) return null
    status.available = ensureLayout(layout)
    await ensureWatching()
    if (!status.available) return null
    const summary = await scanInbox(office, { timings })
    status.lastScanAt = new Date().toISOString()
    return summary
  }

  const timer = setInterval(
    () => void scanNow().catch((error: unknown) => console.error('[closeout] inbox rescan failed:', error)),
    options.rescanMs ?? 60_000,
  )
  timer.unref()
  void scanNow().catch((error: unknown) => console.error('[closeout] inbox scan failed:', error))

  return {
    scanNow,
    async stop() {
      stopped = true
      clearInterval(timer)
      if (debounce) clearTimeout(debounce)
      await watcher?.close()
      watcher = null
      // Let a scan in progress finish, so the office is not closed under it.
      await scanInbox(office, { timings, only: [] }).catch(() => undefined)
      reportWatcherStatus(office, null)
    },
  }
}

function inboxIno(inbox: string): number | null {
  try {
    return statSync(inbox).ino
  } catch {
    return null
  }
}
