import { realpathSync } from 'node:fs'
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path'
import { CloseoutError } from '../errors'
import type { Office } from '../office'

/** Folders the user chose in a folder dialog of this run (desktop only), per open office. */
const picked = new WeakMap<Office, Set<string>>()

/** The desktop's folder dialog answered with `folder`: the office API may write into it this run. */
export function rememberPickedFolder(office: Office, folder: string): void {
  const set = picked.get(office) ?? new Set<string>()
  set.add(resolve(folder))
  picked.set(office, set)
}

/**
 * An `outDir` given to the office API (`packets.write`, `exports.run`, `exports.reexport`):
 * accepted only inside the data folder or inside a folder picked in a dialog, checked before
 * anything touches the disk (a recursive mkdir under /proc once hung the whole process). The
 * nearest folder that already exists is followed through symlinks, so a link inside the data
 * folder cannot lead the files out of it. Returns the absolute path to write into.
 */
export function checkOutDir(office: Office, outDir: string | undefined): string | undefined {
  if (outDir === undefined) return undefined
  const refuse = (why: string): never => {
    throw new CloseoutError(
      'invalid-input',
      `outDir: ${why}. Write inside the data folder (${office.dataDir}) or choose a folder with the "Choose folder" button`,
      [{ path: 'outDir', message: why }],
    )
  }
  if (!isAbsolute(outDir)) refuse('must be an absolute path')
  if (outDir.includes('\0')) refuse('must not contain a NUL character')
  const target = resolve(outDir)
  const roots = [office.dataDir, ...(picked.get(office) ?? [])].map((r) => resolve(r))
  const inside = (path: string, root: string) =>
    path === root || path.startsWith(root.endsWith(sep) ? root : root + sep)
  const root = roots.find((r) => inside(target, r))
  if (!root) return refuse('is outside the data folder and was not chosen in a folder dialog')
  // Only after the plain check: resolve the nearest existing folder (never a path under /proc).
  const realRoot = realOrNull(root)
  const realTarget = realOfNearestExisting(target)
  if (realRoot === null || realTarget === null || !inside(realTarget, realRoot))
    return refuse('leads out of the data folder through a link')
  return target
}

function realOrNull(path: string): string | null {
  try {
    return realpathSync(path)
  } catch {
    return null
  }
}

/** The real path of `path`: its nearest existing ancestor resolved, the missing rest appended. */
function realOfNearestExisting(path: string): string | null {
  let existing = path
  let rest = ''
  for (;;) {
    const real = realOrNull(existing)
    if (real !== null) return rest ? resolve(real, rest) : real
    const parent = dirname(existing)
    if (parent === existing) return null
    rest = rest ? join(basename(existing), rest) : basename(existing)
    existing = parent
  }
}
