import { sql, type RawBuilder } from 'kysely'
import type { EngineName } from './engine-db'

/**
 * `(SELECT value FROM json_each(?))`: a list bound as one JSON parameter, for `IN`. The SQL
 * text, and so its cached statement, stays the same whatever the list's length.
 */
export function jsonList(values: readonly (string | number)[]): RawBuilder<string> {
  return sql<string>`(SELECT value FROM json_each(${JSON.stringify(values)}))`
}

/** One field of a JSON column, read in SQL (skips a JSON.parse per row). */
export function jsonField(column: string, path: string): RawBuilder<unknown> {
  return sql<unknown>`json_extract(${sql.ref(column)}, ${sql.lit(path)})`
}

/**
 * A list of text keys bound as one parameter, for `IN`, on either engine (the async path of
 * issue #17): jsonList on SQLite, the unnest of a text array on PostgreSQL.
 */
export function textList(engine: EngineName, values: readonly string[]): RawBuilder<string> {
  if (engine === 'postgres') return sql<string>`(SELECT unnest(${values}::text[]))`
  return jsonList(values)
}
