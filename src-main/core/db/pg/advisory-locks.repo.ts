import { sql, type Kysely } from 'kysely'
import type { Database } from '../schema'

/**
 * PostgreSQL session advisory locks (engine-db.ts `oneAtATime`): held by the connection that took
 * them until it gives them back or ends, whatever transactions it runs in between. Each key
 * stands for one kind of writer (engine-db.ts ONE_AT_A_TIME).
 */

/** Waits until no other connection holds `key`, then holds it. */
export async function holdAdvisoryLock(connection: Kysely<Database>, key: number): Promise<void> {
  await sql`SELECT pg_advisory_lock(${key})`.execute(connection)
}

export async function releaseAdvisoryLock(connection: Kysely<Database>, key: number): Promise<void> {
  await sql`SELECT pg_advisory_unlock(${key})`.execute(connection)
}
