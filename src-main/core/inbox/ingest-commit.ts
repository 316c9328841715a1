import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Manifest } from '../../../src-shared/schemas/bundle'
import type { PathMessage } from '../../../src-shared/schemas/issues'
import { fsyncDir } from '../fs/atomic'
import type { Office } from '../office'
import { blobDir, hashFile, putBlob, sha256Hex } from '../store/attachment-store'
import { parseDocument } from './bundle-document'
import type { Refusal } from './bundle-manifest'
import { sniffMime } from './bundle-files'
import { saveBundle } from './bundle-state'
import { writeIngest, type StoredAttachment } from './ingest-transaction'
import { archiveMonth } from './layout'

export type CommitResult = { kind: 'ingested'; jobId: string } | { kind: 'pending'; missing: PathMessage[] } | { kind: 'refused'; refusal: Refusal }

const NOT_YET = 'content does not match manifest.json yet (still being written?)'

/**
 * For a bundle whose files are all present at their listed sizes: verifies closeout.json,
 * validates it, copies the attachments into the store while hashing them (one read each),
 * makes the store durable, then writes everything in one transaction. A file whose hash does
 * not match leaves the bundle pending and nothing in the database.
 */
export async function storeAndIngest(office: Office, dir: string, folder: string, manifest: Manifest, fingerprint: string, now: string): Promise<CommitResult> {
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
  const stored: StoredAttachment[] = []
  const dirs = new Set<string>()
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
    const put = putBlob(office.dataDir, source, file.sha256, file.size)
    if (!put.ok) {
      missing.push({ path: file.path, message: NOT_YET })
      continue
    }
    dirs.add(blobDir(office.dataDir, file.sha256))
    stored.push({ file: file.path, category: ref.category, sha256: file.sha256, size: file.size, takenAt: ref.takenAt, mime: sniffMime(put.head, file.path) })
  }
  if (missing.length) return { kind: 'pending', missing }
  // The renames into the store must be durable before a committed row can point at them.
  for (const d of dirs) fsyncDir(d)

  const archivedPath = `archive/${archiveMonth(now)}/${folder}`
  const outcome = office.sqlite
    .transaction(() => {
      const result = writeIngest(office, { document: doc, fingerprint, receivedAt: now, archivedPath, attachments: stored })
      saveBundle(office.sqlite, folder, { state: 'ingested', submissionId: doc.submissionId, detail: { movedTo: archivedPath }, now })
      return result
    })
    .immediate()
  return { kind: 'ingested', jobId: outcome.jobId }
}
