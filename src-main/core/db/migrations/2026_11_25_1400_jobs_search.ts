import { sql, type Kysely } from 'kysely'

/**
 * Full-text search for the inbox: one FTS5 row per job (rowid = the job's rowid) over the
 * customer, site, notes (job description and the closeout's notes), parts (estimate and
 * closeout lines) and invoice/PO numbers. Triggers keep it current, so search never needs a
 * rebuild. unicode61 with diacritics removed: "Muller" finds "Müller".
 */
/** Inserts the search row of every job matching `where` (over jobs j). */
const insertRows = (where: string) => `
  INSERT INTO jobs_fts (rowid, job, customer, site, notes, parts, numbers)
  SELECT j.rowid, j.id, IFNULL(c.name, ''), j.site_address,
         j.description || ' ' || IFNULL(json_extract(s.document_json, '$.workPerformed.notes'), ''),
         IFNULL((SELECT group_concat(IFNULL(sku, '') || ' ' || IFNULL(description, ''), ' ') FROM estimate_lines WHERE job_id = j.id), '') || ' ' ||
         IFNULL((SELECT group_concat(IFNULL(sku, '') || ' ' || description, ' ') FROM submission_lines WHERE submission_id = j.current_submission_id), ''),
         IFNULL(j.invoice_number, '') || ' ' || IFNULL(j.po_number, '')
  FROM jobs j LEFT JOIN customers c ON c.id = j.customer_id LEFT JOIN submissions s ON s.id = j.current_submission_id
  ${where};`

const refreshJob = (jobIdExpr: string) => `
  DELETE FROM jobs_fts WHERE rowid = (SELECT rowid FROM jobs WHERE id = ${jobIdExpr});
  ${insertRows(`WHERE j.id = ${jobIdExpr}`)}`

const STATEMENTS = [
  // Prefix indexes: every search word is a prefix query ("capac"), answered from the index.
  `CREATE VIRTUAL TABLE jobs_fts USING fts5(job, customer, site, notes, parts, numbers, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4')`,
  `CREATE TRIGGER jobs_fts_job_insert AFTER INSERT ON jobs BEGIN ${refreshJob('NEW.id')} END`,
  `CREATE TRIGGER jobs_fts_job_update AFTER UPDATE OF id, customer_id, site_address, description, po_number, invoice_number, current_submission_id ON jobs BEGIN ${refreshJob('NEW.id')} END`,
  `CREATE TRIGGER jobs_fts_job_delete AFTER DELETE ON jobs BEGIN DELETE FROM jobs_fts WHERE rowid = OLD.rowid; END`,
  `CREATE TRIGGER jobs_fts_customer_update AFTER UPDATE OF name ON customers BEGIN
     DELETE FROM jobs_fts WHERE rowid IN (SELECT rowid FROM jobs WHERE customer_id = NEW.id);
     ${insertRows('WHERE j.customer_id = NEW.id')}
   END`,
  `CREATE TRIGGER jobs_fts_estimate_insert AFTER INSERT ON estimate_lines BEGIN ${refreshJob('NEW.job_id')} END`,
  `CREATE TRIGGER jobs_fts_estimate_delete AFTER DELETE ON estimate_lines BEGIN ${refreshJob('OLD.job_id')} END`,
  `CREATE TRIGGER jobs_fts_line_insert AFTER INSERT ON submission_lines BEGIN ${refreshJob('(SELECT job_id FROM submissions WHERE id = NEW.submission_id)')} END`,
  `CREATE TRIGGER jobs_fts_line_update AFTER UPDATE ON submission_lines BEGIN ${refreshJob('(SELECT job_id FROM submissions WHERE id = NEW.submission_id)')} END`,
  // Jobs that existed before this migration.
  insertRows(''),
  // The inbox's orders (latest activity, scheduled date) straight from an index at 100,000 jobs.
  // Ties break on rowid, which every index carries, so no sort step is needed.
  `CREATE INDEX jobs_when ON jobs(COALESCE(scheduled_for, created_at))`,
  `CREATE INDEX jobs_status_when ON jobs(status, COALESCE(scheduled_for, created_at))`,
  `CREATE INDEX jobs_updated ON jobs(updated_at)`,
]

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db)
}
