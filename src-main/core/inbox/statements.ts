import type { Statement } from 'better-sqlite3'
import type { InferResult } from 'kysely'
import type { Compilable } from 'kysely'
import type { Sqlite } from '../db/connection'

/**
 * Prepared statements kept per connection, keyed by their SQL. The inbox runs the same dozen
 * statements for every bundle of a backlog, and compiling one costs SQLite more than running it.
 */
const cache = new WeakMap<Sqlite, Map<string, Statement>>()

export function statement(sqlite: Sqlite, sql: string): Statement {
  let map = cache.get(sqlite)
  if (!map) cache.set(sqlite, (map = new Map()))
  let stmt = map.get(sql)
  if (!stmt) map.set(sql, (stmt = sqlite.prepare(sql)))
  return stmt
}

/** connection.ts's `run`, with the statement kept. */
export function runCached(sqlite: Sqlite, query: Compilable): { changes: number; lastInsertRowid: number } {
  const compiled = query.compile()
  const result = statement(sqlite, compiled.sql).run(...(compiled.parameters as unknown[]))
  return { changes: result.changes, lastInsertRowid: Number(result.lastInsertRowid) }
}

/** connection.ts's `first`, with the statement kept. */
export function firstCached<Q extends Compilable>(sqlite: Sqlite, query: Q): InferResult<Q>[number] | undefined {
  const compiled = query.compile()
  return statement(sqlite, compiled.sql).get(...(compiled.parameters as unknown[])) as InferResult<Q>[number] | undefined
}
