import { resolve } from 'node:path'
import { defaultSharedDir } from './paths'
import type { EngineName } from './db/engine-db'
import { seatSharedDir } from './seat'
import { readSavedSharedDirAt } from './settings/saved-folders.repo'

/**
 * The shared folder for `dataDir`, decided before anything opens: the one given (--shared),
 * then CLOSEOUT_SHARED, then the folder saved in Settings, then the OS default. Saved in Settings
 * means, for an office on PostgreSQL (`engine`), this PC's seat file first (seat.ts: the
 * database is every seat's), then the data folder's SQLite file (the choice made before the
 * office moved); on SQLite, the office's own file.
 */
export function resolveSharedDir(
  dataDir: string,
  options: { shared?: string | undefined; nativeBinding?: string | undefined; engine?: EngineName } = {},
  env: NodeJS.ProcessEnv = process.env,
): string {
  const given = options.shared || env.CLOSEOUT_SHARED
  if (given) return resolve(given)
  const chosen = options.engine === 'postgres' ? seatSharedDir(dataDir) : null
  if (chosen) return resolve(chosen)
  const saved = readSavedSharedDirAt(dataDir, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
  return saved ? resolve(saved) : defaultSharedDir(env)
}
