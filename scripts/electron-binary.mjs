import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
export const ELECTRON_VERSION = JSON.parse(
  readFileSync(join(ROOT, 'node_modules', 'electron', 'package.json'), 'utf8'),
).version

/**
 * The Electron executable if it is already downloaded, else null. Electron 42+ downloads it
 * lazily on the first `require('electron')`; this looks without triggering that download.
 */
export function installedElectron() {
  const pkg = join(ROOT, 'node_modules', 'electron')
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const exe = join(
      process.env.ELECTRON_OVERRIDE_DIST_PATH,
      process.platform === 'win32' ? 'electron.exe' : 'electron',
    )
    return existsSync(exe) ? exe : null
  }
  const pathFile = join(pkg, 'path.txt')
  if (!existsSync(pathFile)) return null
  const exe = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(exe) ? exe : null
}
