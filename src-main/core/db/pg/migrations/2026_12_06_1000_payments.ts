import { sql, type Kysely } from 'kysely'

/** PostgreSQL form of ../../migrations/2026_12_06_1000_payments.ts (the id is an identity there). */
export async function up(db: Kysely<unknown>): Promise<void> {
  const INT = 'bigint'
  await db.schema
    .createTable('payments')
    .addColumn('id', INT, (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('job_id', 'text', (c) => c.notNull().references('jobs.id'))
    .addColumn('invoice_number', 'text', (c) => c.notNull())
    .addColumn('paid_date', 'text', (c) => c.notNull())
    .addColumn('amount_cents', INT, (c) => c.notNull().check(sql`amount_cents > 0`))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('source_key', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addColumn('imported_by', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('payments_job').on('payments').columns(['job_id', 'paid_date']).execute()
  await db.schema.createIndex('payments_source_key').on('payments').column('source_key').execute()
}
