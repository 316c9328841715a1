import type { Finding } from '../../../src-shared/schemas/bundle'
import type { JobStatus } from '../../../src-shared/domain/status'
import type { Office } from '../office'

export interface Evaluation {
  status: JobStatus
  findings: Finding[]
}

/**
 * Runs the rules on a freshly ingested submission and moves its job out of `submitted`.
 * Synchronous: the inbox calls it inside the ingest transaction, after the submission, its
 * lines and attachments are written and the job is `submitted`.
 *
 * Placeholder until the rules issue (#4) lands: the job stays `submitted` with no findings.
 */
export function evaluateAfterIngest(_office: Office, _submissionId: string): Evaluation {
  return { status: 'submitted', findings: [] }
}
