import { close, fsync, open } from 'node:fs'
import { promisify } from 'node:util'

/**
 * fsync for many files at once. One fsync waits for the disk to confirm a write (milliseconds
 * on a VM or a laptop SSD with a cache flush); several in flight on libuv's thread pool share
 * those waits (the file system commits them together), so a batch costs a few waits instead of
 * one per file. The limit keeps a thread of the pool free for everything else the process
 * does (HTTP static files, scrypt for PINs).
 */
const FSYNC_IN_FLIGHT = 3

const fsyncAsync = promisify(fsync)
const openAsync = promisify(open)
const closeAsync = promisify(close)

/** Runs `task` over `items` with at most `limit` running at a time; answers each item's error or null. */
export async function settleEach<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<(Error | null)[]> {
  const errors: (Error | null)[] = items.map(() => null)
  let next = 0
  const lane = async () => {
    while (next < items.length) {
      const i = next++
      try {
        await task(items[i] as T)
      } catch (error) {
        errors[i] = error instanceof Error ? error : new Error(String(error))
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane))
  return errors
}

/** fsyncs open file descriptors (left open); answers each one's error or null. */
export function fsyncDescriptors(fds: readonly number[]): Promise<(Error | null)[]> {
  return settleEach(fds, FSYNC_IN_FLIGHT, (fd) => fsyncAsync(fd))
}

/**
 * Makes renames into these directories durable, like fsyncDir: skipped on Windows (directories
 * cannot be opened there) and quiet where a network file system refuses.
 */
export async function fsyncDirectories(dirs: Iterable<string>): Promise<void> {
  if (process.platform === 'win32') return
  await settleEach([...new Set(dirs)], FSYNC_IN_FLIGHT, async (dir) => {
    const fd = await openAsync(dir, 'r')
    try {
      await fsyncAsync(fd)
    } finally {
      await closeAsync(fd)
    }
  })
}
