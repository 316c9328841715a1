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
      const row = state.prepare('SELECT technician_id, fingerprint FROM sent_submissions WHERE id = ?').get(id) as
        { technician_id: string; fingerprint: string } | undefined
      return row && { technicianId: row.technician_id, archivedPath: null, fingerprint: row.fingerprint }
    },
    sent: ({ id, technicianId, fingerprint }) => {
      state
        .prepare('INSERT OR IGNORE INTO sent_submissions (id, technician_id, fingerprint, sent_at) VALUES (?, ?, ?, ?)')
        .run(id, technicianId, fingerprint, new Date().toISOString())
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
  const seen = state.prepare('SELECT pin_stamp FROM technician_pins WHERE technician_id = ?').get(technicianId) as
    { pin_stamp: string } | undefined
  if (stamp !== null && seen?.pin_stamp === stamp) return
  if (stamp === null && seen === undefined) return
  state.transaction(() => {
    state.prepare('DELETE FROM lan_sessions WHERE technician_id = ?').run(technicianId)
    if (stamp === null) state.prepare('DELETE FROM technician_pins WHERE technician_id = ?').run(technicianId)
    else
      state
        .prepare(
          'INSERT INTO technician_pins (technician_id, pin_stamp) VALUES (?, ?) ON CONFLICT(technician_id) DO UPDATE SET pin_stamp = excluded.pin_stamp',
        )
        .run(technicianId, stamp)
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
    return { ok: false, code: 'attachment-missing', message: 'The photo in the shared folder is not the one sent' }
  return { ok: true, bytes, mime: bytes[0] === 0x89 ? 'image/png' : 'image/jpeg' }
}
