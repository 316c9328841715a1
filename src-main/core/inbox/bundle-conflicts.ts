import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import type { Manifest } from '../../../src-shared/schemas/bundle'
import { isConflictCopyName } from '../fs/conflict-names'

/** A listed file whose right bytes arrived as a sync service's conflict copy. */
export interface ConflictCopyUsed {
  file: string
  copy: string
}

/**
 * Where to read each listed file from, when sync conflicts are in play. Two devices writing the
 * same file (a phone retrying an upload, a paused device resuming) leave the winner at the
 * file's name and the loser as `a.sync-conflict-….jpg` or `a (… conflicted copy …).jpg`; the
 * wrong one may win. For a listed file with conflict copies beside it whose own bytes do not
 * match the manifest, a copy whose size and SHA-256 do is used instead (the bundle folder is
 * left as it is, and archived whole). Files without conflict copies cost one directory listing.
 */
export interface ConflictResolution {
  /** Listed path → the file to read instead. */
  sources: Map<string, string>
  used: ConflictCopyUsed[]
  /** Listed path → its conflict copies, none of which matched (named in pending messages). */
  unmatched: Map<string, string[]>
}

export function resolveConflictCopies(bundleDir: string, manifest: Manifest): ConflictResolution {
  const resolution: ConflictResolution = { sources: new Map(), used: [], unmatched: new Map() }
  const listings = new Map<string, string[]>()
  for (const file of manifest.files) {
    const rel = dirname(file.path)
    if (!listings.has(rel)) listings.set(rel, conflictNames(join(bundleDir, rel)))
    const name = basename(file.path)
    const copies = (listings.get(rel) ?? []).filter((c) => conflictBase(c) === name)
    if (copies.length === 0) continue
    if (matches(join(bundleDir, file.path), file.size, file.sha256)) continue
    const right = copies.find((c) => matches(join(bundleDir, rel, c), file.size, file.sha256))
    if (right) {
      resolution.sources.set(file.path, join(bundleDir, rel, right))
      resolution.used.push({ file: file.path, copy: rel === '.' ? right : `${rel}/${right}` })
    } else resolution.unmatched.set(file.path, copies)
  }
  return resolution
}

/** The name a conflict copy was made from: `a.sync-conflict-20261201-101010-ABC.jpg` → `a.jpg`. */
export function conflictBase(name: string): string {
  return name
    .replace(/\.sync-conflict-\d{8}-\d{6}(-[A-Za-z0-9]+)?/i, '')
    .replace(/ \([^()]*conflicted copy[^()]*\)/i, '')
}

function conflictNames(dir: string): string[] {
  try {
    return readdirSync(dir).filter((n) => isConflictCopyName(n))
  } catch {
    return []
  }
}

function matches(file: string, size: number, sha256: string): boolean {
  try {
    if (statSync(file).size !== size) return false
    return createHash('sha256').update(readFileSync(file)).digest('hex') === sha256
  } catch {
    return false
  }
}

/** Pending messages that name the conflict copies found (none of which matched), so the office knows where to look. */
export function nameConflictCopies(
  missing: { path: string; message: string }[],
  conflicts: ConflictResolution,
): { path: string; message: string }[] {
  return missing.map((m) => ({ ...m, message: withCopies(m.message, conflicts.unmatched.get(m.path) ?? []) }))
}

export function withCopies(message: string, copies: readonly string[]): string {
  if (copies.length === 0) return message
  return `${message}; sync conflict copies beside it, none matching manifest.json: ${copies.join(', ')}`
}
