import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Manifest } from '../../../src-shared/schemas/bundle'
import type { Closeout } from '../../../src-shared/schemas/closeout'
import type { PathMessage } from '../../../src-shared/schemas/issues'
import type { Office } from '../office'
import { hashFile, sha256Hex } from '../store/attachment-store'
import { discardBlobs, publishBlobs, stageBlob, type StagedBlob } from '../store/blob-staging'
import { parseDocument } from './bundle-document'
import type { Refusal } from './bundle-manifest'
import { sniffMime } from './bundle-files'
import { saveBundle } from './bundle-state'
import { writeIngest, type StoredAttachment } from './ingest-transaction'
import { archiveMonth } from './layout'

/** A bundle whose files are proven and staged, ready to be committed (alone or with others). */
export interface PreparedIngest {
  folder: string
  document: Closeout
  fingerprint: string
  now: string
  attachments: StoredAttachment[]
  blobs: StagedBlob[]
}

export type PrepareResult = { kind: 'prepared'; prepared: PreparedIngest } | { kind: 'pending'; missing: PathMessage[] } | { kind: 'refused'; refusal: Refusal }

export type CommitResult = { kind: 'ingested'; jobId: string } | { kind: 'failed'; error: unknown }

const NOT_YET = 'content does not match manifest.json yet (still being written?)'

/**
 * For a bundle whose files are all present at their listed sizes: verifies closeout.json,
 * validates it, and stages the attachments into the store while hashing them (one read each).
 * A file whose hash does not match leaves the bundle pending and nothing staged.
 */
export async function prepareIngest(office: Office, dir: string, folder: string, manifest: Manifest, fingerprint: string, now: string): Promise<PrepareResult> {
  const docEntry = manifest.files.find((f) => f.path === 'closeout.json')
  if (!docEntry) return { kind: 'refused', refusal: { reason: 'bad-manifest', details: [{ path: 'files', message: 'must list closeout.json' }] } }
  const docBytes = readFileSync(join(dir, 'closeout.json'))
  if (docBytes.length !== docEntry.size || sha256Hex(docBytes) !== docEntry.sha256) return { kind: 'pending', missing: [{ path: 'closeout.json', message: NOT_YET }] }
  const parsed = parseDocument(docBytes.toString('utf8'), manifest)
  if (!parsed.ok) return { kind: 'refused', refusal: parsed.refusal }
  const doc = parsed.document
  const named = new Map<string, { category: string; takenAt: string | null }>()
  for (const a of doc.attachments) named.set(a.file, { category: a.category, takenAt: a.takenAt ?? null })
  if (doc.signature) named.set(doc.signature.file, { category: 'signature', takenAt: doc.signature.signedAt ?? null })

  const missing: PathMessage[] = []
  const attachments: StoredAttachment[] = []
  const blobs: StagedBlob[] = []
  try {
    for (const file of manifest.files) {
      if (file.path === 'closeout.json') continue
      const source = join(dir, file.path)
      const ref = named.get(file.path)
      // Hashing is synchronous per file: let watcher events and HTTP requests in between files.
      await new Promise((resolve) => setImmediate(resolve))
      if (!ref) {
        const actual = hashFile(source)
        if (actual.sha256 !== file.sha256 || actual.size !== file.size) missing.push({ path: file.path, message: NOT_YET })
        continue
      }
      const staged = await stageBlob(office.dataDir, source, file.sha256, file.size)
      if (!staged.ok) {
        missing.push({ path: file.path, message: NOT_YET })
        continue
      }
      blobs.push(staged.blob)
      attachments.push({ file: file.path, category: ref.category, sha256: file.sha256, size: file.size, takenAt: ref.takenAt, mime: sniffMime(staged.blob.head, file.path) })
    }
  } catch (error) {
    discardBlobs(blobs)
    throw error
  }
  if (missing.length) {
    discardBlobs(blobs)
    return { kind: 'pending', missing }
  }
  return { kind: 'prepared', prepared: { folder, document: doc, fingerprint, now, attachments, blobs } }
}

/**
 * Commits prepared bundles together: their blobs are made durable first (a committed row must
 * never point at a file a power cut could take back), then ONE transaction writes them all,
 * each inside its own savepoint, so a bundle that fails rolls back alone and the others still
 * commit. One commit wait (synchronous=FULL) for the whole group instead of one per bundle.
 */
export async function commitIngests(office: Office, batch: readonly PreparedIngest[]): Promise<CommitResult[]> {
  const allBlobs = batch.flatMap((p) => p.blobs)
  const blobErrors = await publishBlobs(allBlobs)
  const results: CommitResult[] = []
  let offset = 0
  for (const p of batch) {
    const error = blobErrors.slice(offset, offset + p.blobs.length).find((e) => e !== null)
    offset += p.blobs.length
    results.push(error ? { kind: 'failed', error } : { kind: 'ingested', jobId: '' })
  }
  const writeOne = office.sqlite.transaction((p: PreparedIngest) => {
    const archivedPath = `archive/${archiveMonth(p.now)}/${p.folder}`
    const result = writeIngest(office, { document: p.document, fingerprint: p.fingerprint, receivedAt: p.now, archivedPath, attachments: p.attachments })
    saveBundle(office.sqlite, p.folder, { state: 'ingested', submissionId: p.document.submissionId, detail: { movedTo: archivedPath }, now: p.now })
    return result.jobId
  })
  try {
    office.sqlite
      .transaction(() => {
        batch.forEach((p, i) => {
          if (results[i]?.kind !== 'ingested') return
          try {
            // Nested: a savepoint inside the group's transaction.
            results[i] = { kind: 'ingested', jobId: writeOne(p) }
          } catch (error) {
            results[i] = { kind: 'failed', error }
          }
        })
      })
      .immediate()
  } catch (error) {
    // The group's commit itself failed (disk full, I/O error): none of it is in the database.
    return batch.map(() => ({ kind: 'failed', error }))
  }
  return results
}
