import { isConflictCopyName } from '../fs/conflict-names'

/**
 * Sync-service and operating-system debris (spec section 4.5): never ingested, never
 * rejected, never touched. Applied to every name in the inbox, at any depth.
 */
const DEBRIS_NAMES = new Set([
  'thumbs.db',
  'desktop.ini',
  'ehthumbs.db',
  '@eadir',
  '$recycle.bin',
  '__macosx',
  'icon\r',
])
const DEBRIS_SUFFIXES = ['.tmp', '.partial', '.crdownload', '.part', '.filepart', '.icloud', '~']

export function isDebrisName(name: string, kind: 'file' | 'folder' = 'file'): boolean {
  const lower = name.toLowerCase()
  if (lower.startsWith('.')) return true // dot files and folders: .DS_Store, ._x, .stfolder, .stversions, .tmp-<id>
  if (lower.startsWith('~$') || lower.startsWith('~syncthing~')) return true
  if (DEBRIS_NAMES.has(lower)) return true
  if (DEBRIS_SUFFIXES.some((suffix) => lower.endsWith(suffix))) return true
  // A conflict copy of a whole bundle folder is not debris: section 4.6 decides it (duplicate or id-mismatch).
  return kind === 'file' && isConflictCopyName(name)
}

/** Applies the debris rule to every segment of a relative path ("photos/.DS_Store"). */
export function isDebrisPath(relative: string): boolean {
  return relative.split(/[\\/]/).some((segment) => segment !== '' && isDebrisName(segment))
}
