import { existsSync, mkdirSync, readFileSync, readdirSync, accessSync, constants } from 'node:fs'
import { dirname, isAbsolute, join, resolve, sep } from 'node:path'
import { writeFileAtomic } from '../fs/atomic'
import { defaultDataDir } from '../paths'

/**
 * Where the data folder lives cannot be stored in the database inside it, so the choice is a
 * small pointer file in the default data folder (CLOSEOUT_LOCATIONS overrides its path). The
 * desktop app reads it at start; CLOSEOUT_DATA and --data still win.
 */
export function locationsFile(env: NodeJS.ProcessEnv = process.env): string {
  return env.CLOSEOUT_LOCATIONS ? resolve(env.CLOSEOUT_LOCATIONS) : join(defaultDataDir(env), 'locations.json')
}

export function readLocations(file = locationsFile()): { dataDir?: string } {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { dataDir?: unknown }
    return typeof parsed.dataDir === 'string' ? { dataDir: parsed.dataDir } : {}
  } catch {
    return {}
  }
}

export function writeLocations(file: string, locations: { dataDir: string }): void {
  mkdirSync(dirname(file), { recursive: true })
  writeFileAtomic(file, `${JSON.stringify(locations, null, 2)}\n`)
}

/** Folder names the common sync clients create; a live SQLite file inside one gets corrupted. */
const SYNCED_NAME =
  /^(dropbox( \(.*\))?|onedrive( - .*)?|google ?drive|my drive|icloud ?drive|mobile documents|com~apple~clouddocs|box( sync)?|nextcloud|owncloud|pcloud ?drive|resilio sync|syncthing|megasync)$/i
/** Marker files sync clients leave at the root of what they sync. */
const SYNC_MARKERS = [
  '.dropbox',
  '.dropbox.cache',
  '.stfolder',
  '.sync',
  '.nextcloudsync.log',
  '.owncloudsync.log',
  '.sync_root',
]

/** Names the synced folder `path` is inside, or null. */
export function syncedAncestor(path: string): string | null {
  let dir = resolve(path)
  for (;;) {
    const name = dir.split(sep).pop() ?? ''
    if (SYNCED_NAME.test(name)) return dir
    if (SYNC_MARKERS.some((m) => existsSync(join(dir, m)))) return dir
    const parent = dirname(dir)
    if (parent === dir) return null
    dir = parent
  }
}

function inside(child: string, parent: string): boolean {
  const c = resolve(child) + sep
  const p = resolve(parent) + sep
  return c.startsWith(p)
}

function writable(path: string): boolean {
  let dir = resolve(path)
  while (!existsSync(dir)) {
    const parent = dirname(dir)
    if (parent === dir) return false
    dir = parent
  }
  try {
    accessSync(dir, constants.W_OK)
    return true
  } catch {
    return false
  }
}

/** Why `dataDir` cannot hold Closeout's database, or null when it can. */
export function dataFolderProblem(dataDir: string, sharedDir: string): string | null {
  if (!isAbsolute(dataDir)) return 'must be a full path (like C:\\Closeout Data or /home/you/Closeout Data)'
  const synced = syncedAncestor(dataDir)
  if (synced)
    return `is inside the synced folder ${synced}: a live database there gets corrupted by the sync client. Choose a local folder such as your Documents or AppData folder`
  if (inside(dataDir, sharedDir) || inside(sharedDir, dataDir))
    return 'must be separate from the shared folder (neither inside the other)'
  if (!writable(dataDir)) return 'is not writable by this user'
  if (existsSync(dataDir)) {
    const entries = readdirSync(dataDir).filter((e) => !e.startsWith('.'))
    if (entries.length > 0 && !entries.includes('closeout.sqlite'))
      return 'already holds other files: choose an empty folder or an existing Closeout data folder'
  }
  return null
}

/** Why `sharedDir` cannot be the shared folder, or null. */
export function sharedFolderProblem(sharedDir: string, dataDir: string): string | null {
  if (!isAbsolute(sharedDir)) return 'must be a full path'
  if (inside(dataDir, sharedDir) || inside(sharedDir, dataDir))
    return 'must be separate from the data folder (neither inside the other)'
  if (!writable(sharedDir)) return 'is not writable by this user'
  return null
}
