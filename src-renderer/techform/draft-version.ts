import type { PhotoCategory } from '../../src-shared/schemas/primitives'
import {
  DRAFT_VERSION,
  type Draft,
  type DraftLabor,
  type DraftPart,
  type DraftPhoto,
  type EstimateUse,
  type PendingFile,
} from './draft'

/**
 * Drafts live in IndexedDB across releases: a technician may update the form mid-job. A draft is
 * read field by field into today's shape, each field defaulting when an older release did not
 * have it (or a newer one changed it), so a half-finished closeout always opens. Only a draft
 * without its identity (key, submission id) is unreadable. No zod here: the phone's download
 * stays small.
 *
 * Versions: 1 (unversioned, first release); 2 adds `version` and `pendingFiles` (a sent-back
 * closeout reopened as a copy); 3 adds `estimateUse` (the estimate's one-tap rows); 4 adds `location` (an optional GPS fix).
 */

type Raw = Record<string, unknown>

const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v)
const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback)
const strOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null)
/** Older drafts (or a hand edit) may hold numbers where strings are expected now: keep the value. */
const decimal = (v: unknown): string => (typeof v === 'number' && Number.isFinite(v) ? String(v) : str(v))
const list = <T>(v: unknown, read: (item: Raw) => T | null): T[] =>
  Array.isArray(v) ? v.flatMap((item) => (isObject(item) ? (read(item) ?? []) : [])) : []

const CATEGORIES: readonly PhotoCategory[] = ['before', 'after', 'serial-plate', 'other']
const category = (v: unknown): PhotoCategory =>
  CATEGORIES.includes(v as PhotoCategory) ? (v as PhotoCategory) : 'other'

let counter = 0
const fallbackId = (): string => `migrated-${Date.now().toString(36)}-${(counter++).toString(36)}`

function readLabor(l: Raw): DraftLabor {
  return { id: str(l.id) || fallbackId(), role: str(l.role), hours: decimal(l.hours), overtime: l.overtime === true }
}

function readPart(p: Raw): DraftPart {
  return {
    id: str(p.id) || fallbackId(),
    sku: strOrNull(p.sku),
    description: str(p.description),
    quantity: decimal(p.quantity),
    unitPrice: decimal(p.unitPrice),
  }
}

function readPhoto(p: Raw): DraftPhoto | null {
  // A photo without its stored picture cannot be shown or sent: drop the entry, not the draft.
  if (typeof p.blobKey !== 'string') return null
  return {
    id: str(p.id) || fallbackId(),
    category: category(p.category),
    takenAt: str(p.takenAt),
    blobKey: p.blobKey,
    width: typeof p.width === 'number' ? p.width : 0,
    height: typeof p.height === 'number' ? p.height : 0,
  }
}

function readPending(f: Raw): PendingFile | null {
  if (typeof f.file !== 'string') return null
  return {
    file: f.file,
    category: f.category === 'signature' ? 'signature' : category(f.category),
    takenAt: strOrNull(f.takenAt),
  }
}

const CHOICES: readonly EstimateUse['choice'][] = ['used', 'changed', 'not-used']

function readEstimateUse(u: Raw): EstimateUse | null {
  if (typeof u.line !== 'number' || !CHOICES.includes(u.choice as EstimateUse['choice'])) return null
  return { line: u.line, choice: u.choice as EstimateUse['choice'], lineId: strOrNull(u.lineId) }
}

function readLocation(v: unknown): Draft['location'] {
  if (!isObject(v) || typeof v.lat !== 'number' || typeof v.lon !== 'number') return null
  return { lat: v.lat, lon: v.lon, accuracyM: typeof v.accuracyM === 'number' ? v.accuracyM : 0 }
}

/** Today's Draft from whatever IndexedDB held, or null when it is not a draft at all. */
export function parseDraft(raw: unknown): Draft | null {
  if (!isObject(raw) || typeof raw.key !== 'string' || typeof raw.submissionId !== 'string') return null
  const newJob = isObject(raw.newJob)
    ? {
        customerName: str(raw.newJob.customerName),
        siteAddress: str(raw.newJob.siteAddress),
        jobType: str(raw.newJob.jobType),
      }
    : null
  const discount = isObject(raw.discount)
    ? { percent: decimal(raw.discount.percent), reason: str(raw.discount.reason) }
    : null
  const signature =
    isObject(raw.signature) && typeof raw.signature.blobKey === 'string'
      ? { blobKey: raw.signature.blobKey, signedAt: str(raw.signature.signedAt) }
      : null
  const startedAt = str(raw.startedAt)
  return {
    version: DRAFT_VERSION,
    key: raw.key,
    jobId: strOrNull(raw.jobId),
    newJob:
      raw.jobId === null || raw.jobId === undefined
        ? (newJob ?? { customerName: '', siteAddress: '', jobType: '' })
        : null,
    submissionId: raw.submissionId,
    supersedes: strOrNull(raw.supersedes),
    startedAt,
    tasks: str(raw.tasks),
    notes: str(raw.notes),
    labor: list(raw.labor, readLabor),
    parts: list(raw.parts, readPart),
    photos: list(raw.photos, readPhoto),
    serialNumbers: Array.isArray(raw.serialNumbers) ? raw.serialNumbers.filter((s) => typeof s === 'string') : [],
    warranty: raw.warranty === true,
    discount,
    signerName: str(raw.signerName),
    signature,
    noSignatureReason: strOrNull(raw.noSignatureReason),
    pendingFiles: list(raw.pendingFiles, readPending),
    estimateUse: list(raw.estimateUse, readEstimateUse),
    location: readLocation(raw.location),
    updatedAt: str(raw.updatedAt, startedAt),
  }
}
