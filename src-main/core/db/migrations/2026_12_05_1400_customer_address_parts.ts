import { sql, type Kysely } from 'kysely'

/**
 * Structured customer addresses (setup file v1.1): street lines, city, region, postal code and
 * country, for the accounting systems that want them apart (Xero's PO* columns, QuickBooks
 * Desktop's address lines). `customers.address` stays the one-line form every screen shows; an
 * address given as one line is kept as line 1.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`ALTER TABLE customers ADD COLUMN address_line1 TEXT NOT NULL DEFAULT ''`).execute(db)
  await sql.raw(`UPDATE customers SET address_line1 = address`).execute(db)
  for (const column of ['address_line2', 'city', 'region', 'postal_code', 'country'])
    await sql.raw(`ALTER TABLE customers ADD COLUMN ${column} TEXT NOT NULL DEFAULT ''`).execute(db)
}
