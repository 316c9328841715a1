import type { Insertable, Kysely, Selectable } from 'kysely'
import type { CustomersTable, Database, PriceBookTable } from '../db/schema'

/**
 * The office's customers and price book as the CSV imports (imports.commit) read and write them,
 * on the async path of issue #17: in `trx`, the import's transaction (withTransaction), on the
 * SQLite file or PostgreSQL, and the review's new customer (insertCustomerIn, review-ways-out.ts).
 */

export type CustomerRow = Selectable<CustomersTable>
export type PriceBookRow = Selectable<PriceBookTable>

export async function customersIn(trx: Kysely<Database>): Promise<CustomerRow[]> {
  return trx.selectFrom('customers').selectAll().execute()
}

export async function insertCustomerIn(trx: Kysely<Database>, row: Insertable<CustomersTable>): Promise<void> {
  await trx.insertInto('customers').values(row).execute()
}

export async function updateCustomerIn(
  trx: Kysely<Database>,
  id: string,
  changes: Partial<CustomerRow>,
): Promise<void> {
  await trx.updateTable('customers').set(changes).where('id', '=', id).execute()
}

export async function taxIdsIn(trx: Kysely<Database>): Promise<string[]> {
  return (await trx.selectFrom('taxes').select('id').execute()).map((t) => t.id)
}

export async function priceBookItemsIn(trx: Kysely<Database>): Promise<PriceBookRow[]> {
  return trx.selectFrom('price_book').selectAll().execute()
}

export async function insertPriceBookItemIn(trx: Kysely<Database>, row: PriceBookRow): Promise<void> {
  await trx.insertInto('price_book').values(row).execute()
}

export async function updatePriceBookItemIn(
  trx: Kysely<Database>,
  sku: string,
  changes: Partial<PriceBookRow>,
): Promise<void> {
  await trx.updateTable('price_book').set(changes).where('sku', '=', sku).execute()
}
