import { createHash } from 'node:crypto'
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { unlinkSyncRetry } from '../fs/retry'

/**
 * The content-addressed attachment store: `<data>/attachments/ab/cd/<sha256>`. A blob is
 * written to a temp file, fsynced, and renamed into place only once its hash is proven, so a
 * path in the store always holds exactly the bytes its name promises (blob-staging.ts does
 * the writing, a batch at a time). Blobs are shared between submissions that carry the same
 * photo; a blob nobody references is harmless.
 */
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

export function removeQuietly(file: string): void {
  try {
    unlinkSyncRetry(file)
  } catch {
    // A temp file that is already gone needs no cleanup.
  }
}
