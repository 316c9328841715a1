import type { Kysely } from 'kysely'
import type { EngineName } from '../db/engine-db'
import { highestNumbered } from '../db/sql-fragments'
import type { Database } from '../db/schema'

/**
 * The review's new customer and the next customer number, in a withTransaction body on either
 * engine (issue #17). The lookups the screens, Dispatch and the ingest make are in
 * catalog-reads.repo.ts; the CSV imports' writes in catalog-writes.repo.ts.
 */

// The review's new customer (review-ways-out.ts) writes through the CSV import's statement.
export { insertCustomerIn } from './catalog-writes.repo'

/**
 * The highest n of the customers numbered "C-<n>" (null: none yet), in `trx`: inside the
 * transaction that inserts the next customer, so on PostgreSQL two seats that read the same
 * number cannot both commit. SQLite's GLOB is a regular expression on PostgreSQL: the same n.
 */
export async function highestCustomerNumberIn(trx: Kysely<Database>, engine: EngineName): Promise<number | null> {
  const { n: highest, numbered } = highestNumbered(engine, 'C')
  const query = trx.selectFrom('customers').select(highest.as('n')).where(numbered)
  const n = (await query.executeTakeFirst())?.n
  return n == null ? null : Number(n)
}
