import { lstatSync, type Stats } from 'node:fs'
import { join } from 'node:path'
import type { Manifest } from '../../../src-shared/schemas/bundle'
import type { PathMessage } from '../../../src-shared/schemas/issues'
import type { Refusal } from './bundle-manifest'

export type PresenceVerdict =
  | { kind: 'present' }
  /** Files not here yet or still short: the bundle waits (spec section 2). */
  | { kind: 'pending'; missing: PathMessage[] }
  | { kind: 'refused'; refusal: Refusal }

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR')
      return null
    throw error
  }
}

/**
 * Checks by `lstat` alone (no reads, so an online-only placeholder is never hydrated) that
 * every listed file is here with its listed size. A symlink anywhere on a path is refused:
 * following one would read outside the bundle. A file already larger than listed can never
 * match its hash.
 */
export function checkPresence(
  bundleDir: string,
  manifest: Manifest,
  sources: ReadonlyMap<string, string> = new Map(),
): PresenceVerdict {
  const missing: PathMessage[] = []
  const checkedDirs = new Map<string, Stats | null>()
  for (const [i, file] of manifest.files.entries()) {
    const segments = file.path.split('/')
    let blocked = false
    for (let depth = 1; depth < segments.length && !blocked; depth++) {
      const rel = segments.slice(0, depth).join('/')
      if (!checkedDirs.has(rel)) checkedDirs.set(rel, lstatOrNull(join(bundleDir, rel)))
      const stats = checkedDirs.get(rel)
      if (stats?.isSymbolicLink()) return unsafe(i, `"${rel}" is a symbolic link`)
      if (!stats) blocked = true
    }
    const stats = blocked ? null : lstatOrNull(sources.get(file.path) ?? join(bundleDir, file.path))
    if (stats?.isSymbolicLink()) return unsafe(i, `"${file.path}" is a symbolic link`)
    if (stats && !stats.isFile()) return unsafe(i, `"${file.path}" is not a regular file`)
    if (!stats) missing.push({ path: file.path, message: 'not here yet' })
    else if (stats.size < file.size)
      missing.push({ path: file.path, message: `${stats.size} of ${file.size} bytes so far` })
    else if (stats.size > file.size) {
      return {
        kind: 'refused',
        refusal: {
          reason: 'too-large',
          details: [
            {
              path: `files[${i}].size`,
              message: `"${file.path}" is ${stats.size} bytes, more than the ${file.size} manifest.json lists`,
            },
          ],
        },
      }
    }
  }
  return missing.length ? { kind: 'pending', missing } : { kind: 'present' }
}

function unsafe(index: number, message: string): PresenceVerdict {
  return { kind: 'refused', refusal: { reason: 'unsafe-path', details: [{ path: `files[${index}].path`, message }] } }
}

/** The stored MIME type, from the file's first bytes (names can lie). */
export function sniffMime(head: Buffer, file: string): string {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg'
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png'
  if (head.subarray(0, 4).toString('latin1') === 'RIFF' && head.subarray(8, 12).toString('latin1') === 'WEBP')
    return 'image/webp'
  if (head.subarray(4, 12).toString('latin1').startsWith('ftyphei')) return 'image/heic'
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf'
  return /\.txt$/i.test(file) ? 'text/plain' : 'application/octet-stream'
}
