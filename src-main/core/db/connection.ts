import BetterSqlite3 from 'better-sqlite3'
import { mkdirSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import {
  DummyDriver,
  Kysely,
  Migrator,
  SqliteAdapter,
  SqliteDialect,
  SqliteIntrospector,
  SqliteQueryCompiler,
  sql,
  type Compilable,
  type InferResult,
  type Migration,
  type MigrationProvider,
  type SqliteDatabase,
} from 'kysely'
import { CloseoutError } from '../errors'
import { MIGRATIONS } from './migrations/index'
import type { Database } from './schema'

export type Sqlite = BetterSqlite3.Database

/**
 * What a repository function takes first: the typed builder that writes its SQL and the
 * connection that runs it synchronously (`first`, `all`, `run` below). The office is one.
 */
export interface Db {
  readonly sqlite: Sqlite
  readonly db: Kysely<Database>
}

export interface OpenedDatabase {
  sqlite: Sqlite
  db: Kysely<Database>
  /** Files written by the pre-migration backup, if any migration ran. */
  backupPath: string | null
}

/**
 * Opens (creating if needed) `<dataDir>/closeout.sqlite`: WAL, synchronous=FULL (a commit
 * survives power loss before the inbox moves the source bundle), foreign keys, busy_timeout.
 * Backs up before migrating and refuses a database written by a newer Closeout.
 */
export async function openDatabase(
  dataDir: string,
  options: { nativeBinding?: string; migrations?: Record<string, Migration> } = {},
): Promise<OpenedDatabase> {
  mkdirSync(dataDir, { recursive: true })
  const file = join(dataDir, 'closeout.sqlite')
  const existed = existsSync(file)
  const sqlite = new BetterSqlite3(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
  try {
    sqlite.pragma('journal_mode = WAL')
    sqlite.pragma('synchronous = FULL')
    sqlite.pragma('foreign_keys = ON')
    sqlite.pragma('busy_timeout = 5000')
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachedStatements(sqlite) }) })
    const backupPath = await migrate(sqlite, db, dataDir, existed, options.migrations ?? MIGRATIONS)
    return { sqlite, db, backupPath }
  } catch (error) {
    sqlite.close()
    throw error
  }
}

async function migrate(
  sqlite: Sqlite,
  db: Kysely<Database>,
  dataDir: string,
  existed: boolean,
  migrations: Record<string, Migration>,
): Promise<string | null> {
  const known = Object.keys(migrations)
  const applied = appliedMigrations(sqlite)
  const unknown = applied.filter((name) => !known.includes(name))
  if (unknown.length > 0) {
    throw new CloseoutError(
      'database-newer',
      `This data folder was written by a newer version of Closeout (migration ${unknown[0]}); install the newer version to open it`,
    )
  }
  const pending = known.filter((name) => !applied.includes(name))
  if (pending.length === 0) return null
  let backupPath: string | null = null
  const hasData =
    (sqlite.prepare(`SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table'`).get() as { n: number }).n > 0
  if (existed && hasData) {
    const dir = join(dataDir, 'backups')
    mkdirSync(dir, { recursive: true })
    backupPath = join(dir, `before-${pending[0]}-${new Date().toISOString().replace(/[:.]/g, '-')}.sqlite`)
    await sqlite.backup(backupPath)
  }
  const provider: MigrationProvider = { getMigrations: async () => migrations }
  const migrator = new Migrator({ db, provider })
  // One migration per call, each in its own transaction. Kysely does not wrap SQLite migrations
  // (its adapter reports no transactional DDL, kysely-org/kysely#56), so the transaction is
  // opened here on the same connection: the schema change and its kysely_migration row commit
  // together or not at all.
  for (let i = 0; i < pending.length; i++) {
    sqlite.exec('BEGIN IMMEDIATE')
    try {
      const { error, results } = await migrator.migrateUp()
      if (error) {
        const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown'
        throw new CloseoutError('migration-failed', `Database migration ${failed} failed: ${String(error)}`)
      }
      sqlite.exec('COMMIT')
    } catch (error) {
      if (sqlite.inTransaction) sqlite.exec('ROLLBACK')
      throw error
    }
  }
  return backupPath
}

/** The migrations applied to a database, oldest first (empty for a database Closeout never opened). */
export function appliedMigrations(sqlite: Sqlite): string[] {
  const table = sqlite.prepare(`SELECT name FROM sqlite_master WHERE type='table' AND name='kysely_migration'`).get()
  if (!table) return []
  return (sqlite.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as { name: string }[]).map(
    (r) => r.name,
  )
}

/**
 * Prepared statements by SQL text, per connection. Preparing costs more than running a small
 * statement; the ingest path runs the same few dozen statements for every bundle.
 */
const statementCache = new WeakMap<Sqlite, Map<string, BetterSqlite3.Statement>>()
const MAX_CACHED = 500

