import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely'
import { CloseoutError } from '../../errors'
import { MIGRATIONS } from '../migrations/index'
import * as initial from './migrations/2026_11_25_1200_initial'
import * as jobsSearch from './migrations/2026_11_25_1400_jobs_search'
import * as exportBatchFiles from './migrations/2026_11_25_1700_export_batch_files'
import * as pendingReceipts from './migrations/2026_11_25_1800_pending_receipts'
import * as jobsSearchLineTriggers from './migrations/2026_11_25_2000_jobs_search_line_triggers'
import * as payments from './migrations/2026_12_06_1000_payments'
import * as seatClaims from './migrations/seats_2026_12_05_1930_claims'
import * as searchWords from './migrations/seats_2026_12_07_1600_search_words'
import * as searchDocument from './migrations/seats_2026_12_07_1610_search_document'

/**
 * The migrations on PostgreSQL: the office's own list (../migrations/index.ts), name for name,
 * so both engines record the same history. A migration runs as written on both engines unless
 * it is replaced here: only those whose SQL is SQLite's own (STRICT tables, FTS5, SQLite
 * triggers) have a PostgreSQL form. A new migration written with Kysely's schema builder (or in
 * SQL both engines accept) needs nothing here; the PostgreSQL schema guard
 * (tests/integration/db/pg-schema.test.ts) says when one does.
 */
export const PG_FORMS: Record<string, Migration> = {
  '2026_11_25_1200_initial': initial,
  '2026_11_25_1400_jobs_search': jobsSearch,
  '2026_11_25_1700_export_batch_files': exportBatchFiles,
  '2026_11_25_1800_pending_receipts': pendingReceipts,
  '2026_11_25_2000_jobs_search_line_triggers': jobsSearchLineTriggers,
  '2026_12_06_1000_payments': payments,
}

export const PG_MIGRATIONS: Record<string, Migration> = Object.fromEntries(
  Object.entries(MIGRATIONS).map(([name, migration]) => [name, PG_FORMS[name] ?? migration]),
)

/**
 * What only PostgreSQL has (seat claims, the invoice-number sequence, its search splitting words
 * as FTS5 does), recorded in a table of
 * its own so the office's list above can grow in any order without Kysely calling it corrupted.
 */
export const SEAT_MIGRATIONS: Record<string, Migration> = {
  seats_2026_12_05_1930_claims: seatClaims,
  seats_2026_12_07_1600_search_words: searchWords,
  seats_2026_12_07_1610_search_document: searchDocument,
}
const SEAT_TABLE = 'closeout_seat_migration'

const provider = (migrations: Record<string, Migration>): MigrationProvider => ({
  getMigrations: async () => migrations,
})

/** The migrations recorded in `table` (Kysely's bookkeeping), in name order; none when it does not exist. */
export async function appliedMigrations(db: Kysely<unknown>, table = 'kysely_migration'): Promise<string[]> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true })
  if (!tables.some((t) => t.name === table)) return []
  const rows = await db
    .withTables<Record<string, { name: string }>>()
    .selectFrom(table)
    .select('name')
    .orderBy('name')
    .execute()
  return rows.map((r) => r.name)
}

/**
 * Brings a PostgreSQL database to the current schema (an empty one gets every table). Kysely
 * runs PostgreSQL migrations in a transaction under its lock table, so two seats starting at
 * once migrate once. Refuses a database written by a newer Closeout, as the SQLite side does.
 */
export async function migratePostgres<DB>(database: Kysely<DB>): Promise<{ applied: string[] }> {
  const db = database as unknown as Kysely<unknown>
  const ran: string[] = []
  for (const [migrations, table] of [
    [PG_MIGRATIONS, 'kysely_migration'],
    [SEAT_MIGRATIONS, SEAT_TABLE],
  ] as const) {
    const unknown = (await appliedMigrations(db, table)).filter((name) => !(name in migrations))
    if (unknown.length > 0)
      throw new CloseoutError(
        'database-newer',
        `This database was written by a newer version of Closeout (migration ${unknown[0]}); install the newer version to open it`,
      )
    const migrator = new Migrator({
      db,
      provider: provider(migrations),
      ...(table === SEAT_TABLE ? { migrationTableName: SEAT_TABLE, migrationLockTableName: `${SEAT_TABLE}_lock` } : {}),
    })
    const { error, results } = await migrator.migrateToLatest()
    if (error) {
      const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown'
      throw new CloseoutError(
        'migration-failed',
        `Database migration ${failed} failed on PostgreSQL: ${error instanceof Error ? error.message : String(error)}`,
      )
    }
    for (const r of results ?? []) if (r.status === 'Success') ran.push(r.migrationName)
  }
  return { applied: ran }
}

/** Tables the migrations' own bookkeeping uses on either engine: never office data. */
export function isMigrationTable(name: string): boolean {
  return name.startsWith('kysely_') || name.startsWith(SEAT_TABLE)
}
