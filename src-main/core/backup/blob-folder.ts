import { createHash, randomBytes } from 'node:crypto'
import { mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fsyncDir } from '../fs/atomic'
import type { BlobRef } from './backup.repo'

/**
 * The backup folder's shared blob store, `blobs/ab/cd/<sha256>`: every automatic backup lists the
 * blobs it needs and copies only those the folder lacks, so a backup when nothing changed costs
 * one stat per photo. A blob is written under a temp name, fsynced and renamed only after its
 * bytes proved their hash, so a name in this folder always holds what it promises.
 */
export const BLOBS_FOLDER = 'blobs'

export function backupBlobPath(backupDir: string, sha256: string): string {
  return join(backupDir, BLOBS_FOLDER, sha256.slice(0, 2), sha256.slice(2, 4), sha256)
}

export async function blobPresent(backupDir: string, blob: BlobRef): Promise<boolean> {
  try {
    return (await stat(backupBlobPath(backupDir, blob.sha256))).size === blob.size
  } catch {
    return false
  }
}

/** Copies one blob from the office's store unless the folder already has it. */
export async function copyBlobIntoFolder(
  backupDir: string,
  source: string,
  blob: BlobRef,
): Promise<'present' | 'copied' | 'damaged'> {
  if (await blobPresent(backupDir, blob)) return 'present'
  let data: Buffer
  try {
    data = await readFile(source)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'damaged'
    throw error
  }
  if (data.length !== blob.size || createHash('sha256').update(data).digest('hex') !== blob.sha256) return 'damaged'
  const target = backupBlobPath(backupDir, blob.sha256)
  await mkdir(dirname(target), { recursive: true })
  const temp = `${target}.${randomBytes(4).toString('hex')}.tmp`
  const fh = await open(temp, 'wx')
  try {
    let done = 0
    while (done < data.length) done += (await fh.write(data, done, data.length - done)).bytesWritten
    await fh.sync()
  } catch (error) {
    await fh.close().catch(() => undefined)
    await unlink(temp).catch(() => undefined)
    throw error
  }
  await fh.close()
  await rename(temp, target)
  fsyncDir(dirname(target))
  return 'copied'
}

/** Runs `work` over items with at most `width` in flight; the first failure stops the rest and is thrown. */
export async function eachInPool<T>(
  items: readonly T[],
  width: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0
  let failed: unknown = null
  const lane = async () => {
    while (failed === null && next < items.length) {
      const item = items[next++]!
      try {
        await work(item)
      } catch (error) {
        failed ??= error
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane))
  if (failed !== null) throw failed
}
