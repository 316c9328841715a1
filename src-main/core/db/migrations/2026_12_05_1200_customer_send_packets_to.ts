import { sql, type Kysely } from 'kysely'

/**
 * customers.send_packets_to_json: the addresses a customer's invoice packets go to (setup file
 * v1.1 `customers[].sendPacketsTo`); an empty list means the customer's own e-mail.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`ALTER TABLE customers ADD COLUMN send_packets_to_json TEXT NOT NULL DEFAULT '[]'`).execute(db)
}
