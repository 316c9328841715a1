import { CloseoutSchema, type Closeout } from '../../src-shared/schemas/closeout'
import { issuesToDetails, summarizeDetails } from '../../src-shared/schemas/issues'
import type { CloseoutAnswer } from '../../src-shared/api/lan'
import { CloseoutError } from '../core/errors'
import { manifestFingerprint } from '../core/inbox/bundle-manifest'
import { answerFor, findBundle } from './bundle-lookup'
import { manifestFiles, sha256Hex, writeBundle, type BundleFile } from './bundle-writer'
import type { ReceivedUpload } from './upload-receiver'
import type { TechSession } from './sessions'
import type { FormSource } from './form-source'

export interface IntakeResult {
  created: boolean
  answer: CloseoutAnswer
}

/**
 * Turns a received upload into a bundle in the inbox. Validates the document, matches each
 * file it names to an uploaded part (parts it does not name are ignored, whatever their name),
 * checks the bytes are a JPEG or PNG, renames every file to a server-made name, then writes the
 * bundle — or, for an id the office already has, answers 200 (same content) or 409 (different).
 */
export async function acceptCloseout(
  source: FormSource,
  session: TechSession,
  upload: ReceivedUpload,
): Promise<IntakeResult> {
  if (upload.closeoutJson === null) {
    throw new CloseoutError('invalid-input', 'The upload has no "closeout" field', [
      { path: 'closeout', message: 'missing' },
    ])
  }
  let raw: unknown
  try {
    raw = JSON.parse(upload.closeoutJson)
  } catch {
    throw new CloseoutError('invalid-input', 'The "closeout" field is not JSON', [
      { path: 'closeout', message: 'is not JSON' },
    ])
  }
  const parsed = CloseoutSchema.safeParse(raw)
  if (!parsed.success) {
    const details = issuesToDetails(parsed.error)
    throw new CloseoutError('invalid-document', `The closeout is not valid: ${summarizeDetails(details)}`, details)
  }
  const doc = parsed.data
  if (doc.technician.id !== session.technicianId) {
    throw new CloseoutError(
      'wrong-technician',
      `This closeout belongs to ${doc.technician.id}; sign in as that technician to send it`,
    )
  }
  await refuseOthersJob(source, doc, session)
  const files = bundleFiles(withTechnicianName(doc, session), upload)
  const id = doc.submissionId
  const existing = await findBundle(source, id)
  if (existing) {
    if (existing.technicianId !== null && existing.technicianId !== session.technicianId) {
      throw new CloseoutError('conflicting-resubmission', 'This submission id is already used by another closeout')
    }
    // Same content: the same files, sizes and hashes (the manifest's createdAt may differ).
    if (
      existing.files &&
      manifestFingerprint({ files: existing.files }) === manifestFingerprint({ files: manifestFiles(files) })
    )
      return { created: false, answer: answerFor(source.sharedDir, id) }
    if (!existing.files && existing.folder === null && (await matchesFingerprint(source, id, files))) {
      return { created: false, answer: answerFor(source.sharedDir, id) }
    }
    throw new CloseoutError(
      'conflicting-resubmission',
      'The office already has a different closeout with this id; a correction must be sent as a new closeout',
    )
  }
  writeBundle(source.sharedDir, id, files, new Date().toISOString())
  source.sent({
    id,
    technicianId: session.technicianId,
    fingerprint: manifestFingerprint({ files: manifestFiles(files) }),
  })
  return { created: true, answer: answerFor(source.sharedDir, id) }
}

/**
 * A dispatched job assigned to another technician is theirs to close (issue #12: T-11's closeout
 * for T-12's job went straight to invoice-ready). Unassigned and unknown job ids stay allowed:
 * the rules send those to the office as needs-review.
 */
async function refuseOthersJob(source: FormSource, doc: Closeout, session: TechSession): Promise<void> {
  if (!('id' in doc.job)) return
  const assignee = await source.jobAssignee(doc.job.id)
  if (!assignee || assignee === session.technicianId) return
  throw new CloseoutError(
    'wrong-technician',
    `Job ${doc.job.id} is assigned to another technician; ask the office to reassign it to you before sending this closeout`,
    [{ path: 'job.id', message: 'assigned to another technician' }],
  )
}

function withTechnicianName(doc: Closeout, session: TechSession): Closeout {
  return { ...doc, technician: { id: session.technicianId, name: doc.technician.name ?? session.technicianName } }
}

function bundleFiles(doc: Closeout, upload: ReceivedUpload): BundleFile[] {
  const used = new Set<string>()
  const perCategory = new Map<string, number>()
  const files: BundleFile[] = []
  const take = (clientPath: string, path: string, docPath: string): string => {
    const part = upload.files.get(clientPath)
    if (!part)
      throw new CloseoutError('invalid-input', `No file was uploaded for "${clientPath}"`, [
        { path: docPath, message: 'no file part with this name' },
      ])
    if (used.has(clientPath))
      throw new CloseoutError('invalid-input', `"${clientPath}" is named twice in the closeout`, [
        { path: docPath, message: 'named twice' },
      ])
    if (!part.type) {
      throw new CloseoutError('unsupported-file-type', `"${clientPath}" is not a JPEG or PNG picture`, [
        { path: docPath, message: 'only JPEG and PNG pictures are accepted' },
      ])
    }
    used.add(clientPath)
    const stored = `${path}.${part.type === 'jpeg' ? 'jpg' : 'png'}`
    files.push({ path: stored, size: part.size, sha256: part.sha256, source: { tempPath: part.tempPath } })
    return stored
  }
  const attachments = doc.attachments.map((a, i) => {
    const n = (perCategory.get(a.category) ?? 0) + 1
    perCategory.set(a.category, n)
    return { ...a, file: take(a.file, `photos/${a.category}-${n}`, `attachments[${i}].file`) }
  })
  const signature = doc.signature
    ? { ...doc.signature, file: take(doc.signature.file, 'signature', 'signature.file') }
    : doc.signature
  const bytes = Buffer.from(`${JSON.stringify({ ...doc, attachments, signature }, null, 2)}\n`, 'utf8')
  files.unshift({ path: 'closeout.json', size: bytes.length, sha256: sha256Hex(bytes), source: { bytes } })
  return files
}

/** The ingested submission's fingerprint, for a bundle whose folder is no longer anywhere. */
async function matchesFingerprint(
  source: FormSource,
  submissionId: string,
  files: readonly BundleFile[],
): Promise<boolean> {
  const fingerprint = (await source.knownSubmission(submissionId))?.fingerprint
  return !!fingerprint && manifestFingerprint({ files: manifestFiles(files) }) === fingerprint
}
