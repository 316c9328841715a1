import { CloseoutSchema, type Closeout } from '../../../src-shared/schemas/closeout'

/**
 * A submission's stored closeout document (submissions.document_json), parsed with the same
 * CloseoutSchema that admitted it at ingest. Null when it no longer parses (a document written
 * by another Closeout version): readers show what the database columns hold instead of failing.
 */
export function parseStoredCloseout(documentJson: string): Closeout | null {
  try {
    const parsed = CloseoutSchema.safeParse(JSON.parse(documentJson))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}
