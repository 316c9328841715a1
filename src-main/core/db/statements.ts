import type { Statement } from 'better-sqlite3'
import type { Insertable } from 'kysely'
import { prepareCached, type Sqlite } from '../db/connection'
import type { Database } from '../db/schema'

/**
 * Statements on the connection's statement cache (connection.ts). The inbox runs the same
 * dozen statements for every bundle of a backlog, so they are plain SQL: compiling one with
 * SQLite, or building it with Kysely, costs more than running it.
 */
export function statement(sqlite: Sqlite, sql: string): Statement {
  return prepareCached(sqlite, sql)
}

/**
 * INSERT of one typed row, its columns named by the row's keys (the SQL is cached per table
 * and key list). Answers SQLite's changes and rowid, like connection.ts's `run`.
 */
export function insertRow<T extends keyof Database & string>(
  sqlite: Sqlite,
  table: T,
  row: Insertable<Database[T]>,
): { changes: number; lastInsertRowid: number } {
  const columns = Object.keys(row)
  const sql = `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`
  const result = prepareCached(sqlite, sql).run(row)
  return { changes: result.changes, lastInsertRowid: Number(result.lastInsertRowid) }
}
