import { createHash } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import type { Database } from '../schema'

/**
 * PostgreSQL session advisory locks: held by the connection that took them until it gives them
 * back or ends (a seat that dies lets go), whatever transactions it runs in between. A fixed key
 * stands for one kind of writer (engine-db.ts `oneAtATime`, ONE_AT_A_TIME); a named lock for one
 * thing being done (mail/send-packet.ts: a job's packet being sent).
 */

/** Waits until no other connection holds `key`, then holds it. */
export async function holdAdvisoryLock(connection: Kysely<Database>, key: number): Promise<void> {
  await sql`SELECT pg_advisory_lock(${key})`.execute(connection)
}

export async function releaseAdvisoryLock(connection: Kysely<Database>, key: number): Promise<void> {
  await sql`SELECT pg_advisory_unlock(${key})`.execute(connection)
}

/**
 * A lock named by text (a job being sent: 'send:J-1042'): its key is the first 63 bits of the
 * name's SHA-256, so two names never meet in practice, nor a named lock the fixed keys above.
 */
function keyOf(name: string): string {
  return (BigInt(`0x${createHash('sha256').update(name).digest('hex').slice(0, 16)}`) >> 1n).toString()
}

/** Holds the lock named `name` if no other connection holds it; false at once if one does. */
export async function tryHoldNamedLock(connection: Kysely<Database>, name: string): Promise<boolean> {
  const { rows } = await sql<{ held: boolean }>`SELECT pg_try_advisory_lock(${keyOf(name)}::bigint) AS held`.execute(
    connection,
  )
  return rows[0]?.held === true
}

export async function releaseNamedLock(connection: Kysely<Database>, name: string): Promise<void> {
  await sql`SELECT pg_advisory_unlock(${keyOf(name)}::bigint)`.execute(connection)
}
