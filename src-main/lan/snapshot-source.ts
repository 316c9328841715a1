import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { first, run, type Sqlite } from '../core/db/connection'
import { DEFAULT_LAN_PORT } from '../core/network/lan-info'
import { findBundle } from './bundle-lookup'
import type { AttachmentLookup, FormSource } from './form-source'
import { assembleJobsAnswer } from './jobs-answer'
import { searchPriceBookItems } from '../../src-shared/domain/price-book-search'
import { SnapshotReader } from './snapshot-reader'
import { formStateDb as db } from './form-state'

/**
 * `closeout serve --lan-only`: the form server of a PC without the office database. Technicians,
 * jobs, job types and the price book come from the office's snapshot in `<shared>/office/`;
 * sessions, lockouts and what it sent live in its own small database (form-state.ts).
 */
export function snapshotFormSource(options: { dataDir: string; sharedDir: string; state: Sqlite }): FormSource {
  const { sharedDir, state } = options
  const snapshot = new SnapshotReader(sharedDir)
  const technicians = () => snapshot.read('technicians').technicians
  const source: FormSource = {
    sharedDir,
    uploadTempDir: join(options.dataDir, 'tmp', 'lan-uploads'),
    state,
    lanSettings: () => ({ host: '0.0.0.0', port: DEFAULT_LAN_PORT, hostNames: [] }),
    technicians: () =>
      technicians()
        .map((t) => ({ id: t.id, name: t.name }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    technician: (id) => {
      const found = technicians().find((t) => t.id === id)
      endSessionsOnNewPin(state, id, found?.pinHash)
      return found
    },
    jobs: (technician) => {
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
    searchPriceBook: (q) => searchPriceBookItems(snapshot.read('priceBook').items, q),
    // As old as the office's copy in the shared folder, not as new as this answer.
    priceBookSnapshot: () => {
      const { items, updatedAt } = snapshot.read('priceBook')
      return { items, asOf: updatedAt }
    },
    // Only open jobs are in the snapshot: a closed job of someone else's gets the office's
    // `wrong-technician` finding at ingest instead of a refusal here.
    jobAssignee: (jobId) => {
      for (const [technicianId, jobs] of Object.entries(snapshot.read('jobs').byTechnician))
        if (jobs.some((j) => j.id === jobId)) return technicianId
      return undefined
    },
    knownSubmission: (id) => {
      const row = first(
        state,
        db.selectFrom('sent_submissions').select(['technician_id', 'fingerprint']).where('id', '=', id),
      )
      return row && { technicianId: row.technician_id, archivedPath: null, fingerprint: row.fingerprint }
    },
    sent: ({ id, technicianId, fingerprint }) => {
      run(
        state,
        db
          .insertInto('sent_submissions')
          .values({ id, technician_id: technicianId, fingerprint, sent_at: new Date().toISOString() })
          .onConflict((oc) => oc.doNothing()),
      )
    },
    attachment: (technicianId, submissionId, file) => attachmentFromFolder(source, technicianId, submissionId, file),
    listening: () => () => undefined,
  }
  return source
}

/**
 * The office ends a technician's phone sessions when it changes their PIN, but only in its own
 * database: this server learns of the change from the PIN hash in the snapshot. A hash other than
 * the one last seen (or a technician gone from the snapshot) ends that technician's sessions
 * here. The hash last seen is kept in this server's database, so a change made while it was
 * stopped counts too (a technician never seen before is signed out once, to be safe).
 */
function endSessionsOnNewPin(state: Sqlite, technicianId: string, pinHash: string | undefined): void {
  const stamp = pinHash === undefined ? null : createHash('sha256').update(pinHash).digest('hex')
  const seen = first(
    state,
    db.selectFrom('technician_pins').select('pin_stamp').where('technician_id', '=', technicianId),
  )
  if (stamp !== null && seen?.pin_stamp === stamp) return
  if (stamp === null && seen === undefined) return
  state.transaction(() => {
    run(state, db.deleteFrom('lan_sessions').where('technician_id', '=', technicianId))
    if (stamp === null) run(state, db.deleteFrom('technician_pins').where('technician_id', '=', technicianId))
    else
      run(
        state,
        db
          .insertInto('technician_pins')
          .values({ technician_id: technicianId, pin_stamp: stamp })
          .onConflict((oc) => oc.column('technician_id').doUpdateSet({ pin_stamp: stamp })),
      )
  })()
}

/**
 * Without the office's attachment store, a sent-back closeout's photos come from its bundle in
 * the shared folder (archive/, or inbox/ and rejected/), checked against its manifest.
 */
function attachmentFromFolder(
  source: FormSource,
  technicianId: string,
  submissionId: string,
  file: string,
): AttachmentLookup {
  const notFound: AttachmentLookup = { ok: false, code: 'not-found', message: 'No such photo on a closeout you sent' }
  const bundle = findBundle(source, submissionId)
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
