import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs'
import { dirname, join, basename } from 'node:path'
import { randomBytes } from 'node:crypto'
import { openSyncRetry, renameSyncRetry } from './retry'

/** Writes to a temp file beside the target, fsyncs, then renames over it: readers see old or new, never half. */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  mkdirSync(dirname(file), { recursive: true })
  const temp = join(dirname(file), `.${basename(file)}.${randomBytes(4).toString('hex')}.tmp`)
  const fd = openSyncRetry(temp, 'w')
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  renameSyncRetry(temp, file)
  fsyncDir(dirname(file))
}

/** Makes a rename durable. Directories cannot be opened for fsync on Windows; skip there. */
export function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return
  try {
    const fd = openSync(dir, 'r')
    try {
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
  } catch {
    // Some network file systems refuse fsync on directories; the rename itself still happened.
  }
}