export function prepareCached(sqlite: Sqlite, sqlText: string): BetterSqlite3.Statement {
  let cache = statementCache.get(sqlite)
  if (!cache) statementCache.set(sqlite, (cache = new Map()))
  let stmt = cache.get(sqlText)
  if (!stmt) {
    if (cache.size >= MAX_CACHED) cache.clear()
    stmt = sqlite.prepare(sqlText)
    cache.set(sqlText, stmt)
  }
  return stmt
}

/**
 * The connection as Kysely's SqliteDialect sees it, with its statements prepared once through
 * the same cache as the synchronous helpers below: the async path (`.execute()`) runs on the
 * office's one connection, so it reads and writes exactly what the synchronous path does.
 */
function cachedStatements(sqlite: Sqlite): SqliteDatabase {
  return {
    prepare: (sqlText: string) => prepareCached(sqlite, sqlText),
    close: () => sqlite.close(),
  }
}

/**
 * Connections with an async transaction open (engine-db.ts `withTransaction`). While one is
 * open, the synchronous helpers refuse to run on that connection: their statement would
 * silently join (and commit or roll back with) somebody else's transaction.
 */
const asyncTransactions = new WeakSet<Sqlite>()

export function markAsyncTransaction(sqlite: Sqlite, open: boolean): void {
  if (open) asyncTransactions.add(sqlite)
  else asyncTransactions.delete(sqlite)
}

function syncPathAllowed(sqlite: Sqlite): void {
  if (asyncTransactions.has(sqlite))
    throw new CloseoutError(
      'sync-in-async-transaction',
      'A synchronous query ran while an async transaction was open on the same SQLite connection (see withTransaction in core/db/engine-db.ts)',
    )
}

/**
 * Synchronous execution of a Kysely-built query on the same connection, so a service can do
 * several typed statements inside one better-sqlite3 transaction without awaiting. This is the
 * path areas leave for `.execute()` (issue #17, tests/unit/core/db/sync-path.test.ts).
 */
export function all<Q extends Compilable>(sqlite: Sqlite, query: Q): InferResult<Q> {
  syncPathAllowed(sqlite)
  const compiled = query.compile()
  const stmt = prepareCached(sqlite, compiled.sql)
  const params = compiled.parameters as unknown[]
  if (stmt.reader) return stmt.all(...params) as InferResult<Q>
  stmt.run(...params)
  return [] as unknown as InferResult<Q>
}

export function first<Q extends Compilable>(sqlite: Sqlite, query: Q): InferResult<Q>[number] | undefined {
  syncPathAllowed(sqlite)
  const compiled = query.compile()
  return prepareCached(sqlite, compiled.sql).get(...(compiled.parameters as unknown[])) as
    InferResult<Q>[number] | undefined
}

/**
 * Rows as arrays in the select's column order: much cheaper than objects when reading thousands
 * (the lines of a whole approvals listing). The statement is shared through the cache, so its
 * raw mode is switched back before anyone else runs it.
 */
export function tuples(sqlite: Sqlite, query: Compilable): unknown[][] {
  syncPathAllowed(sqlite)
  const compiled = query.compile()
  const stmt = prepareCached(sqlite, compiled.sql)
  try {
    return stmt.raw(true).all(...(compiled.parameters as unknown[])) as unknown[][]
  } finally {
    stmt.raw(false)
  }
}

/** Rows one at a time, for reads too long to hold at once (the whole event log). */
export function each<Q extends Compilable>(sqlite: Sqlite, query: Q): IterableIterator<InferResult<Q>[number]> {
  syncPathAllowed(sqlite)
  const compiled = query.compile()
  return prepareCached(sqlite, compiled.sql).iterate(...(compiled.parameters as unknown[])) as IterableIterator<
    InferResult<Q>[number]
  >
}

export function run(sqlite: Sqlite, query: Compilable): { changes: number; lastInsertRowid: number } {
  syncPathAllowed(sqlite)
  const compiled = query.compile()
  const result = prepareCached(sqlite, compiled.sql).run(...(compiled.parameters as unknown[]))
  return { changes: result.changes, lastInsertRowid: Number(result.lastInsertRowid) }
}

/**
 * A Kysely that only writes SQLite's SQL and never runs it (Kysely's DummyDriver), for
 * repository functions handed a bare connection: a backup's snapshot, a verify over a copy.
 */
export function sqliteQueryBuilder<DB>(): Kysely<DB> {
  return new Kysely<DB>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new SqliteIntrospector(db),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
  })
}

const sqliteBuilder = sqliteQueryBuilder<Database>()

/** A bare connection as a repository's `Db`: the queries built by `sqliteBuilder`, run on `sqlite`. */
export function onConnection(sqlite: Sqlite): Db {
  return { sqlite, db: sqliteBuilder }
}

export { sql }
