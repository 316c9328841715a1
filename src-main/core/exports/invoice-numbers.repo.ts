import type { Kysely } from 'kysely'
import type { EngineName } from '../db/engine-db'
import {
  drawInvoiceNumbers,
  peekNextInvoiceNumber,
  raiseNextInvoiceNumber,
  startInvoiceNumbers,
} from '../db/pg/invoice-numbers.repo'
import type { PgDatabase } from '../db/pg/pool'
import type { Database } from '../db/schema'
import { freeNumbers } from './export-invoice'

/**
 * Where an export's invoice numbers come from (issue #17), the one place the engines differ:
 * - SQLite: the company row's next number, as always. The export's transaction holds the file's
 *   write lock from its first statement, so no other export can read the same number.
 * - PostgreSQL: the one database sequence every seat draws from (db/pg/invoice-numbers.repo.ts),
 *   so two seats exporting at the same moment never share a number. A number drawn by an export
 *   that then rolls back is skipped, as one spoiled on paper would be.
 * Either way a number some job already carries is never given again.
 */

/** The number the next export would start from (nothing is reserved): a preflight's numbering. */
export async function peekInvoiceNumber(
  db: Kysely<Database>,
  engine: EngineName,
  companyNext: number,
): Promise<number> {
  return engine === 'postgres' ? peekNextInvoiceNumber(pg(db)) : companyNext
}

/**
 * `count` numbers for an export's new invoices, in order, none of them `taken` (numbers some job
 * already carries, with the company's prefix applied by `taken`). In the export's transaction
 * `trx`; on SQLite it also moves the company's next number past the last one given.
 */
export async function takeInvoiceNumbers(
  trx: Kysely<Database>,
  engine: EngineName,
  count: number,
  taken: (n: number) => boolean,
  companyNext: number,
): Promise<number[]> {
  if (engine === 'postgres') {
    const numbers: number[] = []
    while (numbers.length < count) {
      const drawn = await drawInvoiceNumbers(pg(trx), count - numbers.length)
      numbers.push(...drawn.filter((n) => !taken(n)))
    }
    return numbers
  }
  const numbers = freeNumbers(companyNext, count, taken)
  const next = numbers.length === 0 ? companyNext : numbers[numbers.length - 1]! + 1
  await trx.updateTable('company').set({ next_invoice_number: next }).where('id', '=', 1).execute()
  return numbers
}

/**
 * Settings saved a next invoice number: the company row keeps it on both engines (the setup file
 * and Settings show it) and, on PostgreSQL, the sequence is raised to it, never lowered: a
 * number another seat has already drawn is never given again.
 */
export async function saveNextInvoiceNumberIn(trx: Kysely<Database>, engine: EngineName, next: number): Promise<void> {
  await trx.updateTable('company').set({ next_invoice_number: next }).where('id', '=', 1).execute()
  if (engine === 'postgres') await raiseNextInvoiceNumber(pg(trx), next)
}

/**
 * The office's first company (a setup file into an office without one) sets where the invoice
 * numbers start; on PostgreSQL the sequence starts there, up or down, since nothing was drawn yet.
 */
export async function startInvoiceNumbersIn(trx: Kysely<Database>, engine: EngineName, next: number): Promise<void> {
  await trx.updateTable('company').set({ next_invoice_number: next }).where('id', '=', 1).execute()
  if (engine === 'postgres') await startInvoiceNumbers(pg(trx), next)
}

/** The company row's next number moved up to `next` where it is lower; never backwards (either engine). */
export const companyNextRaise = (db: Kysely<Database>, next: number) =>
  db
    .updateTable('company')
    .set({ next_invoice_number: next })
    .where('id', '=', 1)
    .where('next_invoice_number', '<', next)

/**
 * Invoice numbers that came back (a rebuild from the archive's receipts) must never be given
 * again: the next number moves past them, never backwards, on the company row and, on
 * PostgreSQL, the shared sequence. In `trx`.
 */
export async function raiseInvoiceNumbersIn(trx: Kysely<Database>, engine: EngineName, next: number): Promise<void> {
  await companyNextRaise(trx, next).execute()
  if (engine === 'postgres') await raiseNextInvoiceNumber(pg(trx), next)
}

/** The same connection seen with PostgreSQL's own tables (the sequence is not one of the office's tables). */
function pg(db: Kysely<Database>): Kysely<PgDatabase> {
  return db as unknown as Kysely<PgDatabase>
}
