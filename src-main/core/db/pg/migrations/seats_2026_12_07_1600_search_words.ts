import { sql, type Kysely } from 'kysely'

/**
 * PostgreSQL only: the search splits words where SQLite's FTS5 does (issue #17, the inbox on
 * PostgreSQL). PostgreSQL's text parser reads "J-1042" as the word "j" and the signed number
 * "-1042", "PO-7781" as "po" and "-7781", an e-mail address as one word, so a clerk typing
 * 1042 or 7781 found nothing there while FTS5 (which splits on every character that is not a
 * letter or digit) finds the job. The document now turns punctuation into spaces before the
 * parser sees it, and the index over it is rebuilt. Letters of every alphabet stay
 * ([[:punct:]] never matches a letter), and the query side (db/pg/search.ts `searchWords`)
 * already splits the same way.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE OR REPLACE FUNCTION jobs_fts_document(f jobs_fts) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT to_tsvector('simple', regexp_replace(closeout_unaccent(concat_ws(' ', f.job, f.customer, f.site, f.notes, f.parts, f.numbers)), '[[:punct:]]+', ' ', 'g')) $$`.execute(
    db,
  )
  await sql`REINDEX INDEX jobs_fts_words`.execute(db)
}
