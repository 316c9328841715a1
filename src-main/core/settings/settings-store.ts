import type { Sqlite } from '../db/connection'

/**
 * The settings table: one JSON value per key for office-wide choices that have no table of
 * their own. A value that is missing or no longer parses reads as undefined, so each caller
 * falls back to its default instead of refusing to start.
 */
export function readSetting(sqlite: Sqlite, key: string): unknown {
  const row = sqlite.prepare('SELECT value_json FROM settings WHERE key = ?').get(key) as
    { value_json: string } | undefined
  if (!row) return undefined
  try {
    return JSON.parse(row.value_json) as unknown
  } catch {
    return undefined
  }
}

export function writeSetting(sqlite: Sqlite, key: string, value: unknown): void {
  sqlite
    .prepare(
      'INSERT INTO settings (key, value_json) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json',
    )
    .run(key, JSON.stringify(value))
}

const SHARED_DIR_KEY = 'sharedDir'

/** The shared folder chosen in Settings; it takes effect when the office is next opened. */
export function readSavedSharedDir(sqlite: Sqlite): string | null {
  const value = readSetting(sqlite, SHARED_DIR_KEY)
  return typeof value === 'string' && value ? value : null
}

export function saveSharedDir(sqlite: Sqlite, sharedDir: string): void {
  writeSetting(sqlite, SHARED_DIR_KEY, sharedDir)
}
