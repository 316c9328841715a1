import { join } from 'node:path'
import { all, first } from '../core/db/connection'
import { addLanListening, readLanSettings, removeLanListening } from '../core/network/lan-info'
import type { Office } from '../core/office'
import { readBlob } from '../core/store/attachment-store'
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
      all(
        office.sqlite,
        office.db
          .selectFrom('technicians')
          .select(['id', 'name'])
          .where('active', '=', 1)
          .where('pin_hash', 'is not', null)
          .orderBy('name'),
      ),
    technician: (id) => {
      const row = first(
        office.sqlite,
        office.db
          .selectFrom('technicians')
          .select(['id', 'name', 'pin_hash'])
          .where('id', '=', id)
          .where('active', '=', 1),
      )
      return row && { id: row.id, name: row.name, pinHash: row.pin_hash }
    },
    jobs: (technician) => technicianJobs(office, technician),
    searchPriceBook: (q) => searchPriceBook(office, q),
    priceBookSnapshot: () => priceBookSnapshot(office),
    jobAssignee: (jobId) =>
      first(office.sqlite, office.db.selectFrom('jobs').select('technician_id').where('id', '=', jobId))?.technician_id,
    knownSubmission: (id) => {
      const row = first(
        office.sqlite,
        office.db
          .selectFrom('submissions')
          .select(['technician_id', 'archived_path', 'fingerprint'])
          .where('id', '=', id),
      )
      return row && { technicianId: row.technician_id, archivedPath: row.archived_path, fingerprint: row.fingerprint }
    },
    // The inbox is the record until the office ingests the bundle.
    sent: () => undefined,
    attachment: (technicianId, submissionId, file) => {
      const found = ownAttachment(office, technicianId, submissionId, file)
      if (!found) return { ok: false, code: 'not-found', message: 'No such photo on a closeout you sent' }
      const read = readBlob(office.attachmentsDir, found.sha256)
      if (read.ok) return { ok: true, bytes: read.bytes, mime: found.mime }
      return read.why === 'missing'
        ? { ok: false, code: 'attachment-missing', message: 'The office no longer holds this photo' }
        : { ok: false, code: 'attachment-altered', message: "The office's copy of this photo is damaged" }
    },
    listening: (value) => {
      addLanListening(office, value)
      return () => removeLanListening(office, value)
    },
  }
}
