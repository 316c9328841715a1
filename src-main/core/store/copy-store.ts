import { writeFileAtomic } from '../fs/atomic'
import { blobPath, readBlob } from './attachment-store'

export interface StoreCopyReport {
  /** The folder the blobs went to. */
  to: string
  /** Blobs written there, and their bytes. */
  copied: number
  bytes: number
  /** Blobs the folder already held with the right bytes (a second run copies nothing again). */
  alreadyThere: number
  /** Blobs the office refers to that its own store does not hold, or holds damaged: not copied. */
  missing: string[]
  altered: string[]
  ok: boolean
}

/**
 * Copies the blobs `shas` from the store at `from` into the store at `to` (issue #17: an office
 * moving to PostgreSQL puts its photos in a folder every seat reaches). Each blob is proven
 * against its hash when read and written atomically (temp, fsync, rename), so the shared
 * folder never holds a half-copied photo under a real name. A blob `to` already holds with the
 * right bytes is left alone; one there with the wrong bytes is replaced. Nothing is removed from
 * `from`: the SQLite office keeps its own copy.
 */
export function copyAttachmentStore(from: string, to: string, shas: Iterable<string>): StoreCopyReport {
  const report: StoreCopyReport = { to, copied: 0, bytes: 0, alreadyThere: 0, missing: [], altered: [], ok: true }
  for (const sha of new Set(shas)) {
    if (readBlob(to, sha).ok) {
      report.alreadyThere++
      continue
    }
    const read = readBlob(from, sha)
    if (!read.ok) {
      report[read.why].push(sha)
      continue
    }
    writeFileAtomic(blobPath(to, sha), read.bytes)
    report.copied++
    report.bytes += read.bytes.length
  }
  report.ok = report.missing.length === 0 && report.altered.length === 0
  return report
}
