import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { first } from '../core/db/connection'
import { addLanListening, readLanSettings, removeLanListening } from '../core/network/lan-info'
import type { Office } from '../core/office'
import { blobPath } from '../core/store/attachment-store'
import type { FormSource } from './form-source'
import { priceBookSnapshot, searchPriceBook, technicianJobs } from './tech-jobs.query'
import { ownAttachment } from './tech-submissions.repo'

/** The office's own form server: everything comes from the office database. */
export function officeFormSource(office: Office): FormSource {
  return {
    sharedDir: office.sharedDir,
    uploadTempDir: join(office.dataDir, 'tmp', 'lan-uploads'),
    state: office.sqlite,
    lanSettings: () => readLanSettings(office),
    technicians: () =>
      office.sqlite
        .prepare('SELECT id, name FROM technicians WHERE active = 1 AND pin_hash IS NOT NULL ORDER BY name')
        .all() as { id: string; name: string }[],
    technician: (id) => {
      const row = office.sqlite
        .prepare('SELECT id, name, pin_hash FROM technicians WHERE id = ? AND active = 1')
        .get(id) as { id: string; name: string; pin_hash: string | null } | undefined
      return row && { id: row.id, name: row.name, pinHash: row.pin_hash }
    },
    jobs: (technician) => technicianJobs(office, technician),
    searchPriceBook: (q) => searchPriceBook(office, q),
    priceBookSnapshot: () => priceBookSnapshot(office),
    jobAssignee: (jobId) =>
      first(office.sqlite, office.db.selectFrom('jobs').select('technician_id').where('id', '=', jobId))?.technician_id,
    knownSubmission: (id) => {
      const row = office.sqlite
        .prepare('SELECT technician_id, archived_path, fingerprint FROM submissions WHERE id = ?')
        .get(id) as { technician_id: string; archived_path: string | null; fingerprint: string } | undefined
      return row && { technicianId: row.technician_id, archivedPath: row.archived_path, fingerprint: row.fingerprint }
    },
    // The inbox is the record until the office ingests the bundle.
    sent: () => undefined,
    attachment: (technicianId, submissionId, file) => {
      const found = ownAttachment(office, technicianId, submissionId, file)
      if (!found) return { ok: false, code: 'not-found', message: 'No such photo on a closeout you sent' }
      try {
        return { ok: true, bytes: readFileSync(blobPath(office.dataDir, found.sha256)), mime: found.mime }
      } catch {
        return { ok: false, code: 'attachment-missing', message: 'The office no longer holds this photo' }
      }
    },
    listening: (value) => {
      addLanListening(office, value)
      return () => removeLanListening(office, value)
    },
  }
}
