import { prepareCached, type Sqlite } from './connection'

/**
 * The only SQL outside migrations that is not built with Kysely: statements its builder has no
 * words for. Each is typed here and runs on the statement cache (connection.ts).
 *
 * - PRAGMA synchronous: the inbox commits its in-flight mark without fsync (bundles.repo.ts).
 */

export function setSynchronous(sqlite: Sqlite, level: 'NORMAL' | 'FULL'): void {
  prepareCached(sqlite, `PRAGMA synchronous = ${level}`).run()
}
