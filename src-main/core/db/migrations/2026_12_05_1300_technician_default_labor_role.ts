import { sql, type Kysely } from 'kysely'

/**
 * technicians.default_labor_role: the labor role a technician's new labor lines start with on
 * the phone (setup file v1.1 `technicians[].defaultLaborRole`); null: the job's estimate decides.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`ALTER TABLE technicians ADD COLUMN default_labor_role TEXT`).execute(db)
}
