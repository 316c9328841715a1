import type { Kysely } from 'kysely'
import { verifyEventLogIn, type LogVerdict } from '../../lifecycle/event-log'
import type { Database } from '../schema'
import { CloseoutError } from '../../errors'
import type { DatabaseEngine } from './engine'
import { openPostgres, type PgDatabase } from './pool'

/** verify-log over PostgreSQL, read-only: lifecycle/event-log.ts verifyEventLogIn on its rows. */
export async function verifyPostgresEventLog(db: Kysely<PgDatabase>): Promise<LogVerdict> {
  return verifyEventLogIn(db as unknown as Kysely<Database>)
}

/** Opens the database, verifies, closes: `closeout --database postgres://… verify-log`. */
export async function verifyEventLogOnPostgres(
  engine: Extract<DatabaseEngine, { engine: 'postgres' }>,
): Promise<LogVerdict> {
  const db = openPostgres(engine.url, { max: 1, applicationName: 'closeout verify-log' })
  try {
    return await verifyPostgresEventLog(db)
  } catch (error) {
    throw new CloseoutError(
      'database-unreachable',
      `Cannot read the event log on ${engine.display}: ${error instanceof Error ? error.message : String(error)}`,
    )
  } finally {
    await db.destroy()
  }
}
