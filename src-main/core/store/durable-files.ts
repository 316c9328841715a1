import { close, fsync, mkdir, open, write } from 'node:fs'
import { promisify } from 'node:util'

/**
 * Durable file writes on libuv's thread pool, several at a time. One fsync waits for the disk
 * to confirm (milliseconds on a VM or a laptop SSD with a cache flush) and creating a file or
 * folder costs the kernel far more than copying a photo; done on the pool, those waits and
 * that work overlap each other and the hashing on the main thread, and concurrent fsyncs are
 * committed together by the file system. At most POOL_LANES jobs run at once, so a thread of
 * the pool stays free for everything else the process does (static files, scrypt for PINs).
 */
const POOL_LANES = 3

const fsyncAsync = promisify(fsync)
const openAsync = promisify(open)
const closeAsync = promisify(close)
const writeAsync = promisify(write)
const mkdirAsync = promisify(mkdir)

let running = 0
const queue: (() => void)[] = []

/** Runs `job` when a lane is free (first come, first served). */
export async function onPool<T>(job: () => Promise<T>): Promise<T> {
  if (running >= POOL_LANES) await new Promise<void>((resolve) => queue.push(resolve))
  running++
  try {
    return await job()
  } finally {
    running--
    queue.shift()?.()
  }
}

/**
 * Creates `file` (and first, if `makeDir`, that folder with its parents), writes `data`,
 * fsyncs and closes it. Answers the first folder it had to create, as mkdir -p does.
 */
export function writeDurably(file: string, data: Uint8Array, makeDir?: string): Promise<string | undefined> {
  return onPool(async () => {
    const created = makeDir ? await mkdirAsync(makeDir, { recursive: true }) : undefined
    const fd = await openAsync(file, 'w')
    try {
      for (let offset = 0; offset < data.length; ) offset += (await writeAsync(fd, data, offset, data.length - offset)).bytesWritten
      await fsyncAsync(fd)
    } finally {
      await closeAsync(fd)
    }
    return created
  })
}

/** fsyncs then closes a descriptor the caller has finished writing. */
export function syncAndClose(fd: number): Promise<void> {
  return onPool(async () => {
    try {
      await fsyncAsync(fd)
    } finally {
      await closeAsync(fd)
    }
  })
}

/**
 * Makes renames into these folders durable, like fsyncDir: skipped on Windows (folders cannot
 * be opened there) and quiet where a network file system refuses.
 */
export async function fsyncDirectories(dirs: Iterable<string>): Promise<void> {
  if (process.platform === 'win32') return
  await Promise.all(
    [...new Set(dirs)].map((dir) =>
      onPool(async () => {
        const fd = await openAsync(dir, 'r')
        try {
          await fsyncAsync(fd)
        } finally {
          await closeAsync(fd)
        }
      }).catch(() => undefined),
    ),
  )
}
