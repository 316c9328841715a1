import { createHash, randomBytes } from 'node:crypto'
import { closeSync, fsyncSync, mkdirSync, openSync, readSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs'
import { join } from 'node:path'

/**
 * The content-addressed attachment store: `<data>/attachments/ab/cd/<sha256>`. A blob is
 * written to a temp file, fsynced, and renamed into place only once its hash is proven, so a
 * path in the store always holds exactly the bytes its name promises. Blobs are shared
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
 * pass writes and fsyncs a copy: one read. Synchronous I/O: for files of a few MiB it is
 * several times faster than a thread-pool round trip per chunk; callers yield between files.
 */
export function hashFile(source: string, copyTo?: string): HashResult {
  const hash = createHash('sha256')
  const buffer = Buffer.allocUnsafe(CHUNK)
  const input = openSync(source, 'r')
  let size = 0
  let head = Buffer.alloc(0)
  try {
    const output = copyTo ? openSync(copyTo, 'w') : null
    try {
      for (;;) {
        const n = readSync(input, buffer, 0, CHUNK, null)
        if (n === 0) break
        const chunk = buffer.subarray(0, n)
        if (size === 0) head = Buffer.from(chunk.subarray(0, 16))
        hash.update(chunk)
        if (output !== null) writeSync(output, chunk)
        size += n
      }
      if (output !== null) fsyncSync(output)
    } finally {
      if (output !== null) closeSync(output)
    }
  } finally {
    closeSync(input)
  }
  return { sha256: hash.digest('hex'), size, head }
}

export type PutResult = { ok: true; head: Buffer } | { ok: false; actual: HashResult }

/**
 * Copies `source` into the store if its bytes hash to `sha256`; otherwise leaves the store
 * untouched and answers with what the file actually holds. Already stored: only hashes.
 */
export function putBlob(dataDir: string, source: string, sha256: string, size: number): PutResult {
  if (hasBlob(dataDir, sha256, size)) {
    const actual = hashFile(source)
    return actual.sha256 === sha256 ? { ok: true, head: actual.head } : { ok: false, actual }
  }
  const target = blobPath(dataDir, sha256)
  const dir = join(target, '..')
  if (!knownDirs.has(dir)) {
    mkdirSync(dir, { recursive: true })
    knownDirs.add(dir)
  }
  const temp = join(dir, `.${sha256.slice(0, 16)}.${randomBytes(4).toString('hex')}.tmp`)
  let actual: HashResult
  try {
    actual = hashFile(source, temp)
  } catch (error) {
    removeQuietly(temp)
    // The store folder vanished under us (restored or cleaned by hand): make it again next time.
    knownDirs.delete(dir)
    throw error
  }
  if (actual.sha256 !== sha256 || actual.size !== size) {
    removeQuietly(temp)
    return { ok: false, actual }
  }
  renameSync(temp, target)
  return { ok: true, head: actual.head }
}

/** Directories whose renames must be made durable before the database points at them. */
export function blobDir(dataDir: string, sha256: string): string {
  return join(blobPath(dataDir, sha256), '..')
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file)
  } catch {
    // A temp file that is already gone needs no cleanup.
  }
}
