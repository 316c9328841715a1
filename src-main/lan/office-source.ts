import { join } from 'node:path'
import type { EngineDb } from '../core/db/engine-db'
import { binaryOrder } from '../core/db/sql-fragments'
import { addLanListening, readLanSettingsAsync, removeLanListening } from '../core/network/lan-info'
import type { Office } from '../core/office'
import { readBlob } from '../core/store/attachment-store'
import { endSessionsOnNewPin } from './sessions'
import type { FormSource } from './form-source'
import { priceBookSnapshot, searchPriceBook, technicianJobs } from './tech-jobs.query'
import { ownAttachment } from './tech-submissions.repo'

/** What the form reads from an office database (issue #17: the same answers on SQLite and PostgreSQL). */
export type FormReads = Pick<
  FormSource,
  | 'technicians'
  | 'technician'
  | 'jobs'
  | 'searchPriceBook'
  | 'priceBookSnapshot'
  | 'jobAssignee'
  | 'knownSubmission'
  | 'attachment'
>

/**
 * The form's reads on an office database, either engine; photos come from `attachmentsDir`
 * (on PostgreSQL the folder every seat reaches), each proven against its hash.
 */
export function formReads(edb: EngineDb, attachmentsDir: string): FormReads {
  const { db } = edb
  return {
    technicians: () =>
      db
        .selectFrom('technicians')
        .select(['id', 'name'])
        .where('active', '=', 1)
        .where('pin_hash', 'is not', null)
        .orderBy(binaryOrder(edb.engine, 'name'))
        .orderBy(binaryOrder(edb.engine, 'id'))
        .execute(),
    technician: async (id) => {
      const row = await db
        .selectFrom('technicians')
        .select(['id', 'name', 'pin_hash'])
        .where('id', '=', id)
        .where('active', '=', 1)
        .executeTakeFirst()
      return row && { id: row.id, name: row.name, pinHash: row.pin_hash }
    },
    jobs: (technician) => technicianJobs(edb, technician),
    searchPriceBook: (q) => searchPriceBook(edb, q),
    priceBookSnapshot: () => priceBookSnapshot(edb),
    jobAssignee: async (jobId) =>
      (await db.selectFrom('jobs').select('technician_id').where('id', '=', jobId).executeTakeFirst())?.technician_id,
    knownSubmission: async (id) => {
      const row = await db
        .selectFrom('submissions')
        .select(['technician_id', 'archived_path', 'fingerprint'])
        .where('id', '=', id)
        .executeTakeFirst()
      return row && { technicianId: row.technician_id, archivedPath: row.archived_path, fingerprint: row.fingerprint }
    },
    attachment: async (technicianId, submissionId, file) => {
      const found = await ownAttachment(edb, technicianId, submissionId, file)
      if (!found) return { ok: false, code: 'not-found', message: 'No such photo on a closeout you sent' }
      const read = readBlob(attachmentsDir, found.sha256)
      if (read.ok) return { ok: true, bytes: read.bytes, mime: found.mime }
      return read.why === 'missing'
        ? { ok: false, code: 'attachment-missing', message: 'The office no longer holds this photo' }
        : { ok: false, code: 'attachment-altered', message: "The office's copy of this photo is damaged" }
    },
  }
}

/**
 * The office's own form server: everything comes from the office database. On PostgreSQL the
 * phone sessions are this seat's own (office.seatState) while a PIN may change on any seat: as
 * a `serve --lan-only` server does with the snapshot, a technician whose PIN hash is not the one
 * this seat last saw is signed out of its phones here (sessions.ts endSessionsOnNewPin).
 */
export function officeFormSource(office: Office): FormSource {
  const reads = formReads(office, office.attachmentsDir)
  return {
    sharedDir: office.sharedDir,
    uploadTempDir: join(office.dataDir, 'tmp', 'lan-uploads'),
    state: office.seatState,
    lanSettings: () => readLanSettingsAsync(office),
    ...reads,
    ...(office.engine === 'postgres'
      ? {
          technician: async (id: string) => {
            const found = await reads.technician(id)
            endSessionsOnNewPin(office.seatState, id, found?.pinHash ?? undefined)
            return found
          },
        }
      : {}),
    // The inbox is the record until the office ingests the bundle.
    sent: () => undefined,
    listening: (value) => {
      addLanListening(office, value)
      return () => removeLanListening(office, value)
    },
  }
}
