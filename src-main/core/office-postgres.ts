import { appliedMigrations, isMigrationTable, migratePostgres } from './db/pg/migrations'
import { bridgeOfficeEvents } from './db/pg/live-events'
import { explainConnectionError, TEST_TIMEOUT_MS } from './db/pg/connection-test'
import { openPostgres } from './db/pg/pool'
import type { DatabaseEngine } from './db/pg/engine'
import type { Database } from './db/schema'
import type { Kysely } from 'kysely'
import { CloseoutError } from './errors'
import { refoldSummaryIfStale } from './metrics/metrics.repo'
import type { OfficeEmitter, OfficeOptions, PostgresOffice } from './office'
import type { Seat } from './seat'
import { openFormState } from './db/seat-state.repo'

/** How long a seat waits for the server when it opens the office before saying why it cannot. */
const CONNECT_TIMEOUT_MS = TEST_TIMEOUT_MS

export interface PostgresOfficeParts {
  dataDir: string
  sharedDir: string
  attachmentsDir: string
  seat: Seat
  database: Extract<DatabaseEngine, { engine: 'postgres' }>
  events: OfficeEmitter
  options: OfficeOptions
}

/**
 * The office on PostgreSQL (issue #17, docs/multi-seat.md): the rows on the server every seat
 * shares; this PC keeps its data folder (seat id, the form's phone sessions, its settings
 * files) and joins the other seats' live updates through LISTEN/NOTIFY. The database must hold
 * a Closeout office already (closeout db migrate --to …): an empty one or someone else's tables
 * are refused, so a wrong connection string never starts a second, empty office.
 */
export async function openPostgresOffice(parts: PostgresOfficeParts): Promise<PostgresOffice> {
  const { database, seat, events } = parts
  const pg = openPostgres(database.url, {
    max: 8,
    applicationName: `closeout ${seat.name}`.slice(0, 63),
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  })
  try {
    await checkHoldsAnOffice(pg as unknown as Kysely<unknown>, database)
    await migratePostgres(pg)
  } catch (error) {
    await pg.destroy().catch(() => undefined)
    if (error instanceof CloseoutError) throw error
    const why = explainConnectionError(error, database.display, new URL(database.url))
    throw new CloseoutError(`database-${why.reason}`, why.message)
  }
  const db = pg as unknown as Kysely<Database>
  const seatState = openFormState(parts.dataDir)
  const live = bridgeOfficeEvents(events, database.url, {
    seatId: seat.id,
    applicationName: `closeout ${seat.name} live`.slice(0, 63),
  })
  let closed = false
  const office: PostgresOffice = {
    dataDir: parts.dataDir,
    sharedDir: parts.sharedDir,
    attachmentsDir: parts.attachmentsDir,
    nativeBinding: parts.options.nativeBinding,
    engine: 'postgres',
    db,
    database,
    seatState,
    seat,
    events,
    mailPassword: parts.options.mailPassword,
    databaseChoice: parts.options.databaseChoice,
    async close() {
      if (closed) return
      closed = true
      events.removeAllListeners()
      await live.close()
      seatState.close()
      await pg.destroy()
    },
  }
  try {
    await live.ready
    // The dashboard's summary of the log, folded again if the fold changed since it was written.
    await refoldSummaryIfStale(office)
  } catch (error) {
    await office.close()
    throw error
  }
  return office
}

/** Refuses an empty database (move the office there first) and one holding someone else's tables. */
async function checkHoldsAnOffice(db: Kysely<unknown>, database: { display: string }): Promise<void> {
  if ((await appliedMigrations(db)).length > 0) return
  const tables = (await db.introspection.getTables({ withInternalKyselyTables: true })).filter(
    (t) => !isMigrationTable(t.name),
  )
  if (tables.length === 0)
    throw new CloseoutError(
      'database-empty',
      `${database.display} holds no Closeout office yet: move one there first with closeout db migrate --to … (docs/multi-seat.md)`,
    )
  throw new CloseoutError(
    'database-not-closeout',
    `${database.display} holds ${tables.length} tables that are not a Closeout office: give Closeout a database of its own`,
  )
}
