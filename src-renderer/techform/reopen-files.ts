import { api, ApiFailure } from './api'
import type { Draft, DraftPhoto, PendingFile } from './draft'
import { idbSet } from './idb-store'
import { uuidV4 } from './uuid'

type Update = (change: (d: Draft) => Draft) => void

/** The IndexedDB key of a draft's signature (one per submission: a new stroke replaces it). */
export const signatureKey = (submissionId: string): string => `blob:signature-${submissionId}`

/**
 * Fetches the sent-back closeout's photos and signature from the office into the copy, one at
 * a time, each saved before the draft lists it. Out of reach: stops, and the rest stay pending
 * until the job is opened again. A file the office no longer has is dropped from the list.
 * Answers how many files are still pending.
 */
export async function fetchPendingFiles(draft: Draft, update: Update): Promise<number> {
  const from = draft.supersedes
  if (!from) return 0
  let left = draft.pendingFiles.length
  for (const pending of draft.pendingFiles) {
    let blob: Blob | null = null
    try {
      blob = await api.attachment(from, pending.file)
    } catch (error) {
      if (error instanceof ApiFailure && (error.offline || error.status === 401)) return left
    }
    if (blob) await store(draft, pending, blob, update)
    update((d) => ({ ...d, pendingFiles: d.pendingFiles.filter((f) => f.file !== pending.file) }))
    left -= 1
  }
  return left
}

async function store(draft: Draft, pending: PendingFile, blob: Blob, update: Update): Promise<void> {
  if (pending.category === 'signature') {
    const blobKey = signatureKey(draft.submissionId)
    await idbSet(blobKey, blob)
    const signedAt = pending.takenAt ?? draft.startedAt
    update((d) => ({ ...d, signature: { blobKey, signedAt }, noSignatureReason: null }))
    return
  }
  const blobKey = `blob:${uuidV4()}`
  await idbSet(blobKey, blob)
  const size = await imageSize(blob)
  const photo: DraftPhoto = {
    id: uuidV4(),
    category: pending.category,
    takenAt: pending.takenAt ?? draft.startedAt,
    blobKey,
    ...size,
  }
  update((d) => ({ ...d, photos: [...d.photos, photo] }))
}

async function imageSize(blob: Blob): Promise<{ width: number; height: number }> {
  try {
    const bitmap = await createImageBitmap(blob)
    const size = { width: bitmap.width, height: bitmap.height }
    bitmap.close()
    return size
  } catch {
    return { width: 0, height: 0 }
  }
}
