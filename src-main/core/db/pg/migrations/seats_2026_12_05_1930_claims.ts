import { sql, type Kysely } from 'kysely'

/**
 * PostgreSQL only (several seats share one database; a SQLite office has one seat):
 *
 * - seat_claims: one row per inbox bundle a seat has seen. A seat ingests a bundle only while it
 *   holds the row's lease (seat_id, expires_at on the database's clock), archives it only while
 *   still holding it, and marks it done; a lease left to expire (the seat died) is taken over.
 * - invoice_numbers: the one sequence every seat draws invoice numbers from, so two seats
 *   exporting at the same moment never share one. `closeout db migrate` starts it at the
 *   office's next number.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('seat_claims')
    .addColumn('bundle', 'text', (c) => c.primaryKey())
    .addColumn('seat_id', 'text')
    .addColumn('expires_at', 'timestamptz')
    .addColumn('claimed_at', 'timestamptz')
    .addColumn('claims', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('first_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('done_at', 'timestamptz')
    .execute()
  // The waiting bundles, in the order seats take them.
  await db.schema
    .createIndex('seat_claims_waiting')
    .on('seat_claims')
    .columns(['first_seen_at', 'bundle'])
    .where(sql.ref('done_at'), 'is', null)
    .execute()
  // The builder has no CREATE SEQUENCE.
  await sql`CREATE SEQUENCE invoice_numbers AS bigint MINVALUE 1 START 1001`.execute(db)
}
