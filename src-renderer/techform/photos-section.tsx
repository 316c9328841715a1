import { useEffect, useState } from 'react'
import type { PhotoCategory } from '../../src-shared/schemas/primitives'
import type { TechRequirements } from '../../src-shared/api/lan'
import { idbDel, idbGet, idbSet } from './idb-store'
import { localTimestamp, type Draft } from './draft'
import { downscalePhoto } from './photos'
import { uuidV4 } from './uuid'
import { Icon, Section } from './ui'
import { m } from './i18n'
import type { Messages } from './i18n/en'

const CATEGORIES: { id: PhotoCategory; label: (w: Messages) => string }[] = [
  { id: 'before', label: (w) => w.before },
  { id: 'after', label: (w) => w.after },
  { id: 'serial-plate', label: (w) => w.serialPlate },
  { id: 'other', label: (w) => w.other },
]

/** An object URL for a Blob kept in IndexedDB, revoked when the thumbnail goes away. */
export function useBlobUrl(key: string | null): string | null {
  const [url, setUrl] = useState<string | null>(null)
  useEffect(() => {
    if (!key) return
    let made: string | null = null
    let live = true
    void idbGet<Blob>(key).then((blob) => {
      if (!blob || !live) return
      made = URL.createObjectURL(blob)
      setUrl(made)
    })
    return () => {
      live = false
      if (made) URL.revokeObjectURL(made)
      setUrl(null)
    }
  }, [key])
  return url
}

function Thumb({ blobKey, label, onRemove }: { blobKey: string; label: string; onRemove: () => void }) {
  const url = useBlobUrl(blobKey)
  return (
    <div className="thumb">
      {url ? <img src={url} alt={label} /> : <div className="thumb-loading" />}
      <button type="button" className="thumb-x" aria-label={m().removeThing(label)} onClick={onRemove}>
        <Icon name="x" size={16} />
      </button>
    </div>
  )
}

export function PhotosSection({
  draft,
  required,
  update,
  flags,
}: {
  draft: Draft
  required: TechRequirements['photos']
  update: (c: (d: Draft) => Draft) => void
  flags?: string[] | undefined
}) {
  const [busy, setBusy] = useState<PhotoCategory | null>(null)
  const [error, setError] = useState<string | null>(null)

  const add = async (category: PhotoCategory, files: FileList | null) => {
    if (!files || files.length === 0) return
    setBusy(category)
    setError(null)
    try {
      for (const file of Array.from(files)) {
        const scaled = await downscalePhoto(file)
        const blobKey = `blob:${uuidV4()}`
        await idbSet(blobKey, scaled.blob)
        const photo = {
          id: uuidV4(),
          category,
          takenAt: localTimestamp(new Date(file.lastModified || Date.now())),
          blobKey,
          width: scaled.width,
          height: scaled.height,
        }
        update((d) => ({ ...d, photos: [...d.photos, photo] }))
      }
    } catch {
      setError(m().pictureUnreadable)
    } finally {
      setBusy(null)
    }
  }

  const w = m()
  const remove = (id: string, blobKey: string) => {
    update((d) => ({ ...d, photos: d.photos.filter((p) => p.id !== id) }))
    void idbDel(blobKey)
  }

  return (
    <Section title={w.photos} name="Photos" flags={flags} hint={w.taken(draft.photos.length)}>
      <div className="photo-cats">
        {CATEGORIES.map(({ id, label: labelOf }) => {
          const label = labelOf(w)
          const have = draft.photos.filter((p) => p.category === id)
          const need = required[id] ?? 0
          return (
            <div key={id} className="photo-cat">
              <div className="photo-cat-head">
                <span className="photo-cat-label">{label}</span>
                {need > 0 ? (
                  <span className={have.length >= need ? 'need need-done' : 'need'}>
                    {have.length >= need ? <Icon name="check" size={14} /> : null} {w.nRequired(have.length, need)}
                  </span>
                ) : null}
              </div>
              <div className="thumbs">
                {have.map((p, i) => (
                  <Thumb
                    key={p.id}
                    blobKey={p.blobKey}
                    label={w.photoOf(label, i + 1)}
                    onRemove={() => remove(p.id, p.blobKey)}
                  />
                ))}
                <label className={busy === id ? 'shoot shoot-busy' : 'shoot'}>
                  <input
                    type="file"
                    accept="image/jpeg,image/png,image/*"
                    capture="environment"
                    multiple
                    data-testid={`photo-input-${id}`}
                    aria-label={w.takePhoto(label)}
                    onChange={(e) => {
                      void add(id, e.target.files)
                      e.target.value = ''
                    }}
                  />
                  {busy === id ? <span className="spinner" aria-hidden /> : <Icon name="camera" size={24} />}
                  <span>{busy === id ? w.savingPhoto : w.add}</span>
                </label>
              </div>
            </div>
          )
        })}
      </div>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </Section>
  )
}
