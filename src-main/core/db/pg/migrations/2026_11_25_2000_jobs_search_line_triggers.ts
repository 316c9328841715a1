import type { Kysely } from 'kysely'

/**
 * PostgreSQL's form of migrations/2026_11_25_2000_jobs_search_line_triggers.ts: nothing to do.
 * That migration narrows SQLite's search triggers on submission_lines; PostgreSQL's
 * (./2026_11_25_1400_jobs_search.ts) were written narrow from the start. Kept so both engines
 * record the same list of migrations.
 */
export async function up(_db: Kysely<unknown>): Promise<void> {}
