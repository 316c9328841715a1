import { useCallback, useEffect, useRef, useState } from 'react'
import { idbDel, idbEntries, idbGet, idbSet } from './idb-store'
import { localTimestamp, type Draft } from './draft'
import { parseDraft } from './draft-version'

const PREFIX = 'draft:'

/** A stored draft in today's shape (older releases' drafts are migrated as they are read). */
export const loadDraft = async (key: string): Promise<Draft | undefined> =>
  parseDraft(await idbGet<unknown>(PREFIX + key)) ?? undefined
export const saveDraft = (draft: Draft): Promise<void> => idbSet(PREFIX + draft.key, draft)

export async function listDrafts(): Promise<Draft[]> {
  return (await idbEntries<unknown>(PREFIX)).flatMap(([, d]) => parseDraft(d) ?? [])
}

/** Forgets a draft once it is in the send queue; its photos now belong to the queue record. */
export const removeDraft = (key: string): Promise<void> => idbDel(PREFIX + key)

/** Deletes a draft and its stored photos and signature. */
export async function discardDraft(draft: Draft): Promise<void> {
  await Promise.all([
    ...draft.photos.map((p) => idbDel(p.blobKey)),
    ...(draft.signature ? [idbDel(draft.signature.blobKey)] : []),
  ])
  await idbDel(PREFIX + draft.key)
}

/**
 * The draft being edited. Every change is written to IndexedDB at once (in order), so a reload
 * or a tab the phone killed loses nothing.
 */
export function useDraft(
  key: string,
  create: () => Draft,
): { draft: Draft | null; update: (change: (d: Draft) => Draft) => void; flush: () => Promise<void> } {
  const [draft, setDraft] = useState<Draft | null>(null)
  const current = useRef<Draft | null>(null)
  const writes = useRef<Promise<void>>(Promise.resolve())
  const createRef = useRef(create)
  createRef.current = create

  useEffect(() => {
    let live = true
    void loadDraft(key).then(async (found) => {
      const d = found ?? createRef.current()
      if (!found) await saveDraft(d)
      if (!live) return
      current.current = d
      setDraft(d)
    })
    return () => {
      live = false
    }
  }, [key])

  const update = useCallback((change: (d: Draft) => Draft) => {
    if (!current.current) return
    const next = { ...change(current.current), updatedAt: localTimestamp() }
    current.current = next
    setDraft(next)
    writes.current = writes.current.then(() => saveDraft(next)).catch(() => undefined)
  }, [])

  const flush = useCallback(() => writes.current, [])
  return { draft, update, flush }
}
