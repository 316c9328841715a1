import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import { findSubmissionRefIn, type SubmissionRef } from '../jobs/submissions.repo'
import type { Refusal } from './bundle-manifest'
import { UUID_RE } from './layout'

/** What the office already holds of a bundle whose manifest checked out. */
export type Recognition =
  /** Nothing: the bundle is new. */
  | { kind: 'new' }
  /** Exactly this bundle is stored already (its archived folder may still have to be moved there). */
  | { kind: 'stored'; existing: SubmissionRef }
  /** A copy of a stored bundle under another name (section 4.6): a duplicate. */
  | { kind: 'copy' }
  | { kind: 'refused'; refusal: Refusal }

/**
 * Recognises a bundle by its id and fingerprint against the closeouts stored, on either engine
 * (issue #17): the same bundle is a duplicate on every seat. A copy under another name is one
 * only if it is exactly what was ingested; other content under a stored id is refused.
 */
export async function recogniseBundle(
  db: Kysely<Database>,
  folder: string,
  submissionId: string,
  fingerprint: string,
  /** What is stored under `submissionId`, when the caller has read it already (null: nothing). */
  known?: SubmissionRef | null,
): Promise<Recognition> {
  const existing = known === undefined ? await findSubmissionRefIn(db, submissionId) : (known ?? undefined)
  if (folder !== submissionId) {
    if (!UUID_RE.test(folder) && existing?.fingerprint === fingerprint) return { kind: 'copy' }
    return {
      kind: 'refused',
      refusal: {
        reason: 'id-mismatch',
        details: [
          { path: 'submissionId', message: `manifest.json says ${submissionId} but the folder is named ${folder}` },
        ],
      },
    }
  }
  if (!existing) return { kind: 'new' }
  if (existing.fingerprint !== fingerprint)
    return {
      kind: 'refused',
      refusal: {
        reason: 'conflicting-resubmission',
        details: [
          {
            path: 'files',
            message: `${submissionId} was already received with different content; a correction needs a new id and "supersedes"`,
          },
        ],
      },
    }
  return { kind: 'stored', existing }
}
