import { openSync, renameSync, unlinkSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'

/**
 * Every move and removal of the inbox, the attachment store and receipts goes through here.
 * On Windows an antivirus scanner, the search indexer or OneDrive briefly holds a handle and
 * rename/unlink/open fail with EBUSY, EPERM or EACCES; graceful-fs retries for the same reason.
 * We retry a bounded number of times with backoff (about 0.3 s in all for the synchronous
 * calls, 1.5 s for the asynchronous ones), then throw: the caller leaves the bundle where it is
 * and the next scan tries again, so a lasting lock costs time, never data.
 */
const TRANSIENT = new Set(['EBUSY', 'EPERM', 'EACCES'])
const SYNC_DELAYS_MS = [10, 20, 40, 80, 160]
const ASYNC_DELAYS_MS = [50, 100, 200, 400, 800]

export type FsOp = 'rename' | 'unlink' | 'open'

export function isTransient(error: unknown): boolean {
  return TRANSIENT.has((error as NodeJS.ErrnoException | null)?.code ?? '')
}

export function renameSyncRetry(from: string, to: string): void {
  retrySync('rename', from, () => renameSync(from, to))
}

export async function renameRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      injectFault('rename', from)
      renameSync(from, to)
      return
    } catch (error) {
      const delay = ASYNC_DELAYS_MS[attempt]
      if (!isTransient(error) || delay === undefined) throw error
      await sleep(delay)
    }
  }
}

export function unlinkSyncRetry(file: string): void {
  retrySync('unlink', file, () => unlinkSync(file))
}

export function openSyncRetry(file: string, flags: string): number {
  return retrySync('open', file, () => openSync(file, flags))
}

function retrySync<T>(op: FsOp, path: string, run: () => T): T {
  for (let attempt = 0; ; attempt++) {
    try {
      injectFault(op, path)
      return run()
    } catch (error) {
      const delay = SYNC_DELAYS_MS[attempt]
      if (!isTransient(error) || delay === undefined) throw error
      Atomics.wait(pause, 0, 0, delay) // a synchronous caller waits in place; these are rare and short
    }
  }
}

const pause = new Int32Array(new SharedArrayBuffer(4))

/**
 * Fault injection for tests: with probability `rate`, an operation in `ops` fails as a locked
 * file on Windows would, before it touches the disk. Off unless a test turns it on.
 */
let faults: { rate: number; ops: ReadonlySet<FsOp>; codes: readonly string[]; random: () => number } | null = null

export function injectFsFaults(options: {
  rate: number
  ops?: readonly FsOp[]
  codes?: readonly string[]
  random?: () => number
}): () => void {
  faults = {
    rate: options.rate,
    ops: new Set(options.ops ?? ['rename', 'unlink', 'open']),
    codes: options.codes ?? ['EBUSY', 'EPERM', 'EACCES'],
    random: options.random ?? Math.random,
  }
  return () => {
    faults = null
  }
}

function injectFault(op: FsOp, path: string): void {
  if (!faults || !faults.ops.has(op) || faults.random() >= faults.rate) return
  const code = faults.codes[Math.floor(faults.random() * faults.codes.length)] ?? 'EBUSY'
  throw Object.assign(new Error(`${code}: resource busy or locked (injected), ${op} '${path}'`), { code, path })
}
