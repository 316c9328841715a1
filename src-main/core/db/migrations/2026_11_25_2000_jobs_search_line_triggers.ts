import { sql, type Kysely } from 'kysely'

/**
 * Narrows the search triggers on submission_lines (2026_11_25_1400_jobs_search) to the writes
 * that change a job's search row, which holds only the lines of the job's CURRENT submission
 * and only their sku and description. Before, every line insert and every pricing update
 * (amount, taxable) rebuilt the job's FTS row: an ingest rebuilt it about ten times, which was
 * most of the inbox's SQLite time in a backlog. Lines written before their submission becomes
 * current are indexed by the jobs update that makes it current (jobs_fts_job_update), so the
 * search row ends up exactly as before.
 */
const isCurrent = (line: string) =>
  `(SELECT current_submission_id FROM jobs WHERE id = (SELECT job_id FROM submissions WHERE id = ${line}.submission_id)) = ${line}.submission_id`

const refreshJob = `
  DELETE FROM jobs_fts WHERE rowid = (SELECT rowid FROM jobs WHERE id = (SELECT job_id FROM submissions WHERE id = NEW.submission_id));
  INSERT INTO jobs_fts (rowid, job, customer, site, notes, parts, numbers)
  SELECT j.rowid, j.id, IFNULL(c.name, ''), j.site_address,
         j.description || ' ' || IFNULL(json_extract(s.document_json, '$.workPerformed.notes'), ''),
         IFNULL((SELECT group_concat(IFNULL(sku, '') || ' ' || IFNULL(description, ''), ' ') FROM estimate_lines WHERE job_id = j.id), '') || ' ' ||
         IFNULL((SELECT group_concat(IFNULL(sku, '') || ' ' || description, ' ') FROM submission_lines WHERE submission_id = j.current_submission_id), ''),
         IFNULL(j.invoice_number, '') || ' ' || IFNULL(j.po_number, '')
  FROM jobs j LEFT JOIN customers c ON c.id = j.customer_id LEFT JOIN submissions s ON s.id = j.current_submission_id
  WHERE j.id = (SELECT job_id FROM submissions WHERE id = NEW.submission_id);`

const STATEMENTS = [
  'DROP TRIGGER jobs_fts_line_insert',
  'DROP TRIGGER jobs_fts_line_update',
  `CREATE TRIGGER jobs_fts_line_insert AFTER INSERT ON submission_lines WHEN ${isCurrent('NEW')} BEGIN ${refreshJob} END`,
  `CREATE TRIGGER jobs_fts_line_update AFTER UPDATE OF sku, description, submission_id ON submission_lines WHEN ${isCurrent('NEW')} BEGIN ${refreshJob} END`,
]

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db)
}
