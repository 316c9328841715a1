import { createHash, randomBytes } from 'node:crypto'
import { closeSync, mkdirSync, openSync, readSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { fsyncDescriptors, fsyncDirectories } from './durable-files'

/**
 * The content-addressed attachment store: `<data>/attachments/ab/cd/<sha256>`. A blob is
 * written to a temp file, fsynced, and renamed into place only once its hash is proven, so a
 * path in the store always holds exactly the bytes its name promises. Staging and publishing
 * are separate steps so that a batch of blobs shares its fsync waits. Blobs are shared
 * between submissions that carry the same photo; a blob nobody references is harmless.
 */
const CHUNK = 1024 * 1024
/** Store folders already created by this process (65,536 possible): saves a mkdir per blob. */
const knownDirs = new Set<string>()

export function attachmentsRoot(dataDir: string): string {
  return join(dataDir, 'attachments')
}

export function blobPath(dataDir: string, sha256: string): string {
  return join(attachmentsRoot(dataDir), sha256.slice(0, 2), sha256.slice(2, 4), sha256)
}

export function hasBlob(dataDir: string, sha256: string, size: number): boolean {
  try {
    return statSync(blobPath(dataDir, sha256)).size === size
  } catch {
    return false
  }
}

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}

export interface HashResult {
  sha256: string
  size: number
  /** The first bytes, for sniffing the file type. */
  head: Buffer
}

/**
 * Streams `source` through SHA-256 in 1 MiB chunks (bounded memory). With `copyTo`, the same
 * pass writes a copy (one read) and answers its still-open descriptor in `fd`: the caller
 * fsyncs it, alone or with a batch of others (see publishBlobs). Synchronous reads: for files
 * of a few MiB they are several times faster than a thread-pool round trip per chunk; callers
 * yield between files.
 */
export function hashFile(source: string, copyTo?: string): HashResult & { fd: number | null } {
  const hash = createHash('sha256')
  const buffer = Buffer.allocUnsafe(CHUNK)
  const input = openSync(source, 'r')
  let size = 0
  let head = Buffer.alloc(0)
  let output: number | null = null
  try {
    output = copyTo ? openSync(copyTo, 'w') : null
    for (;;) {
      const n = readSync(input, buffer, 0, CHUNK, null)
      if (n === 0) break
      const chunk = buffer.subarray(0, n)
      if (size === 0) head = Buffer.from(chunk.subarray(0, 16))
      hash.update(chunk)
      if (output !== null) writeSync(output, chunk)
      size += n
    }
  } catch (error) {
    if (output !== null) closeSync(output)
    throw error
  } finally {
    closeSync(input)
  }
  return { sha256: hash.digest('hex'), size, head, fd: output }
}

/**
 * A blob on its way into the store: its bytes proven by hash and written to a temp file that
 * is not yet fsynced nor renamed (`temp`/`fd` null when the store already held it).
 */
export interface StagedBlob {
  sha256: string
  head: Buffer
  dir: string
  target: string
  temp: string | null
  fd: number | null
}

export type StageResult = { ok: true; blob: StagedBlob } | { ok: false; actual: HashResult }

/**
 * Copies `source` to a temp file in the store if its bytes hash to `sha256`; otherwise leaves
 * the store untouched and answers with what the file actually holds. Already stored: only
 * hashes. Nothing may refer to the blob before publishBlobs has made it durable.
 */
export function stageBlob(dataDir: string, source: string, sha256: string, size: number): StageResult {
  const target = blobPath(dataDir, sha256)
  const dir = join(target, '..')
  if (hasBlob(dataDir, sha256, size)) {
    const actual = hashFile(source)
    if (actual.sha256 !== sha256 || actual.size !== size) return { ok: false, actual }
    return { ok: true, blob: { sha256, head: actual.head, dir, target, temp: null, fd: null } }
  }
  if (!knownDirs.has(dir)) {
    mkdirSync(dir, { recursive: true })
    knownDirs.add(dir)
  }
  const temp = join(dir, `.${sha256.slice(0, 16)}.${randomBytes(4).toString('hex')}.tmp`)
  let actual: HashResult & { fd: number | null }
  try {
    actual = hashFile(source, temp)
  } catch (error) {
    removeQuietly(temp)
    // The store folder vanished under us (restored or cleaned by hand): make it again next time.
    knownDirs.delete(dir)
    throw error
  }
  const blob: StagedBlob = { sha256, head: actual.head, dir, target, temp, fd: actual.fd }
  if (actual.sha256 !== sha256 || actual.size !== size) {
    discardBlobs([blob])
    return { ok: false, actual }
  }
  return { ok: true, blob }
}

/**
 * Makes staged blobs durable at their final paths: fsyncs every temp file (many in flight),
 * renames each into place, then fsyncs each store folder touched once, those of blobs that
 * were already there included (their rename may still be in a crashed run's page cache).
 * Answers each blob's error or null; a failed blob's temp file is removed.
 */
export async function publishBlobs(blobs: readonly StagedBlob[]): Promise<(Error | null)[]> {
  const fresh = blobs.filter((b) => b.fd !== null)
  const synced = await fsyncDescriptors(fresh.map((b) => b.fd as number))
  const failed = new Map<StagedBlob, Error>()
  fresh.forEach((blob, i) => {
    closeSync(blob.fd as number)
    blob.fd = null
    const error = synced[i] ?? null
    try {
      if (error) throw error
      renameSync(blob.temp as string, blob.target)
      blob.temp = null
    } catch (problem) {
      failed.set(blob, problem instanceof Error ? problem : new Error(String(problem)))
      discardBlobs([blob])
    }
  })
  await fsyncDirectories(blobs.filter((b) => !failed.has(b)).map((b) => b.dir))
  return blobs.map((b) => failed.get(b) ?? null)
}

/** Drops staged blobs that will not be published (the bundle went back to pending, or failed). */
export function discardBlobs(blobs: readonly StagedBlob[]): void {
  for (const blob of blobs) {
    if (blob.fd !== null) closeSync(blob.fd)
    blob.fd = null
    if (blob.temp !== null) removeQuietly(blob.temp)
    blob.temp = null
  }
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file)
  } catch {
    // A temp file that is already gone needs no cleanup.
  }
}
