import { createHash } from 'node:crypto'
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { unlinkSyncRetry } from '../fs/retry'

/**
 * The content-addressed attachment store: `<store>/ab/cd/<sha256>`. A blob is written to a temp
 * file, fsynced, and renamed into place only once its hash is proven (blob-staging.ts does the
 * writing, a batch at a time), and every read proves it again (readBlob), so what the office
 * shows, prints or hands back is exactly what the technician sent, even from a folder other PCs
 * reach. Blobs are shared between submissions that carry the same photo; a blob nobody
 * references is harmless.
 *
 * The store is `<data>/attachments` (attachmentsRoot) unless the office was opened with another
 * folder (`Office.attachmentsDir`: on PostgreSQL, a folder every seat reaches; docs/multi-seat.md).
 */
export function attachmentsRoot(dataDir: string): string {
  return join(dataDir, 'attachments')
}

/** Where a blob lives in the store rooted at `store`. */
export function blobPath(store: string, sha256: string): string {
  return join(store, sha256.slice(0, 2), sha256.slice(2, 4), sha256)
}

export function hasBlob(store: string, sha256: string, size: number): boolean {
  try {
    return statSync(blobPath(store, sha256)).size === size
  } catch {
    return false
  }
}

export type BlobRead = { ok: true; bytes: Buffer } | { ok: false; why: 'missing' | 'altered' }

/**
 * A blob's bytes, proven against the hash its name promises: 'missing' when the store has no
 * such file (or it cannot be read), 'altered' when its bytes are not the ones stored (a damaged
 * disk, a copy cut short on a network share, someone's edit). Never the wrong picture.
 */
export function readBlob(store: string, sha256: string): BlobRead {
  let bytes: Buffer
  try {
    bytes = readFileSync(blobPath(store, sha256))
  } catch {
    return { ok: false, why: 'missing' }
  }
  return sha256Hex(bytes) === sha256 ? { ok: true, bytes } : { ok: false, why: 'altered' }
}

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}

export function removeQuietly(file: string): void {
  try {
    unlinkSyncRetry(file)
  } catch {
    // A temp file that is already gone needs no cleanup.
  }
}
