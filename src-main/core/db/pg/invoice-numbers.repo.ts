import { sql, type Kysely } from 'kysely'
import type { PgDatabase } from './pool'

/**
 * Invoice numbers on PostgreSQL (issue #17): one database sequence (`invoice_numbers`) for every
 * seat, so two seats exporting at the same moment never share a number. A sequence never goes
 * back, even when the transaction that drew a number rolls back (that number is then skipped,
 * as an export that failed half-way skips it on paper too).
 */
export async function drawInvoiceNumbers(db: Kysely<PgDatabase>, count: number): Promise<number[]> {
  if (!Number.isSafeInteger(count) || count < 1) return []
  const rows = await sql<{
    n: number
  }>`SELECT nextval('invoice_numbers') AS n FROM generate_series(1, ${count}::int)`.execute(db)
  return rows.rows.map((r) => r.n)
}

/** Moves the sequence forward to at least `next` (Settings raised the next number); never back. */
export async function raiseNextInvoiceNumber(db: Kysely<PgDatabase>, next: number): Promise<void> {
  await sql`SELECT setval('invoice_numbers', greatest(${next}::bigint, (SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END FROM invoice_numbers)), false)`.execute(
    db,
  )
}

/** Starts the sequence at `next`, up or down: only for an office that has never drawn a number (its first company). */
export async function startInvoiceNumbers(db: Kysely<PgDatabase>, next: number): Promise<void> {
  await sql`SELECT setval('invoice_numbers', ${next}::bigint, false)`.execute(db)
}

/** The number the sequence gives next, without drawing it (a preflight's provisional numbering, Settings). */
export async function peekNextInvoiceNumber(db: Kysely<PgDatabase>): Promise<number> {
  const rows = await sql<{
    n: number
  }>`SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END AS n FROM invoice_numbers`.execute(db)
  return Number(rows.rows[0]!.n)
}
