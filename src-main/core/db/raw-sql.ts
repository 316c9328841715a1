import { prepareCached, type Sqlite } from './connection'

/**
 * The only SQL outside migrations that is not built with Kysely: statements its builder has no
 * words for. Each is typed here and runs on the statement cache (connection.ts).
 *
 * - PRAGMA synchronous: the inbox commits its in-flight mark without fsync (bundles.repo.ts).
 * - sqlite_master: whether a table exists in a database opened read-only, before migrating.
 * - PRAGMA data_version + total_changes(): "has anything changed?" for the office snapshot writer.
 * - PRAGMA integrity_check: a backup proves its copy before it is trusted (backup.repo.ts).
 */

export function setSynchronous(sqlite: Sqlite, level: 'NORMAL' | 'FULL'): void {
  prepareCached(sqlite, `PRAGMA synchronous = ${level}`).run()
}

/** `PRAGMA integrity_check`: an empty list when SQLite finds nothing wrong. */
export function integrityProblems(sqlite: Sqlite): string[] {
  const rows = prepareCached(sqlite, 'PRAGMA integrity_check').all() as { integrity_check: string }[]
  const messages = rows.map((r) => r.integrity_check)
  return messages.length === 1 && messages[0] === 'ok' ? [] : messages
}

/** Whether `table` exists: a database from before it was added has none, and is read without it. */
export function hasTable(sqlite: Sqlite, table: string): boolean {
  return prepareCached(sqlite, `SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(table) !== undefined
}

/**
 * A value that changes whenever the database does: data_version moves on another connection's
 * commit, total_changes() on this connection's own writes.
 */
export function changeStamp(sqlite: Sqlite): string {
  const version = sqlite.pragma('data_version', { simple: true }) as number
  const changes = prepareCached(sqlite, 'SELECT total_changes() AS n').get() as { n: number }
  return `${version}:${changes.n}`
}
