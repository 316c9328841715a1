import { first, type Db } from '../db/connection'

/**
 * Lookups in the office's reference records (customers, technicians, job types, the price book
 * and labor rates) that the inbox and dispatch make while checking what a closeout or a job
 * names. The setup file and the imports own their writes.
 */

export const hasCustomer = ({ sqlite, db }: Db, id: string): boolean =>
  first(sqlite, db.selectFrom('customers').select('id').where('id', '=', id)) !== undefined

export const hasTechnician = ({ sqlite, db }: Db, id: string): boolean =>
  first(sqlite, db.selectFrom('technicians').select('id').where('id', '=', id)) !== undefined

export const hasJobType = ({ sqlite, db }: Db, id: string): boolean =>
  first(sqlite, db.selectFrom('job_types').select('id').where('id', '=', id)) !== undefined

export const hasPriceBookItem = ({ sqlite, db }: Db, sku: string): boolean =>
  first(sqlite, db.selectFrom('price_book').select('sku').where('sku', '=', sku)) !== undefined

export const hasLaborRate = ({ sqlite, db }: Db, role: string): boolean =>
  first(sqlite, db.selectFrom('labor_rates').select('role').where('role', '=', role)) !== undefined

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
