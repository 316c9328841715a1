import type { Kysely } from 'kysely'
import { first, type Db } from '../db/connection'
import type { EngineName } from '../db/engine-db'
import { highestNumbered } from '../db/sql-fragments'
import type { Database } from '../db/schema'
import { catalogRecordQuery, customerAddressQuery } from './catalog-reads.repo'

/**
 * Lookups in the office's reference records (customers, technicians, job types, the price book
 * and labor rates) that ingest and the demo make while checking what a closeout names, on the
 * synchronous path (issue #17): each runs in one synchronous turn with the transaction it checks
 * for. The lists the screens show and Dispatch's and the
 * review's checks (catalogHasIn) are async in catalog-reads.repo.ts; the CSV imports' writes and
 * the review's new customer in catalog-writes.repo.ts.
 */

export const hasTechnician = ({ sqlite, db }: Db, id: string): boolean =>
  first(sqlite, catalogRecordQuery(db, 'technician', id)) !== undefined

export const hasJobType = ({ sqlite, db }: Db, id: string): boolean =>
  first(sqlite, catalogRecordQuery(db, 'jobType', id)) !== undefined

/** The first customer (by id) with exactly this name: a field job names its customer, not an id. */
export function customerIdByName({ sqlite, db }: Db, name: string): string | undefined {
  return first(sqlite, db.selectFrom('customers').select('id').where('name', '=', name).orderBy('id').limit(1))?.id
}

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
