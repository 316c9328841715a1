import type { Kysely } from 'kysely'
import { EVENT_LOG_HEAD_KEY, EventChain, type LogVerdict } from '../../lifecycle/event-log'
import { CloseoutError } from '../../errors'
import type { DatabaseEngine } from './engine'
import { openPostgres, type PgDatabase } from './pool'

const PAGE = 5000

/**
 * verify-log over PostgreSQL, read-only: the same chain walk as the SQLite office's
 * (lifecycle/event-log.ts EventChain), over the rows in id order a page at a time.
 */
export async function verifyPostgresEventLog(db: Kysely<PgDatabase>): Promise<LogVerdict> {
  const chain = new EventChain()
  let after = 0
  for (;;) {
    const rows = await db
      .selectFrom('job_events')
      .selectAll()
      .where('id', '>', after)
      .orderBy('id')
      .limit(PAGE)
      .execute()
    for (const row of rows) {
      const broken = chain.next(row)
      if (broken) return broken
    }
    if (rows.length < PAGE) break
    after = rows[rows.length - 1]!.id
  }
  const head = await db
    .selectFrom('settings')
    .select('value_json')
    .where('key', '=', EVENT_LOG_HEAD_KEY)
    .executeTakeFirst()
  return chain.end(head ? (JSON.parse(head.value_json) as { id: number; hash: string }) : undefined)
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
