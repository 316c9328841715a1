import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Sqlite } from '../core/db/connection'
import { DEFAULT_LAN_PORT } from '../core/network/lan-info'
import { findBundle } from './bundle-lookup'
import type { AttachmentLookup, FormSource } from './form-source'
import { assembleJobsAnswer } from './jobs-answer'
import { searchPriceBookItems } from '../../src-shared/domain/price-book-search'
import { SnapshotReader } from './snapshot-reader'
import { endSessionsOnNewPin, rememberSent, sentSubmission } from './sessions'

/**
 * `closeout serve --lan-only`: the form server of a PC without the office database. Technicians,
 * jobs, job types and the price book come from the office's snapshot in `<shared>/office/`;
 * sessions, lockouts and what it sent live in its own small database (form-state.ts, read and
 * written in sessions.ts). The reads answer the FormSource's Promises from the snapshot at once.
 */
export function snapshotFormSource(options: { dataDir: string; sharedDir: string; state: Sqlite }): FormSource {
  const { sharedDir, state } = options
  const snapshot = new SnapshotReader(sharedDir)
  const technicians = () => snapshot.read('technicians').technicians
  const source: FormSource = {
    sharedDir,
    uploadTempDir: join(options.dataDir, 'tmp', 'lan-uploads'),
    state,
    lanSettings: async () => ({ host: '0.0.0.0', port: DEFAULT_LAN_PORT, hostNames: [] }),
    technicians: async () =>
      technicians()
        .map((t) => ({ id: t.id, name: t.name }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    technician: async (id) => {
      const found = technicians().find((t) => t.id === id)
      endSessionsOnNewPin(state, id, found?.pinHash)
      return found
    },
    jobs: async (technician) => {
      const jobs = snapshot.read('jobs').byTechnician[technician.id] ?? []
      const { jobTypes, laborRoles, rules } = snapshot.read('jobTypes')
      const defaultLaborRole = technicians().find((t) => t.id === technician.id)?.defaultLaborRole ?? null
      return assembleJobsAnswer({ ...technician, defaultLaborRole }, jobs, { jobTypes, laborRoles, rules }, (skus) =>
        snapshot
          .read('priceBook')
          .items.filter((i) => skus.has(i.sku))
          .map((i) => ({
            sku: i.sku,
            description: i.description,
            unitPriceCents: i.unitPriceCents,
            taxable: i.taxable,
          })),
      )
    },
    searchPriceBook: async (q) => searchPriceBookItems(snapshot.read('priceBook').items, q),
    // As old as the office's copy in the shared folder, not as new as this answer.
    priceBookSnapshot: async () => {
      const { items, updatedAt } = snapshot.read('priceBook')
      return { items, asOf: updatedAt }
    },
    // Only open jobs are in the snapshot: a closed job of someone else's gets the office's
    // `wrong-technician` finding at ingest instead of a refusal here.
    jobAssignee: async (jobId) => {
      for (const [technicianId, jobs] of Object.entries(snapshot.read('jobs').byTechnician))
        if (jobs.some((j) => j.id === jobId)) return technicianId
      return undefined
    },
    knownSubmission: async (id) => sentSubmission(state, id),
    sent: (submission) => rememberSent(state, submission),
    attachment: (technicianId, submissionId, file) => attachmentFromFolder(source, technicianId, submissionId, file),
    listening: () => () => undefined,
  }
  return source
}

/**
 * Without the office's attachment store, a sent-back closeout's photos come from its bundle in
 * the shared folder (archive/, or inbox/ and rejected/), checked against its manifest.
 */
async function attachmentFromFolder(
  source: FormSource,
  technicianId: string,
  submissionId: string,
  file: string,
): Promise<AttachmentLookup> {
  const notFound: AttachmentLookup = { ok: false, code: 'not-found', message: 'No such photo on a closeout you sent' }
  const bundle = await findBundle(source, submissionId)
  if (!bundle || bundle.technicianId !== technicianId) return notFound
  if (!bundle.folder || !bundle.files)
    return {
      ok: false,
      code: 'attachment-missing',
      message:
        'This form server has no office database, and the shared folder no longer holds this closeout; ask the office for the photo',
    }
  const listed = bundle.files.find((f) => f.path === file)
  if (!listed) return notFound
  let bytes: Buffer
  try {
    bytes = readFileSync(join(bundle.folder, ...file.split('/')))
  } catch {
    return { ok: false, code: 'attachment-missing', message: 'The shared folder no longer holds this photo' }
  }
  if (createHash('sha256').update(bytes).digest('hex') !== listed.sha256)
    return { ok: false, code: 'attachment-altered', message: 'The photo in the shared folder is not the one sent' }
  return { ok: true, bytes, mime: bytes[0] === 0x89 ? 'image/png' : 'image/jpeg' }
}
