import type { Statement } from 'better-sqlite3'
import { prepareCached, type Sqlite } from '../db/connection'

/**
 * Statements on the connection's statement cache (connection.ts). The inbox runs the same
 * dozen statements for every bundle of a backlog, so they are plain SQL: compiling one with
 * SQLite, or building it with Kysely, costs more than running it.
 */
export function statement(sqlite: Sqlite, sql: string): Statement {
  return prepareCached(sqlite, sql)
}
