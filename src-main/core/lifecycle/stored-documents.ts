import { CloseoutSchema, type Closeout } from '../../../src-shared/schemas/closeout'
import type { EngineDb } from '../db/engine-db'

/**
 * A submission's stored document is never rewritten (submissions.document_json has one writer,
 * the insert), so it is parsed and checked once per open office, not on every read. The parsed
 * document is frozen: a reader that tried to change it would fail loudly instead of changing
 * what the next reader sees. Kept per office (the SQLite office, or a PostgreSQL EngineDb).
 */
const parsedDocuments = new WeakMap<EngineDb, Map<string, Closeout>>()
const PARSED_MAX = 5_000

export function storedDocument(office: EngineDb, submissionId: string, documentJson: string): Closeout {
  let cache = parsedDocuments.get(office)
  if (!cache) parsedDocuments.set(office, (cache = new Map()))
  const hit = cache.get(submissionId)
  if (hit) return hit
  const doc = deepFreeze(CloseoutSchema.parse(JSON.parse(documentJson)))
  if (cache.size >= PARSED_MAX) cache.delete(cache.keys().next().value!)
  cache.set(submissionId, doc)
  return doc
}

/** Whether a submission's document is already parsed for this office (its column need not be read). */
export function hasParsedDocument(office: EngineDb, submissionId: string): boolean {
  return parsedDocuments.get(office)?.has(submissionId) ?? false
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const v of Object.values(value)) deepFreeze(v)
  }
  return value
}
