import { lstatSync, readdirSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { unlinkSyncRetry } from '../fs/retry'

/**
 * Temp files our own writers leave behind when the process is killed between "write temp" and
 * "rename": `.<name>.<8 hex>.tmp` (fs/atomic, receipts, blob staging, backups). Nothing else in
 * the folders swept here is removed.
 */
const OUR_TEMP = /^\..+\.[0-9a-f]{8}(\.db)?\.tmp$/

/**
 * Older than this, a temp file has no live writer: ours finish (write, fsync, rename) in well
 * under a second, a 25 MB photo on a slow disk in a few. A sync client copying a folder may hold
 * old mtimes, but it never writes our names.
 */
export const STALE_TEMP_MS = 5 * 60 * 1000

export interface SweepResult {
  removed: number
  bytes: number
}

/** Removes our stale temp files directly inside `dir` (not below it). A missing folder sweeps nothing. */
export function sweepStaleTemps(dir: string, now = Date.now(), maxAgeMs = STALE_TEMP_MS): SweepResult {
  const result: SweepResult = { removed: 0, bytes: 0 }
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return result
  }
  for (const name of names) if (OUR_TEMP.test(name)) removeIfStale(join(dir, name), now, maxAgeMs, result)
  return result
}

/**
 * Where blob staging writes its temp copies for the store rooted at `store` (on the store's own
 * volume, so the rename into place is atomic): one folder, so a rescan sweeps it cheaply. Only
 * stale temps are swept, so seats sharing a store never take each other's copies in flight.
 */
export function stagingDir(store: string): string {
  return join(store, '.staging')
}

/**
 * The whole attachment store, once at start-up: the staging folder and, for stores written
 * before staging had its own folder, the temp files a kill left beside blobs in their shard
 * folders. Asynchronous, so a large store does not hold up the start.
 */
export async function sweepAttachmentStore(store: string, now = Date.now()): Promise<SweepResult> {
  const total: SweepResult = { removed: 0, bytes: 0 }
  const add = (r: SweepResult) => {
    total.removed += r.removed
    total.bytes += r.bytes
  }
  add(sweepStaleTemps(stagingDir(store), now))
  const root = store
  for (const first of await subfolders(root))
    for (const second of await subfolders(join(root, first))) add(sweepStaleTemps(join(root, first, second), now))
  return total
}

async function subfolders(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true })
    return entries.filter((e) => e.isDirectory() && /^[0-9a-f]{2}$/.test(e.name)).map((e) => e.name)
  } catch {
    return []
  }
}

function removeIfStale(file: string, now: number, maxAgeMs: number, result: SweepResult): void {
  try {
    const stat = lstatSync(file)
    if (!stat.isFile() || now - stat.mtimeMs < maxAgeMs) return
    unlinkSyncRetry(file)
    result.removed++
    result.bytes += stat.size
  } catch {
    // Renamed into place or removed by its writer meanwhile: nothing to sweep.
  }
}
