import { type Insertable, type Kysely, type Selectable } from 'kysely'
import { all, first, run, type Db } from '../db/connection'
import type { EngineName } from '../db/engine-db'
import { highestNumbered } from '../db/sql-fragments'
import type { CustomersTable, Database, PriceBookTable } from '../db/schema'
import { catalogRecordQuery } from './catalog-reads.repo'

/**
 * Lookups in the office's reference records (customers, technicians, job types, the price book
 * and labor rates) that the inbox and dispatch make while checking what a closeout or a job
 * names, and the CSV imports' writes. The setup file and the imports own their writes.
 *
 * Still on the synchronous path (issue #17): each caller here runs in one synchronous turn with
 * the transaction it checks for (the review's reference checks and the synchronous dispatch
 * writers it uses, ingest, the CSV imports' plan and commit, the demo), and moves with the
 * writers. The lists the screens show, and Dispatch's own checks (catalogHasIn), are on the
 * async path in catalog-reads.repo.ts.
 */

export const hasCustomer = ({ sqlite, db }: Db, id: string): boolean =>
  first(sqlite, catalogRecordQuery(db, 'customer', id)) !== undefined

export const hasTechnician = ({ sqlite, db }: Db, id: string): boolean =>
  first(sqlite, catalogRecordQuery(db, 'technician', id)) !== undefined

export const hasJobType = ({ sqlite, db }: Db, id: string): boolean =>
  first(sqlite, catalogRecordQuery(db, 'jobType', id)) !== undefined

export const hasPriceBookItem = ({ sqlite, db }: Db, sku: string): boolean =>
  first(sqlite, catalogRecordQuery(db, 'priceBookItem', sku)) !== undefined

export const hasLaborRate = ({ sqlite, db }: Db, role: string): boolean =>
  first(sqlite, catalogRecordQuery(db, 'laborRate', role)) !== undefined

/** The first customer (by id) with exactly this name: a field job names its customer, not an id. */
export function customerIdByName({ sqlite, db }: Db, name: string): string | undefined {
  return first(sqlite, db.selectFrom('customers').select('id').where('name', '=', name).orderBy('id').limit(1))?.id
}

export function customerAddress({ sqlite, db }: Db, id: string): string | undefined {
  return first(sqlite, db.selectFrom('customers').select('address').where('id', '=', id))?.address
}

/** 0/1 as the labor rate says (undefined: no such role). */
export function laborRateTaxable({ sqlite, db }: Db, role: string): number | undefined {
  return first(sqlite, db.selectFrom('labor_rates').select('taxable').where('role', '=', role))?.taxable
}

/** 0/1 as the price book says (undefined: no such item). */
export function priceBookTaxable({ sqlite, db }: Db, sku: string): number | undefined {
  return first(sqlite, db.selectFrom('price_book').select('taxable').where('sku', '=', sku))?.taxable
}

export type CustomerRow = Selectable<CustomersTable>

export function allCustomers({ sqlite, db }: Db): CustomerRow[] {
  return all(sqlite, db.selectFrom('customers').selectAll())
}

const customerInsert = (db: Kysely<Database>, row: Insertable<CustomersTable>) => db.insertInto('customers').values(row)

export function insertCustomer({ sqlite, db }: Db, row: Insertable<CustomersTable>): void {
  run(sqlite, customerInsert(db, row))
}

/** insertCustomer on the async path (issue #17): in `trx`, a withTransaction body's transaction. */
export async function insertCustomerIn(trx: Kysely<Database>, row: Insertable<CustomersTable>): Promise<void> {
  await customerInsert(trx, row).execute()
}

export function updateCustomer({ sqlite, db }: Db, id: string, changes: Partial<CustomerRow>): void {
  run(sqlite, db.updateTable('customers').set(changes).where('id', '=', id))
}

export function taxIds({ sqlite, db }: Db): string[] {
  return all(sqlite, db.selectFrom('taxes').select('id')).map((t) => t.id)
}

export type PriceBookRow = Selectable<PriceBookTable>

export function allPriceBookItems({ sqlite, db }: Db): PriceBookRow[] {
  return all(sqlite, db.selectFrom('price_book').selectAll())
}

export function insertPriceBookItem({ sqlite, db }: Db, row: PriceBookRow): void {
  run(sqlite, db.insertInto('price_book').values(row))
}

export function updatePriceBookItem({ sqlite, db }: Db, sku: string, changes: Partial<PriceBookRow>): void {
  run(sqlite, db.updateTable('price_book').set(changes).where('sku', '=', sku))
}

/**
 * Id and name of every customer, job type or technician: a CSV column may name either. The
 * synchronous form for the CSV import's plan and the dashboard (not converted yet); the async
 * one is catalog-reads.repo.ts `idsAndNames`.
 */
export function idsAndNames(
  { sqlite, db }: Db,
  table: 'customers' | 'job_types' | 'technicians',
): { id: string; name: string }[] {
  return all(sqlite, db.selectFrom(table).select(['id', 'name']))
}

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
