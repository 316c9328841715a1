import { sql, type RawBuilder } from 'kysely'

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
