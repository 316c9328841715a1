import type { Kysely } from 'kysely'

/** PostgreSQL's form of migrations/2026_11_25_1800_pending_receipts.ts (no STRICT). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('pending_receipts')
    .addColumn('submission_id', 'text', (c) => c.primaryKey())
    .addColumn('since', 'text', (c) => c.notNull())
    .execute()
}
