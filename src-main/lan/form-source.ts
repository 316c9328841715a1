import type { TechJobsAnswer, TechPriceBookItem, TechPriceBookSnapshot } from '../../src-shared/api/lan'
import type { Sqlite } from '../core/db/connection'
import type { LanListening, LanSettings } from '../core/network/lan-info'

/**
 * Where the technician form's routes get what they need. The office's own form server reads its
 * database (office-source.ts); `serve --lan-only` on another PC reads the snapshot the office
 * writes into the shared folder (snapshot-source.ts). Both write bundles into `sharedDir` and
 * read receipts from it: the routes are the same code.
 *
 * The reads answer Promises (issue #17's async path): the office's runs on its database, the
 * SQLite file or PostgreSQL (formReads in office-source.ts), the snapshot's answers at once.
 */
export interface FormSource {
  readonly sharedDir: string
  /** Uploads being received (never inside the shared folder). */
  readonly uploadTempDir: string
  /**
   * lan_sessions and pin_throttle: sign-ins and lockouts survive a restart. Deliberately a local
   * SQLite connection on either engine, not the office database: a seat's sign-ins and lockouts
   * are its own (the seat serving the form keeps them), so sessions.ts and pin-throttle stay on
   * the synchronous path, which is what lets a sign-in reserve its attempt without an await.
   */
  readonly state: Sqlite
  lanSettings(): Promise<LanSettings>
  /** Technicians on the sign-in screen: active, with a PIN. */
  technicians(): Promise<{ id: string; name: string }[]>
  /** An active technician, matched exactly; pinHash null when no PIN is set. */
  technician(id: string): Promise<FormTechnician | undefined>
  jobs(technician: { id: string; name: string }): Promise<TechJobsAnswer>
  searchPriceBook(q: string): Promise<TechPriceBookItem[]>
  /** The whole price book for the phone's offline copy, and when it was read. */
  priceBookSnapshot(): Promise<TechPriceBookSnapshot>
  /** Who a dispatched job is assigned to (null: nobody), or undefined when the job is not known here. */
  jobAssignee(jobId: string): Promise<string | null | undefined>
  /** What this side remembers of a submission besides the shared folder. */
  knownSubmission(id: string): Promise<KnownSubmission | undefined>
  /** A bundle was just written into the inbox. */
  sent(submission: { id: string; technicianId: string; fingerprint: string }): void
  /** A photo or the signature of the technician's own submission. */
  attachment(technicianId: string, submissionId: string, file: string): Promise<AttachmentLookup>
  /** Tells the office UI where the form listens (lan.info); returns how to take it back. */
  listening(value: LanListening): () => void
}

export interface FormTechnician {
  id: string
  name: string
  pinHash: string | null
}

export interface KnownSubmission {
  technicianId: string
  /** Where the office archived it, relative to the shared folder ("archive/2026-11/<id>"). */
  archivedPath: string | null
  fingerprint: string | null
}

export type AttachmentLookup =
  | { ok: true; bytes: Buffer; mime: string }
  | { ok: false; code: 'not-found' | 'attachment-missing' | 'attachment-altered'; message: string }
