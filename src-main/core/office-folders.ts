import { resolve } from 'node:path'
import { defaultSharedDir } from './paths'
import { readSavedSharedDirAt } from './settings/saved-folders.repo'

/**
 * The shared folder for `dataDir`, decided before anything opens: the one given (--shared),
 * then CLOSEOUT_SHARED, then the folder saved in Settings, then the OS default.
 */
export function resolveSharedDir(
  dataDir: string,
  options: { shared?: string | undefined; nativeBinding?: string | undefined } = {},
  env: NodeJS.ProcessEnv = process.env,
): string {
  const given = options.shared || env.CLOSEOUT_SHARED
  if (given) return resolve(given)
  const saved = readSavedSharedDirAt(dataDir, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
  return saved ? resolve(saved) : defaultSharedDir(env)
}
