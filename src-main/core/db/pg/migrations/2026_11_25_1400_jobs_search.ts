import { sql, type Kysely } from 'kysely'

/**
 * PostgreSQL's form of migrations/2026_11_25_1400_jobs_search.ts and its narrowing
 * 2026_11_25_2000_jobs_search_line_triggers.ts (this one is written narrow from the start).
 *
 * Dialect branch, unavoidable: SQLite searches an FTS5 table; PostgreSQL has no FTS5. Here
 * jobs_fts is a plain table with the same columns (one row per job, kept current by triggers
 * exactly as on SQLite) and a GIN index over its words: to_tsvector('simple', …) after
 * `unaccent`, so "muller" finds "Müller" as FTS5's remove_diacritics does. A search is
 * `jobs_fts_document(jobs_fts) @@ to_tsquery('simple', closeout_unaccent('muller') || ':*')`.
 * `unaccent` ships with PostgreSQL (contrib) and is a trusted extension: the database's owner
 * may create it without being a superuser.
 */
const STATEMENTS = [
  sql`CREATE EXTENSION IF NOT EXISTS unaccent`,
  // unaccent() is STABLE (its rules file could change); an index needs IMMUTABLE, so the
  // dictionary is named explicitly and the wrapper declared IMMUTABLE (the documented idiom).
  sql`CREATE FUNCTION closeout_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $$ SELECT unaccent('unaccent'::regdictionary, $1) $$`,
  sql`CREATE TABLE jobs_fts (job text, customer text, site text, notes text, parts text, numbers text)`,
  sql`CREATE UNIQUE INDEX jobs_fts_job ON jobs_fts (job)`,
  sql`CREATE FUNCTION jobs_fts_document(f jobs_fts) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT to_tsvector('simple', closeout_unaccent(concat_ws(' ', f.job, f.customer, f.site, f.notes, f.parts, f.numbers))) $$`,
  sql`CREATE INDEX jobs_fts_words ON jobs_fts USING gin (jobs_fts_document(jobs_fts))`,
  // One job's search row from its current state (the same text SQLite's triggers assemble).
  sql`CREATE FUNCTION jobs_fts_refresh(p_job text) RETURNS void LANGUAGE sql AS $$
      DELETE FROM jobs_fts WHERE job = p_job;
      INSERT INTO jobs_fts (job, customer, site, notes, parts, numbers)
      SELECT j.id, coalesce(c.name, ''), j.site_address,
             j.description || ' ' || coalesce(s.document_json::jsonb #>> '{workPerformed,notes}', ''),
             coalesce((SELECT string_agg(coalesce(sku, '') || ' ' || coalesce(description, ''), ' ' ORDER BY line_no)
                       FROM estimate_lines WHERE job_id = j.id), '') || ' ' ||
             coalesce((SELECT string_agg(coalesce(sku, '') || ' ' || description, ' ' ORDER BY line_no)
                       FROM submission_lines WHERE submission_id = j.current_submission_id), ''),
             coalesce(j.invoice_number, '') || ' ' || coalesce(j.po_number, '')
      FROM jobs j LEFT JOIN customers c ON c.id = j.customer_id LEFT JOIN submissions s ON s.id = j.current_submission_id
      WHERE j.id = p_job $$`,
  sql`CREATE FUNCTION jobs_fts_on_job() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN DELETE FROM jobs_fts WHERE job = OLD.id; RETURN OLD; END IF;
        IF TG_OP = 'UPDATE' AND OLD.id <> NEW.id THEN DELETE FROM jobs_fts WHERE job = OLD.id; END IF;
        PERFORM jobs_fts_refresh(NEW.id);
        RETURN NEW;
      END $$`,
  sql`CREATE TRIGGER jobs_fts_job_insert AFTER INSERT ON jobs FOR EACH ROW EXECUTE FUNCTION jobs_fts_on_job()`,
  sql`CREATE TRIGGER jobs_fts_job_update AFTER UPDATE OF id, customer_id, site_address, description, po_number, invoice_number, current_submission_id
      ON jobs FOR EACH ROW EXECUTE FUNCTION jobs_fts_on_job()`,
  sql`CREATE TRIGGER jobs_fts_job_delete AFTER DELETE ON jobs FOR EACH ROW EXECUTE FUNCTION jobs_fts_on_job()`,
  sql`CREATE FUNCTION jobs_fts_on_customer() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM jobs_fts_refresh(id) FROM jobs WHERE customer_id = NEW.id; RETURN NEW; END $$`,
  sql`CREATE TRIGGER jobs_fts_customer_update AFTER UPDATE OF name ON customers FOR EACH ROW EXECUTE FUNCTION jobs_fts_on_customer()`,
  sql`CREATE FUNCTION jobs_fts_on_estimate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN PERFORM jobs_fts_refresh(OLD.job_id); RETURN OLD; END IF;
        PERFORM jobs_fts_refresh(NEW.job_id);
        RETURN NEW;
      END $$`,
  sql`CREATE TRIGGER jobs_fts_estimate_insert AFTER INSERT ON estimate_lines FOR EACH ROW EXECUTE FUNCTION jobs_fts_on_estimate()`,
  sql`CREATE TRIGGER jobs_fts_estimate_delete AFTER DELETE ON estimate_lines FOR EACH ROW EXECUTE FUNCTION jobs_fts_on_estimate()`,
  // Only lines of a job's CURRENT submission are in its row (2026_11_25_2000 on SQLite). A
  // trigger's WHEN cannot hold a subquery on PostgreSQL, so the test is in the function.
  sql`CREATE FUNCTION jobs_fts_on_line() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE v_job text;
      BEGIN
        SELECT j.id INTO v_job FROM submissions s JOIN jobs j ON j.id = s.job_id
         WHERE s.id = NEW.submission_id AND j.current_submission_id = NEW.submission_id;
        IF v_job IS NOT NULL THEN PERFORM jobs_fts_refresh(v_job); END IF;
        RETURN NEW;
      END $$`,
  sql`CREATE TRIGGER jobs_fts_line_insert AFTER INSERT ON submission_lines FOR EACH ROW EXECUTE FUNCTION jobs_fts_on_line()`,
  sql`CREATE TRIGGER jobs_fts_line_update AFTER UPDATE OF sku, description, submission_id ON submission_lines
      FOR EACH ROW EXECUTE FUNCTION jobs_fts_on_line()`,
  // Jobs that existed before this migration.
  sql`SELECT jobs_fts_refresh(id) FROM jobs`,
  // The inbox's orders straight from an index (as on SQLite).
  sql`CREATE INDEX jobs_when ON jobs ((coalesce(scheduled_for, created_at)))`,
  sql`CREATE INDEX jobs_status_when ON jobs (status, (coalesce(scheduled_for, created_at)))`,
  sql`CREATE INDEX jobs_updated ON jobs (updated_at)`,
]

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await statement.execute(db)
}
