import type { Kysely } from 'kysely'
import { postgresEngineDb, type EngineDb } from '../../src-main/core/db/engine-db'
import { openPostgres, type PgDatabase } from '../../src-main/core/db/pg/pool'

/**
 * Seats of one PostgreSQL office for the concurrency tests of issue #17: each its own pool of
 * one connection, already connected (so their transactions start together), as PCs would be.
 * `close` ends them.
 */
export async function openSeats(url: string, count: number): Promise<{ seats: EngineDb[]; close(): Promise<void> }> {
  const pools: Kysely<PgDatabase>[] = Array.from({ length: count }, () => openPostgres(url, { max: 1 }))
  const seats = pools.map((pool) => postgresEngineDb(pool))
  for (const seat of seats) await seat.db.selectFrom('company').select('id').limit(1).execute()
  return {
    seats,
    async close() {
      for (const pool of pools) await pool.destroy()
    },
  }
}

/** How a call ended as the user is told: 'written', or the refusal's code, message and field paths. */
export async function outcomeOf(
  call: Promise<unknown>,
): Promise<'written' | { code: string | undefined; message: string; details: unknown }> {
  try {
    await call
    return 'written'
  } catch (error) {
    const e = error as { code?: string; message: string; details?: unknown }
    return { code: e.code, message: e.message, details: e.details }
  }
}
