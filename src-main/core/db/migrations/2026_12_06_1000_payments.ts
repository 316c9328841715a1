import { sql, type Kysely } from 'kysely'

/**
 * payments: what customers paid against Closeout's invoices, imported from the accounting
 * system (core/payments). One row per payment, or per part of a payment that QuickBooks spread
 * over several invoices. `source_key` identifies the row of the file it came from, so the same
 * file imported twice records nothing new.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `CREATE TABLE payments (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        job_id TEXT NOT NULL REFERENCES jobs(id),
        invoice_number TEXT NOT NULL,
        paid_date TEXT NOT NULL,
        amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
        source TEXT NOT NULL,
        source_key TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        imported_by TEXT NOT NULL
      )`,
    )
    .execute(db)
  await sql.raw('CREATE INDEX payments_job ON payments (job_id, paid_date)').execute(db)
  await sql.raw('CREATE INDEX payments_source_key ON payments (source_key)').execute(db)
}
