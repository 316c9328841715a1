import { randomBytes } from 'node:crypto'
import { dirname, join } from 'node:path'
import { blobPath, removeQuietly } from './attachment-store'
import { fsyncDirectories, stageOnWorker } from './fs-workers'
import { stagingDir } from './temp-sweep'
import { renameSyncRetry } from '../fs/retry'

/**
 * Getting blobs into the store in two steps, so that a batch shares its waits. stageBlob
 * hands a file to a store worker (fs-workers.ts), which hashes it and, in the same read,
 * copies it to a fsynced temp file of the store; publishBlobs renames proven copies into
 * place and fsyncs the folders they went into, once each. Nothing may refer to a blob before
 * it is published.
 */

export type BlobCheck =
  /** Proven: `head` for sniffing the type; `temp` null when the store already held it. */
  | { kind: 'ok'; head: Buffer; temp: string | null; dirs: string[] }
  /** The file does not hold what its manifest entry says (yet). */
  | { kind: 'mismatch'; sha256: string; size: number }
  | { kind: 'error'; error: Error }

export interface StagedBlob {
  target: string
  check: Promise<BlobCheck>
}

/**
 * Starts proving `source` against `sha256`/`size` and copying it into the store (`copy`
 * false: only proving, for a listed file that is not an attachment). Returns at once.
 */
export function stageBlob(store: string, source: string, sha256: string, size: number, copy = true): StagedBlob {
  const target = blobPath(store, sha256)
  const dir = dirname(target)
  // Temps go to one staging folder (same volume, so the rename stays atomic): a rescan sweeps
  // what a kill left there without walking every shard of the store.
  const temp = join(stagingDir(store), `.${sha256.slice(0, 16)}.${randomBytes(4).toString('hex')}.tmp`)
  const check = stageOnWorker({
    source,
    dir,
    temp: copy ? temp : null,
    target: copy ? target : null,
    sha256,
    size,
  }).then(
    (reply): BlobCheck => {
      if (!reply.match) return { kind: 'mismatch', sha256: reply.sha256, size: reply.size }
      // The folders whose entries change: the blob's own, and those mkdir -p made for it.
      const dirs = [dir, ...createdParents(reply.created, dir)]
      return { kind: 'ok', head: Buffer.from(reply.head), temp: reply.existing ? null : temp, dirs }
    },
    (error: unknown): BlobCheck => ({
      kind: 'error',
      error: error instanceof Error ? error : new Error(String(error)),
    }),
  )
  return { target, check }
}

/**
 * Renames proven copies into place and fsyncs every folder touched once (also for blobs the
 * store already held: a crashed run may have renamed them without that fsync). Answers each
 * blob's error or null.
 */
export async function publishBlobs(blobs: readonly StagedBlob[]): Promise<(Error | null)[]> {
  const checks = await Promise.all(blobs.map((b) => b.check))
  const dirs = new Set<string>()
  const errors = checks.map((check, i) => {
    if (check.kind === 'error') return check.error
    if (check.kind === 'mismatch') return new Error(`${blobs[i]?.target} does not match its hash`)
    try {
      if (check.temp !== null) renameSyncRetry(check.temp, blobs[i]?.target as string)
      check.temp = null
      for (const d of check.dirs) dirs.add(d)
      return null
    } catch (error) {
      if (check.temp !== null) removeQuietly(check.temp)
      return error instanceof Error ? error : new Error(String(error))
    }
  })
  await fsyncDirectories(dirs)
  return errors
}

/** Drops staged blobs that will not be published (the bundle is still pending, or failed). */
export function discardBlobs(blobs: readonly StagedBlob[]): void {
  for (const blob of blobs) {
    void blob.check.then((check) => {
      if (check.kind === 'ok' && check.temp !== null) removeQuietly(check.temp)
    })
  }
}

/** mkdir -p answers the first folder it created: that one and those below it are new entries in their parents. */
function createdParents(firstCreated: string | undefined, dir: string): string[] {
  if (!firstCreated) return []
  const parents: string[] = []
  for (let d = dir; d.length >= firstCreated.length && d !== dirname(d); d = dirname(d)) parents.push(dirname(d))
  return parents
}
