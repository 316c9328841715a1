import { sql, type Kysely } from 'kysely'

/** users.technician_id: the technician a user works as (setup file v1.1), so self-approval is refused by person. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw('ALTER TABLE users ADD COLUMN technician_id TEXT').execute(db)
}
