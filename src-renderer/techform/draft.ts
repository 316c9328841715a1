import type { Closeout } from '../../src-shared/schemas/closeout'
import type { PhotoCategory } from '../../src-shared/schemas/primitives'
import type { TechJob } from '../../src-shared/api/lan'
import { uuidV4 } from './uuid'
import { isMoneyText } from '../../src-shared/domain/money'

export const APP_VERSION = '1.0.0'

export interface DraftLabor {
  id: string
  role: string
  hours: string
  overtime: boolean
}

export interface DraftPart {
  id: string
  sku: string | null
  description: string
  quantity: string
  unitPrice: string
}

export interface DraftPhoto {
  id: string
  category: PhotoCategory
  takenAt: string
  /** IndexedDB key of the downscaled JPEG. */
  blobKey: string
  width: number
  height: number
}

/** A photo or the signature of a sent-back closeout that the phone still has to fetch from the office. */
export interface PendingFile {
  /** The file's name in the sent-back bundle ("photos/before-1.jpg", "signature.png"). */
  file: string
  /** Where it goes in the copy: a photo category, or the signature. */
  category: PhotoCategory | 'signature'
  takenAt: string | null
}

/** The technician's answer to one line of the job's estimate (estimate-lines.ts). */
export interface EstimateUse {
  /** Index of the line in the job's estimate. */
  line: number
  choice: 'used' | 'changed' | 'not-used'
  /** The labor or part line it put on the closeout; null for "not used". */
  lineId: string | null
}

/** Bumped whenever Draft changes shape; drafts.ts migrates older drafts on load (draft-version.ts). */
export const DRAFT_VERSION = 4

export interface Draft {
  version: typeof DRAFT_VERSION
  /** The job id, or "new:<uuid>" for an unscheduled job. */
  key: string
  jobId: string | null
  newJob: { customerName: string; siteAddress: string; jobType: string } | null
  /** Made when the closeout is started and kept through every retry: the idempotency key. */
  submissionId: string
  supersedes: string | null
  startedAt: string
  tasks: string
  notes: string
  labor: DraftLabor[]
  parts: DraftPart[]
  photos: DraftPhoto[]
  serialNumbers: string[]
  warranty: boolean
  discount: { percent: string; reason: string } | null
  signerName: string
  signature: { blobKey: string; signedAt: string } | null
  noSignatureReason: string | null
  /** The sent-back closeout's photos and signature not fetched yet (the office was out of reach). */
  pendingFiles: PendingFile[]
  /** What the technician answered on each estimate row ("as estimated", "change", "not used"). */
  estimateUse: EstimateUse[]
  /** An optional GPS fix, only when the technician asked for it (never required). */
  location: { lat: number; lon: number; accuracyM: number } | null
  updatedAt: string
}

/** RFC 3339 with the phone's own offset, as the spec asks ("2026-11-25T14:03:00-05:00"). */
export function localTimestamp(date = new Date()): string {
  const pad = (n: number) => String(Math.trunc(Math.abs(n))).padStart(2, '0')
  const offset = -date.getTimezoneOffset()
  const sign = offset >= 0 ? '+' : '-'
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `${sign}${pad(offset / 60)}:${pad(offset % 60)}`
  )
}

export function newDraft(key: string, job: TechJob | null, defaultRole: string): Draft {
  const now = localTimestamp()
  const estimatedLabor = job?.estimate.filter((e) => e.kind === 'labor') ?? []
  return {
    version: DRAFT_VERSION,
    key,
    jobId: job?.id ?? null,
    newJob: job ? null : { customerName: '', siteAddress: '', jobType: '' },
    submissionId: uuidV4(),
    supersedes: job?.sentBack?.submissionId ?? null,
    startedAt: now,
    tasks: '',
    notes: '',
    labor: [{ id: uuidV4(), role: estimatedLabor[0]?.role ?? defaultRole, hours: '', overtime: false }],
    parts: [],
    photos: [],
    serialNumbers: [],
    warranty: false,
    discount: null,
    signerName: '',
    signature: null,
    noSignatureReason: null,
    pendingFiles: [],
    estimateUse: [],
    location: null,
    updatedAt: now,
  }
}

