import type { TechSentBack } from '../../src-shared/api/lan'
import { FindingSchema } from '../../src-shared/schemas/bundle'
import { CloseoutSchema } from '../../src-shared/schemas/closeout'
import type { EngineDb } from '../core/db/engine-db'

/**
 * What the phone needs of a technician's own past submissions (on the async path of issue #17,
 * on either engine): the closeout the office sent
 * back (to reopen as a copy) and its photos and signature (fetched back by the phone).
 */

interface SentBackRow {
  document_json: string
  findings_json: string
}

/** The sent-back closeout as the office stored it, with the findings that were on it. */
export async function sentBackCopy(
  { db }: EngineDb,
  submissionId: string,
  comment: string | null,
): Promise<Omit<TechSentBack, 'submissionId'>> {
  const row: SentBackRow | undefined = await db
    .selectFrom('submissions')
    .select(['document_json', 'findings_json'])
    .where('id', '=', submissionId)
    .executeTakeFirst()
  const closeout = row ? CloseoutSchema.safeParse(safeJson(row.document_json)) : null
  const findings = row ? FindingSchema.array().safeParse(safeJson(row.findings_json)) : null
  return {
    comment,
    closeout: closeout?.success ? closeout.data : null,
    // Only what made the office look twice: "info" findings never cause a send-back.
    findings: findings?.success
      ? findings.data
          .filter((f) => f.severity !== 'info')
          .map((f) => ({ code: f.code, severity: f.severity, message: f.message }))
      : [],
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return null
  }
}

export interface OwnAttachment {
  sha256: string
  mime: string
}

/**
 * One photo or signature of a submission, only when `technicianId` sent that submission: anyone
 * else's (or an unknown file) is undefined, so the caller answers 404 alike and discloses nothing.
 */
export function ownAttachment(
  { db }: EngineDb,
  technicianId: string,
  submissionId: string,
  file: string,
): Promise<OwnAttachment | undefined> {
  return db
    .selectFrom('attachments as a')
    .innerJoin('submissions as s', 's.id', 'a.submission_id')
    .select(['a.sha256', 'a.mime'])
    .where('a.submission_id', '=', submissionId)
    .where('s.technician_id', '=', technicianId)
    .where('a.file', '=', file)
    .executeTakeFirst()
}
