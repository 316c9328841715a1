import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Manifest } from '../../../src-shared/schemas/bundle'
import type { Closeout } from '../../../src-shared/schemas/closeout'
import type { PathMessage } from '../../../src-shared/schemas/issues'
import { oversizeReason, readImageHeaderFromFile } from '../images/image-header'
import { sha256Hex } from '../store/attachment-store'
import { discardBlobs, publishBlobs, stageBlob, type BlobCheck, type StagedBlob } from '../store/blob-staging'
import { parseDocument } from './bundle-document'
import { nameConflictCopies, withCopies, type ConflictCopyUsed, type ConflictResolution } from './bundle-conflicts'
import type { Refusal } from './bundle-manifest'
import { ONE_AT_A_TIME, withTransaction, type EngineDb } from '../db/engine-db'
import { QuickWayFailed, writeCarefully, writeGroup, writeQuickly, type ClaimCheck } from './ingest-group-ways'

/** A listed file of a staged bundle: an attachment (`ref`), or only proven (`ref` null). */
export interface StagedFile {
  path: string
  sha256: string
  size: number
  ref: { category: string; takenAt: string | null } | null
  blob: StagedBlob
  /** Sync conflict copies of this file, none with the listed bytes (named if it never matches). */
  conflictCopies: string[]
}

/** A bundle whose document is valid and whose files are on their way into the store. */
export interface PreparedIngest {
  folder: string
  document: Closeout
  fingerprint: string
  now: string
  files: StagedFile[]
  /** Listed files read from a sync conflict copy that held the right bytes (told in the timeline). */
  conflictCopiesUsed: ConflictCopyUsed[]
}

export type PrepareResult =
  | { kind: 'prepared'; prepared: PreparedIngest }
  | { kind: 'pending'; missing: PathMessage[] }
  | { kind: 'refused'; refusal: Refusal }

export type CommitResult =
  { kind: 'ingested'; jobId: string } | { kind: 'pending'; missing: PathMessage[] } | { kind: 'failed'; error: unknown }

const NOT_YET = 'content does not match manifest.json yet (still being written?)'

/** The seats' groups are written one at a time: each appends to the one event log (engine-db.ts). */
const GROUPS = { oneAtATime: ONE_AT_A_TIME.inboxGroups }

/**
 * For a bundle whose files are all present at their listed sizes: verifies and validates
 * closeout.json, then hands every other listed file to the store workers, which prove its
 * hash and copy attachments into the store in the same read. Returns without waiting for
 * them: commitIngests does, so the main thread can move on to the next bundle.
 */
export function prepareIngest(
  store: { readonly attachmentsDir: string },
  dir: string,
  folder: string,
  manifest: Manifest,
  fingerprint: string,
  now: string,
  conflicts: ConflictResolution = { sources: new Map(), used: [], unmatched: new Map() },
): PrepareResult {
  const source = (path: string) => conflicts.sources.get(path) ?? join(dir, path)
  const docEntry = manifest.files.find((f) => f.path === 'closeout.json')
  if (!docEntry)
    return {
      kind: 'refused',
      refusal: { reason: 'bad-manifest', details: [{ path: 'files', message: 'must list closeout.json' }] },
    }
  const docBytes = readFileSync(source('closeout.json'))
  if (docBytes.length !== docEntry.size || sha256Hex(docBytes) !== docEntry.sha256)
    return { kind: 'pending', missing: nameConflictCopies([{ path: 'closeout.json', message: NOT_YET }], conflicts) }
  const parsed = parseDocument(docBytes.toString('utf8'), manifest)
  if (!parsed.ok) return { kind: 'refused', refusal: parsed.refusal }
  const doc = parsed.document
  const oversize = oversizePicture(source, doc)
  if (oversize) return { kind: 'refused', refusal: { reason: 'too-large', details: [oversize] } }
  const named = new Map<string, { category: string; takenAt: string | null }>()
  for (const a of doc.attachments) named.set(a.file, { category: a.category, takenAt: a.takenAt ?? null })
  if (doc.signature) named.set(doc.signature.file, { category: 'signature', takenAt: doc.signature.signedAt ?? null })
  const files = manifest.files
    .filter((file) => file.path !== 'closeout.json')
    .map((file) => {
      const ref = named.get(file.path) ?? null
      return {
        path: file.path,
        sha256: file.sha256,
        size: file.size,
        ref,
        blob: stageBlob(store.attachmentsDir, source(file.path), file.sha256, file.size, ref !== null),
        conflictCopies: conflicts.unmatched.get(file.path) ?? [],
      }
    })
  return {
    kind: 'prepared',
    prepared: { folder, document: doc, fingerprint, now, files, conflictCopiesUsed: conflicts.used },
  }
}

