import { sql, type Kysely } from 'kysely'
import { CloseoutError } from '../errors'
import { markAsyncTransaction, type Sqlite } from './connection'
import { holdAdvisoryLock, releaseAdvisoryLock } from './pg/advisory-locks.repo'
import type { PgDatabase } from './pg/pool'
import type { Database } from './schema'

/**
 * The async execution path of issue #17: a repository that takes an `EngineDb` runs its queries
 * through Kysely itself (`.execute()`, `.executeTakeFirst()`), so the same code runs on the
 * SQLite file (Kysely's SqliteDialect over the office's own better-sqlite3 connection: the same
 * connection the synchronous helpers of connection.ts use, so both paths see the same rows) and
 * on PostgreSQL (a `pg` pool, pg/pool.ts). One Kysely type, `Database` (schema.ts), for both.
 *
 * `engine` is there for the few places where the SQL differs (search, rowid, collation): a
 * repository branches on it in one small adapter per concern, never all over its queries.
 * The office (office.ts) is an `EngineDb` on SQLite.
 */
export type EngineDb =
  | { readonly engine: 'sqlite'; readonly db: Kysely<Database>; readonly sqlite: Sqlite }
  | { readonly engine: 'postgres'; readonly db: Kysely<Database> }

export type EngineName = EngineDb['engine']

/** A PostgreSQL Kysely (pg/pool.ts `openPostgres`) as an `EngineDb`: the office's tables only. */
export function postgresEngineDb(db: Kysely<PgDatabase>): EngineDb {
  return { engine: 'postgres', db: db as unknown as Kysely<Database> }
}

export interface TransactionOptions {
  /** PostgreSQL: how many times a body that lost a serialization race runs in all (default 10). */
  attempts?: number
  /** Told of each retry (PostgreSQL), with the error that caused it: for a log line or a test. */
  onRetry?: (attempt: number, error: unknown) => void
  /**
   * PostgreSQL: transactions of this kind run one at a time across every seat on the database
   * (a session advisory lock held from before BEGIN to after COMMIT). For writers that would
   * otherwise mostly lose serialization races to each other and run again whole: the inbox's
   * groups, which all append to the one event log. (SQLite runs one transaction at a time anyway.)
   */
  oneAtATime?: OneAtATime
}

/** The advisory lock keys of `oneAtATime` (any fixed numbers; named here so none is used twice). */
export const ONE_AT_A_TIME = { inboxGroups: 1_733_010_017 } as const
export type OneAtATime = (typeof ONE_AT_A_TIME)[keyof typeof ONE_AT_A_TIME]

/** SQLSTATEs after which the whole transaction may simply run again: serialization failure, deadlock. */
const RETRYABLE = new Set(['40001', '40P01'])

function isRetryable(error: unknown): boolean {
  return typeof error === 'object' && error !== null && RETRYABLE.has(String((error as { code?: unknown }).code))
}

/**
 * Runs `body` in one transaction on either engine: it commits when `body` resolves and rolls
 * back when it throws. Inside, run every query on `trx`, never on the outer `db`.
 *
 * **PostgreSQL**: SERIALIZABLE on a pooled connection of its own; a serialization failure or a
 * deadlock (40001, 40P01) rolls back and runs `body` again (up to `attempts`, with a short random
 * pause), so `body` must do nothing outside `trx` it could not do twice.
 *
 * **SQLite: the rule.** The office has ONE connection, and the synchronous path
 * (connection.ts `all/first/run`, better-sqlite3 transactions) runs on it too. A statement of
 * that path run while an async transaction is open would silently become part of it. So on
 * SQLite the body awaits **only queries on `trx`** (and computes): no file or network I/O, no
 * timers, no other office. better-sqlite3 answers synchronously, so such a body runs from BEGIN
 * to COMMIT without the event loop turning: no IPC or HTTP handler, watcher or timer (where the
 * synchronous path runs) can reach the connection in between. How it is enforced:
 * 1. one transaction at a time: the body runs on Kysely's single SQLite connection, held under
 *    the SqliteDriver's mutex from BEGIN to COMMIT (other async queries queue behind it);
 * 2. a body that let the event loop turn (a setImmediate armed at BEGIN fired) is rolled back
 *    and refused (`transaction-yielded`), every time, so a test of the code path catches it;
 * 3. the synchronous helpers throw `sync-in-async-transaction` while the transaction is open.
 * BEGIN IMMEDIATE takes the write lock at once, so a second process (the CLI) waits on
 * busy_timeout instead of failing half-way.
 */
