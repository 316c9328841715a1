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
 * One top-level field of a JSON text column as text, on either engine (the async path of issue
 * #17): `json_extract(column, '$.key')` on SQLite, `(column::jsonb ->> 'key')` on PostgreSQL. For
 * fields that hold text (a JSON number or boolean would come back typed on SQLite, as text on
 * PostgreSQL).
 */
export function jsonText(engine: EngineName, column: string, key: string): RawBuilder<string | null> {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(key)) throw new Error(`not a JSON field name: ${key}`)
  if (engine === 'postgres') return sql<string | null>`(${sql.ref(column)}::jsonb ->> ${sql.lit(key)})`
  return sql<string | null>`json_extract(${sql.ref(column)}, ${sql.lit(`$.${key}`)})`
}

/**
 * A list of text keys bound as one parameter, for `IN`, on either engine (the async path of
 * issue #17): jsonList on SQLite, the unnest of a text array on PostgreSQL.
 */
export function textList(engine: EngineName, values: readonly string[]): RawBuilder<string> {
  if (engine === 'postgres') return sql<string>`(SELECT unnest(${values}::text[]))`
  return jsonList(values)
}

/**
 * `column` for ORDER BY compared byte by byte, SQLite's default BINARY, on either engine:
 * PostgreSQL is told `COLLATE "C"`, so the order does not depend on the database's locale.
 */
export function binaryOrder(engine: EngineName, column: string): RawBuilder<string> {
  return engine === 'postgres' ? sql<string>`${sql.ref(column)} COLLATE "C"` : sql<string>`${sql.ref(column)}`
}

/**
 * `column` for ORDER BY ignoring case the way SQLite's `COLLATE NOCASE` does, on either engine:
 * NOCASE folds A-Z only and then compares bytes, so PostgreSQL folds A-Z only (`translate`) and
 * compares bytes (`COLLATE "C"`), whatever the database's locale ("Ärzte" after "zeta" on both).
 */
export function noCaseOrder(engine: EngineName, column: string): RawBuilder<string> {
  return engine === 'postgres'
    ? sql<string>`translate(${sql.ref(column)}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') COLLATE "C"`
    : sql<string>`${sql.ref(column)} COLLATE NOCASE`
}

/**
 * One top-level text field of a JSON column (`data_json`'s `submissionId`), read in SQL on
 * either engine: `json_extract` on SQLite, the `->>` of `jsonb` on PostgreSQL (the column is
 * `text` there). Both answer the field as text, or NULL where it is absent.
 */
export function jsonTextField(engine: EngineName, column: string, key: string): RawBuilder<string | null> {
  return engine === 'postgres'
    ? sql<string | null>`(${sql.ref(column)}::jsonb ->> ${sql.lit(key)})`
    : sql<string | null>`json_extract(${sql.ref(column)}, ${sql.lit(`$.${key}`)})`
}

/**
 * The highest n of the ids numbered "<prefix>-<n>" (J-1042, C-112), for a SELECT on a table with
 * an `id`, on either engine: SQLite's GLOB is a regular expression on PostgreSQL, the same n.
 */
export function highestNumbered(engine: EngineName, prefix: string) {
  return engine === 'postgres'
    ? {
        n: sql<string | number | null>`MAX(CAST(substring(id from ${`^${prefix}-([0-9]+)`}) AS bigint))`,
        numbered: sql<boolean>`id ~ ${`^${prefix}-[0-9]`}`,
      }
    : {
        n: sql<string | number | null>`MAX(CAST(substr(id, ${prefix.length + 2}) AS INTEGER))`,
        numbered: sql<boolean>`id GLOB ${`${prefix}-[0-9]*`}`,
      }
}

/**
 * `CASE key WHEN k1 THEN CAST(v1 AS type) … END`: a column's new value row by row, for one
 * UPDATE of many rows (`… WHERE key IN (k1, …)`) where each row gets its own value: one
 * statement, one round trip on PostgreSQL, instead of one per row. Each value is cast so
 * PostgreSQL knows the parameters' type; on SQLite 'bigint' and 'text' are INTEGER and TEXT.
 */
export function valueByKey<K extends string | number, V extends string | number | null>(
  key: string,
  rows: readonly (readonly [K, V])[],
  type: 'bigint' | 'text',
): RawBuilder<V> {
  const cast = sql.raw(type)
  return sql<V>`case ${sql.ref(key)} ${sql.join(
    rows.map(([k, v]) => sql`when ${k} then cast(${v} as ${cast})`),
    sql` `,
  )} end`
}
