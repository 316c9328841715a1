import { existsSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join, resolve } from 'node:path'

/** Where the database and attachment store live when no --data or CLOSEOUT_DATA is given. */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.CLOSEOUT_DATA) return resolve(env.CLOSEOUT_DATA)
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Closeout')
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Closeout')
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'closeout')
}

/** The shared (synced) folder when no --shared, CLOSEOUT_SHARED or saved setting names one. */
export function defaultSharedDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CLOSEOUT_SHARED) return resolve(env.CLOSEOUT_SHARED)
  return join(homedir(), 'Closeout Shared')
}

let cachedRoot: string | null = null

/** The folder holding Closeout's package.json (a checkout, or the packaged app's resources). */
export function projectRoot(): string {
  if (cachedRoot) return cachedRoot
  let dir = __dirname
  for (;;) {
    const pkg = join(dir, 'package.json')
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'closeout') return (cachedRoot = dir)
      } catch {
        // keep walking up
      }
    }
    const parent = dirname(dir)
    if (parent === dir) throw new Error('Cannot find the Closeout installation folder')
    dir = parent
  }
}

export function resourcePath(...parts: string[]): string {
  return join(projectRoot(), 'resources', ...parts)
}

/** The built renderer pages (electron-vite build): office/index.html, techform/index.html, assets/. */
export function rendererDir(): string {
  return join(projectRoot(), 'out', 'renderer')
}