export const QUANTITY = /^\d{1,9}(\.\d{1,3})?$/
export const PERCENT = /^\d{1,3}(\.\d{1,3})?$/

/** Field problems the phone catches before the rules run: "Hours on line 1 must be a number". */
export function fieldProblems(d: Draft): string[] {
  const out: string[] = []
  d.labor.forEach((l, i) => {
    if (!QUANTITY.test(l.hours.trim())) out.push(`Labor line ${i + 1}: enter the hours, like 1.5`)
  })
  d.parts.forEach((p, i) => {
    if (!p.description.trim()) out.push(`Part ${i + 1}: describe the part`)
    if (!QUANTITY.test(p.quantity.trim())) out.push(`Part ${i + 1}: enter the quantity`)
    if (p.unitPrice.trim() && !isMoneyText(p.unitPrice.trim()))
      out.push(`Part ${i + 1}: the price must look like 38.00`)
  })
  if (d.discount) {
    if (!PERCENT.test(d.discount.percent.trim())) out.push('Discount: enter a percent, like 10')
    if (!d.discount.reason.trim()) out.push('Discount: give the reason')
  }
  if (d.signature && !d.signerName.trim()) out.push("Signature: type the signer's name")
  if (d.newJob) {
    if (!d.newJob.customerName.trim()) out.push("New job: enter the customer's name")
    if (!d.newJob.siteAddress.trim()) out.push('New job: enter the site address')
    if (!d.newJob.jobType) out.push('New job: choose the job type')
  }
  return out
}

/** Bundle file names the phone proposes; the server replaces them with its own. */
export const photoFileName = (index: number): string => `photos/photo-${index + 1}.jpg`
export const SIGNATURE_FILE = 'signature.png'

/** The closeout/v1 document for this draft (only call when fieldProblems is empty, or for the checklist). */
export function draftToCloseout(d: Draft, technician: { id: string; name: string }, completedAt: string): Closeout {
  const tasks = d.tasks
    .split('\n')
    .map((t) => t.trim())
    .filter(Boolean)
  const exceptions =
    !d.signature && d.noSignatureReason?.trim() ? [{ kind: 'no-signature', reason: d.noSignatureReason.trim() }] : []
  return {
    schema: 'closeout/v1',
    submissionId: d.submissionId,
    supersedes: d.supersedes,
    job: d.jobId
      ? { id: d.jobId }
      : {
          new: {
            customerName: d.newJob?.customerName.trim() ?? '',
            siteAddress: d.newJob?.siteAddress.trim() ?? '',
            jobType: d.newJob?.jobType ?? '',
          },
        },
    technician,
    startedAt: d.startedAt,
    completedAt,
    ...(d.location ? { location: d.location } : {}),
    workPerformed: { tasks, notes: d.notes.trim() },
    labor: d.labor
      .filter((l) => QUANTITY.test(l.hours.trim()))
      .map((l) => ({ role: l.role, hours: l.hours.trim(), billable: true, overtime: l.overtime })),
    parts: d.parts
      .filter((p) => p.description.trim() && QUANTITY.test(p.quantity.trim()))
      .map((p) => ({
        ...(p.sku ? { sku: p.sku } : {}),
        description: p.description.trim(),
        quantity: p.quantity.trim(),
        ...(isMoneyText(p.unitPrice.trim()) ? { unitPrice: p.unitPrice.trim() } : {}),
      })),
    adjustments: [],
    discount:
      d.discount && PERCENT.test(d.discount.percent.trim()) && d.discount.reason.trim()
        ? { percent: d.discount.percent.trim(), reason: d.discount.reason.trim() }
        : null,
    serialNumbers: d.serialNumbers.map((s) => s.trim()).filter(Boolean),
    warrantyClaim: d.warranty,
    attachments: d.photos.map((p, i) => ({ file: photoFileName(i), category: p.category, takenAt: p.takenAt })),
    signature: d.signature
      ? { file: SIGNATURE_FILE, signerName: d.signerName.trim(), signedAt: d.signature.signedAt }
      : null,
    exceptions,
    device: { app: 'closeout-lan-form', version: APP_VERSION },
  }
}
