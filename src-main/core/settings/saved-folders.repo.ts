import BetterSqlite3 from 'better-sqlite3'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { first, onConnection } from '../db/connection'
import { hasTable } from '../db/raw-sql'

/**
 * Reads the shared folder chosen in Settings straight from `<dataDir>/closeout.sqlite`, read-only
 * and without migrating or opening the office: the hosts must know the real shared folder before
 * the office opens, or work done at start (owed receipts) lands in the default folder instead.
 * Answers null when there is no database yet, no settings table (a database from before
 * settings existed) or no saved choice.
 */
export function readSavedSharedDirAt(dataDir: string, options: { nativeBinding?: string } = {}): string | null {
  const file = join(dataDir, 'closeout.sqlite')
  if (!existsSync(file)) return null
  const sqlite = new BetterSqlite3(file, {
    readonly: true,
    fileMustExist: true,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  })
  try {
    sqlite.pragma('busy_timeout = 5000')
    if (!hasTable(sqlite, 'settings')) return null
    const { db } = onConnection(sqlite)
    const row = first(sqlite, db.selectFrom('settings').select('value_json').where('key', '=', 'sharedDir'))
    if (!row) return null
    const value = JSON.parse(row.value_json) as unknown
    return typeof value === 'string' && value ? value : null
  } catch {
    // A damaged or foreign file: the office's own open reports it properly.
    return null
  } finally {
    sqlite.close()
  }
}
