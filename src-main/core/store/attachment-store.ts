import { createHash } from 'node:crypto'
import { closeSync, openSync, readSync, statSync, unlinkSync, writeSync } from 'node:fs'
import { join } from 'node:path'

/**
 * The content-addressed attachment store: `<data>/attachments/ab/cd/<sha256>`. A blob is
 * written to a temp file, fsynced, and renamed into place only once its hash is proven, so a
 * path in the store always holds exactly the bytes its name promises (blob-staging.ts does
 * the writing, a batch at a time). Blobs are shared
 * between submissions that carry the same photo; a blob nobody references is harmless.
 */
const CHUNK = 1024 * 1024

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
 * pass writes a copy (one read) and answers its still-open descriptor in `fd`, for the caller
 * to fsync and close. Synchronous reads: for files
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

export function removeQuietly(file: string): void {
  try {
    unlinkSync(file)
  } catch {
    // A temp file that is already gone needs no cleanup.
  }
}
