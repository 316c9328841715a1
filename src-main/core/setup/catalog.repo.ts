import type { Kysely } from 'kysely'
import { first, type Db } from '../db/connection'
import type { EngineName } from '../db/engine-db'
import { highestNumbered } from '../db/sql-fragments'
import type { Database } from '../db/schema'
import { customerAddressQuery } from './catalog-reads.repo'

/**
 * Lookups in the office's reference records (a customer's address, the price book's and labor
 * rates' taxability) that the demo's history makes on the synchronous path (issue #17); the
 * ingest's are async in catalog-reads.repo.ts (catalogHasIn, customerIdByNameIn, taxabilityIn). The lists the screens show and Dispatch's and the
 * review's checks (catalogHasIn) are async in catalog-reads.repo.ts; the CSV imports' writes and
 * the review's new customer in catalog-writes.repo.ts.
 */

export function customerAddress({ sqlite, db }: Db, id: string): string | undefined {
  return first(sqlite, customerAddressQuery(db, id))?.address
}

/** 0/1 as the labor rate says (undefined: no such role). */
export function laborRateTaxable({ sqlite, db }: Db, role: string): number | undefined {
  return first(sqlite, db.selectFrom('labor_rates').select('taxable').where('role', '=', role))?.taxable
}

/** 0/1 as the price book says (undefined: no such item). */
export function priceBookTaxable({ sqlite, db }: Db, sku: string): number | undefined {
  return first(sqlite, db.selectFrom('price_book').select('taxable').where('sku', '=', sku))?.taxable
}

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