export async function withTransaction<T>(
  edb: EngineDb,
  body: (trx: Kysely<Database>) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  if (edb.engine === 'sqlite') return sqliteTransaction(edb.db, edb.sqlite, body)
  const key = options.oneAtATime
  if (key === undefined) return serializable(edb.db, body, options)
  // Taken before BEGIN: a SERIALIZABLE transaction's snapshot is its first statement's, so a
  // lock waited for inside it would leave it reading what the holder has since changed.
  return edb.db.connection().execute(async (connection) => {
    await holdAdvisoryLock(connection, key)
    try {
      return await serializable(connection, body, options)
    } finally {
      await releaseAdvisoryLock(connection, key)
    }
  })
}

async function serializable<T>(
  db: Kysely<Database>,
  body: (trx: Kysely<Database>) => Promise<T>,
  options: TransactionOptions,
): Promise<T> {
  const attempts = options.attempts ?? 10
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().setIsolationLevel('serializable').execute(body)
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error
      options.onRetry?.(attempt, error)
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt))
    }
  }
}

async function sqliteTransaction<T>(
  db: Kysely<Database>,
  sqlite: Sqlite,
  body: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return db.connection().execute(async (trx) => {
    let turned = false
    const tick = setImmediate(() => {
      turned = true
    })
    await sql`BEGIN IMMEDIATE`.execute(trx)
    markAsyncTransaction(sqlite, true)
    try {
      const result = await body(trx)
      if (turned)
        throw new CloseoutError(
          'transaction-yielded',
          'An async SQLite transaction waited on something other than its own queries (the event loop turned before COMMIT); it was rolled back',
        )
      markAsyncTransaction(sqlite, false)
      await sql`COMMIT`.execute(trx)
      return result
    } catch (error) {
      markAsyncTransaction(sqlite, false)
      if (sqlite.inTransaction) await sql`ROLLBACK`.execute(trx)
      throw error
    } finally {
      markAsyncTransaction(sqlite, false)
      clearImmediate(tick)
    }
  })
}

/**
 * Runs `body` inside a savepoint of the withTransaction body's `trx`, on either engine: when it
 * throws, what it wrote is rolled back and the transaction goes on without it (the error is
 * thrown on to the caller, who decides). A serialization failure or deadlock on PostgreSQL is
 * not the savepoint's to absorb: the caller must throw it on, so withTransaction runs the whole
 * body again (isRetryable). On SQLite the savepoint is only statements on `trx`, so the body's
 * rule holds.
 */
export async function inSavepoint<T>(trx: Kysely<Database>, body: () => Promise<T>): Promise<T> {
  await sql`SAVEPOINT closeout_part`.execute(trx)
  try {
    const result = await body()
    await sql`RELEASE SAVEPOINT closeout_part`.execute(trx)
    return result
  } catch (error) {
    try {
      await sql`ROLLBACK TO SAVEPOINT closeout_part`.execute(trx)
      await sql`RELEASE SAVEPOINT closeout_part`.execute(trx)
    } catch (lost) {
      // The engine ended the whole transaction (SQLite after a full disk): nothing may go on in it.
      throw new TransactionLost(lost)
    }
    throw error
  }
}

/** inSavepoint could not roll back to its savepoint: the transaction is gone, its caller must give up. */
export class TransactionLost extends Error {
  constructor(override readonly cause: unknown) {
    super(`the transaction ended under a savepoint: ${cause instanceof Error ? cause.message : String(cause)}`)
  }
}

/** An error a savepoint's caller must throw on rather than absorb: the whole transaction fails (or runs again). */
export function endsTransaction(error: unknown): boolean {
  return error instanceof TransactionLost || isRetryable(error)
}
