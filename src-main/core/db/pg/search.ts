import { sql, type Kysely } from 'kysely'
import type { PgDatabase } from './pool'

/**
 * The search adapter on PostgreSQL (FTS5's counterpart; see migrations/2026_11_25_1400_jobs_search.ts
 * here): every word of the query is a prefix ("capac" finds "capacitor"), all must match, and
 * accents are ignored on both sides ("muller" finds "Müller"). Returns job ids.
 */
export function searchWords(text: string): string[] {
  return text
    .normalize('NFC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
}

export async function searchJobIds(db: Kysely<PgDatabase>, text: string, limit = 100): Promise<string[]> {
  const words = searchWords(text)
  if (words.length === 0) return []
  const query = words.map((w) => `${w}:*`).join(' & ')
  const rows = await db
    .selectFrom('jobs_fts')
    .select('job')
    .where(sql<boolean>`jobs_fts.document @@ to_tsquery('simple', closeout_unaccent(${query}))`)
    .orderBy('job')
    .limit(limit)
    .execute()
  return rows.map((r) => r.job)
}
