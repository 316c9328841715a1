import { sql, type Kysely } from 'kysely'

/**
 * PostgreSQL only: each job's search words are stored (a generated `document` column on
 * jobs_fts) instead of recomputed from its text whenever a query tests one job. Testing a job
 * then reads a stored tsvector: the inbox's first page for a broad search ("capacitor", 14% of
 * 100,000 jobs) walks the sort's index and tests a few thousand jobs, which took over 100 ms
 * recomputing each one's tsvector (npm run bench -- search). The words are the same as
 * `jobs_fts_document` (seats_2026_12_07_1600_search_words.ts); the GIN index moves to the column.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE FUNCTION jobs_fts_vector(job text, customer text, site text, notes text, parts text, numbers text)
      RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT to_tsvector('simple', regexp_replace(closeout_unaccent(concat_ws(' ', job, customer, site, notes, parts, numbers)), '[[:punct:]]+', ' ', 'g')) $$`.execute(
    db,
  )
  await sql`ALTER TABLE jobs_fts ADD COLUMN document tsvector
      GENERATED ALWAYS AS (jobs_fts_vector(job, customer, site, notes, parts, numbers)) STORED`.execute(db)
  await sql`DROP INDEX jobs_fts_words`.execute(db)
  await sql`CREATE INDEX jobs_fts_words ON jobs_fts USING gin (document)`.execute(db)
  // Anyone still asking through the function reads the stored words.
  await sql`CREATE OR REPLACE FUNCTION jobs_fts_document(f jobs_fts) RETURNS tsvector LANGUAGE sql STABLE PARALLEL SAFE
      AS $$ SELECT f.document $$`.execute(db)
}
