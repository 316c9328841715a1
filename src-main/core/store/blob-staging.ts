import { randomBytes } from 'node:crypto'
import { closeSync, mkdirSync, openSync, readSync, renameSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { blobPath, hasBlob, hashFile, removeQuietly, sha256Hex, type HashResult } from './attachment-store'
import { fsyncDirectories, syncAndClose, writeDurably } from './durable-files'

/**
 * Getting blobs into the store in two steps, so a batch shares its waits. stageBlob proves a
 * file's hash on the main thread (one read) and hands the copy to the thread pool (create,
 * write, fsync: writeDurably); publishBlobs waits for those copies, renames them into place
 * and fsyncs the store folders once. Nothing may refer to a blob before it is published.
 */

/** Files up to this size are read whole and copied from memory; larger ones stream in 1 MiB chunks. */
const WHOLE_MAX = 4 * 1024 * 1024
/** Bytes read but not yet written by the pool: bounds memory during a backlog. */
const IN_FLIGHT_MAX = 32 * 1024 * 1024

/** Store folders known to exist (65,536 possible): saves a mkdir per blob. */
const knownDirs = new Set<string>()
let inFlight = 0
const waiting: (() => void)[] = []

export interface StagedBlob {
  sha256: string
  /** The first bytes, for sniffing the file type. */
  head: Buffer
  target: string
  /** Null when the store already held the blob. */
  temp: string | null
  /** Settles when the temp file is durable (or failed): its error or null. */
  written: Promise<Error | null>
  /** Folders whose entries must be fsynced once it is renamed: its own and any this copy created. */
  dirs: string[]
}

export type StageResult = { ok: true; blob: StagedBlob } | { ok: false; actual: HashResult }

/**
 * Copies `source` into a temp file of the store if its bytes hash to `sha256`; otherwise
 * leaves the store untouched and answers with what the file actually holds. Already stored:
 * only hashes.
 */
export async function stageBlob(dataDir: string, source: string, sha256: string, size: number): Promise<StageResult> {
  const target = blobPath(dataDir, sha256)
  const dir = dirname(target)
  if (hasBlob(dataDir, sha256, size)) {
    const actual = hashFile(source)
    if (actual.sha256 !== sha256 || actual.size !== size) return { ok: false, actual }
    // A crashed run may have renamed it without fsyncing its folder: fsync again on publish.
    return { ok: true, blob: { sha256, head: actual.head, target, temp: null, written: Promise.resolve(null), dirs: [dir] } }
  }
  const temp = join(dir, `.${sha256.slice(0, 16)}.${randomBytes(4).toString('hex')}.tmp`)
  const dirs = [dir]
  if (size > WHOLE_MAX) return stageStreaming(source, sha256, size, target, temp, dirs)
  await reserve(size)
  let data: Buffer
  try {
    data = readUpTo(source, size + 1)
  } catch (error) {
    release(size)
    throw error
  }
  const actual = { sha256: sha256Hex(data), size: data.length, head: Buffer.from(data.subarray(0, 16)) }
  if (actual.sha256 !== sha256 || actual.size !== size) {
    release(size)
    return { ok: false, actual }
  }
  const makeDir = knownDirs.has(dir) ? undefined : dir
  const written = writeDurably(temp, data, makeDir).then(
    (created) => {
      knownDirs.add(dir)
      dirs.push(...createdParents(created, dir))
      return null
    },
    (error: unknown) => asError(error),
  )
  void written.then(() => release(size))
  return { ok: true, blob: { sha256, head: actual.head, target, temp, written, dirs } }
}

/** A large file: copied on the main thread in 1 MiB chunks while hashing; only the fsync goes to the pool. */
function stageStreaming(source: string, sha256: string, size: number, target: string, temp: string, dirs: string[]): StageResult {
  const dir = dirname(target)
  if (!knownDirs.has(dir)) dirs.push(...createdParents(mkdirSync(dir, { recursive: true }), dir))
  knownDirs.add(dir)
  let actual: ReturnType<typeof hashFile>
  try {
    actual = hashFile(source, temp)
  } catch (error) {
    removeQuietly(temp)
    // The store folder vanished under us (restored or cleaned by hand): make it again next time.
    knownDirs.delete(dir)
    throw error
  }
  const fd = actual.fd as number
  if (actual.sha256 !== sha256 || actual.size !== size) {
    closeSync(fd)
    removeQuietly(temp)
    return { ok: false, actual }
  }
  const written = syncAndClose(fd).then(
    () => null,
    (error: unknown) => asError(error),
  )
  return { ok: true, blob: { sha256, head: actual.head, target, temp, written, dirs } }
}

/**
 * Waits for the staged copies, renames each into place and fsyncs every folder touched once.
 * Answers each blob's error or null; a failed blob's temp file is removed.
 */
export async function publishBlobs(blobs: readonly StagedBlob[]): Promise<(Error | null)[]> {
  const errors = await Promise.all(blobs.map((b) => b.written))
  blobs.forEach((blob, i) => {
    const temp = blob.temp
    if (temp === null) return
    blob.temp = null
    try {
      if (errors[i]) throw errors[i]
      renameSync(temp, blob.target)
    } catch (error) {
      errors[i] = asError(error)
      // Perhaps the store folder vanished under us (restored or cleaned by hand): make it again next time.
      knownDirs.delete(dirname(blob.target))
      removeQuietly(temp)
    }
  })
  await fsyncDirectories(blobs.flatMap((b, i) => (errors[i] ? [] : b.dirs)))
  return errors
}

/** Drops staged blobs that will not be published (the bundle went back to pending, or failed). */
export function discardBlobs(blobs: readonly StagedBlob[]): void {
  for (const blob of blobs) {
    const temp = blob.temp
    blob.temp = null
    if (temp !== null) void blob.written.then(() => removeQuietly(temp))
  }
}

/** mkdir -p answers the first folder it created: that one and those below it are new entries in their parents. */
function createdParents(firstCreated: string | undefined, dir: string): string[] {
  if (!firstCreated) return []
  const parents: string[] = []
  for (let d = dir; d.length >= firstCreated.length && d !== dirname(d); d = dirname(d)) parents.push(dirname(d))
  return parents
}

/** Reads at most `limit` bytes: a file that grew past its listed size is not read whole. */
function readUpTo(file: string, limit: number): Buffer {
  const fd = openSync(file, 'r')
  try {
    const buffer = Buffer.allocUnsafe(limit)
    let total = 0
    for (let n = 1; n > 0 && total < limit; total += n) n = readSync(fd, buffer, total, limit - total, null)
    return buffer.subarray(0, total)
  } finally {
    closeSync(fd)
  }
}

async function reserve(bytes: number): Promise<void> {
  while (inFlight > 0 && inFlight + bytes > IN_FLIGHT_MAX) await new Promise<void>((resolve) => waiting.push(resolve))
  inFlight += bytes
}

function release(bytes: number): void {
  inFlight -= bytes
  for (const wake of waiting.splice(0)) wake()
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error))
}