/**
 * The first attachment whose header declares more than 50 megapixels (spec v1.1: `too-large`),
 * read from the header alone so a decompression bomb is never decoded.
 */
function oversizePicture(source: (path: string) => string, doc: Closeout): PathMessage | null {
  const named = doc.attachments.map((a, i) => ({ file: a.file, path: `attachments[${i}].file` }))
  if (doc.signature) named.push({ file: doc.signature.file, path: 'signature.file' })
  for (const { file, path } of named) {
    let reason: string | null = null
    try {
      reason = oversizeReason(readImageHeaderFromFile(source(file)))
    } catch {
      // A file that cannot be read yet is the hash check's to report.
    }
    if (reason) return { path, message: `${file}: ${reason}` }
  }
  return null
}

/**
 * A group's bundles once their files have proved out: `results[i]` is already settled for a
 * bundle that will not be written (still pending, or failed), null for one ready to write
 * whose attachments are durable in the store.
 */
export interface ProvenGroup {
  results: (CommitResult | null)[]
  checks: BlobCheck[][]
}

/**
 * First half of a group commit: waits for the store workers' verdicts, then publishes the
 * blobs of the bundles that proved out (rename, folder fsyncs): a committed row must never
 * point at a file a power cut could take back. Touches no database row, so it may run while
 * the group before is still being written.
 */
export async function proveIngests(batch: readonly PreparedIngest[]): Promise<ProvenGroup> {
  const checks = await Promise.all(batch.map((p) => Promise.all(p.files.map((f) => f.blob.check))))
  const results: (CommitResult | null)[] = checks.map((fileChecks, i) => {
    const files = batch[i]?.files ?? []
    const failed = fileChecks.find((c) => c.kind === 'error')
    if (failed?.kind === 'error') return { kind: 'failed', error: failed.error }
    const missing = files
      .filter((_, j) => fileChecks[j]?.kind === 'mismatch')
      .map((f) => ({ path: f.path, message: withCopies(NOT_YET, f.conflictCopies) }))
    return missing.length ? { kind: 'pending', missing } : null
  })
  batch.forEach((p, i) => {
    if (results[i]) discardBlobs(p.files.map((f) => f.blob))
  })
  const toPublish = batch.flatMap((p, i) =>
    results[i] ? [] : p.files.filter((f) => f.ref).map((f) => ({ i, blob: f.blob })),
  )
  const published = await publishBlobs(toPublish.map((t) => t.blob))
  toPublish.forEach(({ i }, k) => {
    const error = published[k]
    if (error && !results[i]) results[i] = { kind: 'failed', error }
  })
  return { results, checks }
}

/**
 * Second half: ONE transaction (withTransaction, on either engine) writes every proven bundle of
 * the group: one commit wait (synchronous=FULL) for the whole group instead of one per bundle.
 * First the quick way (writeQuickly): the group's closeouts read and written a few statements
 * for all of them, which on PostgreSQL (a round trip per statement) is most of the ingest's
 * time. Should any bundle fail that way, the transaction is rolled back and the group written
 * again the careful way (writeCarefully): each bundle in its own savepoint, so the one that
 * fails rolls back alone and the others still commit. The body awaits only queries on its
 * transaction: every file was read before, and the receipts and archive moves come after the
 * commit (ingest-batch.ts).
 */
export async function writeIngests(
  edb: EngineDb,
  batch: readonly PreparedIngest[],
  proven: ProvenGroup,
  claimed: ClaimCheck = async (_, folders) => new Set(folders),
): Promise<CommitResult[]> {
  try {
    try {
      return await withTransaction(edb, (trx) => writeGroup(edb, trx, batch, proven, claimed, writeQuickly), GROUPS)
    } catch (error) {
      if (!(error instanceof QuickWayFailed)) throw error
      const cause = error.cause instanceof Error ? error.cause.message : String(error.cause)
      console.error(`[closeout] inbox: ${error.message} (${cause})`)
      return await withTransaction(edb, (trx) => writeGroup(edb, trx, batch, proven, claimed, writeCarefully), GROUPS)
    }
  } catch (error) {
    // The group's commit itself failed (disk full, I/O error): none of it is in the database.
    return batch.map((_, i) =>
      proven.results[i]?.kind === 'pending' ? (proven.results[i] as CommitResult) : { kind: 'failed', error },
    )
  }
}

/** Both halves, for a group that need not wait for another. */
export async function commitIngests(edb: EngineDb, batch: readonly PreparedIngest[]): Promise<CommitResult[]> {
  return writeIngests(edb, batch, await proveIngests(batch))
}
