import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { CloseoutError } from '../../errors'
import type { Database } from '../schema'
import type { PgOnlyTables } from './schema-pg'

/** The office's tables plus the ones only the PostgreSQL engine has (seat claims). */
export type PgDatabase = Database & PgOnlyTables

const INT8 = 20

/**
 * SQLite's INTEGER is 64-bit, so every INTEGER column is a bigint on PostgreSQL; `pg` hands
 * bigints over as strings. The office counts money in integer cents as JavaScript numbers, so
 * they come back as numbers here, and a value a number cannot hold exactly is an error, never a
 * silently rounded amount.
 */
function parseInt8(text: string): number {
  const n = Number(text)
  if (!Number.isSafeInteger(n)) throw new CloseoutError('integer-too-large', `${text} is too large to handle exactly`)
  return n
}

const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 && format !== 'binary'
      ? parseInt8
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
}

export interface PgOpenOptions {
  /** Connections this process may hold at once. */
  max?: number
  /** Shown in pg_stat_activity, so a server admin sees which seat holds a connection. */
  applicationName?: string
  /** Gives up connecting after this long (0: wait as long as the system does). */
  connectionTimeoutMillis?: number
}

/**
 * A typed Kysely over a `pg` pool on the connection string. Opening does not connect; the first
 * query does (and fails with the server's own words, which never include the password).
 */
export function openPostgres(url: string, options: PgOpenOptions = {}): Kysely<PgDatabase> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 4,
    application_name: options.applicationName ?? 'closeout',
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? 0,
    types,
  })
  // An idle connection the server drops (restart, failover) must not crash the process.
  pool.on('error', () => undefined)
  return new Kysely<PgDatabase>({ dialect: new PostgresDialect({ pool }) })
}
