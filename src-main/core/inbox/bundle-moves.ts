import { createHash } from 'node:crypto'
import { existsSync, lstatSync, mkdirSync, readdirSync } from 'node:fs'
import { basename, join, relative } from 'node:path'
import type { Rejection } from '../../../src-shared/schemas/bundle'
import { writeFileAtomic } from '../fs/atomic'
import { renameRetry } from '../fs/retry'
import type { Refusal } from './bundle-manifest'
import type { SharedLayout } from './layout'

/**
 * `name`, or `name<sep>2`, `<sep>3`... whichever `dir` does not hold yet, compared without
 * case: on Windows and macOS (and in a sync service that reaches them) `Bundle` and `bundle`
 * are one folder, so a second one must not take the first one's place.
 */
export function freeName(dir: string, name: string, sep: string): string {
  let taken: Set<string>
  try {
    taken = new Set(readdirSync(dir).map((n) => n.toLowerCase()))
  } catch {
    taken = new Set()
  }
  const free = (candidate: string) => !taken.has(candidate.toLowerCase()) && !existsSync(join(dir, candidate))
  if (free(name)) return name
  for (let n = 2; ; n++) {
    const candidate = `${name}${sep}${n}`
    if (free(candidate)) return candidate
  }
}

/**
 * A folder name that keeps paths under rejected/ well inside Windows' 260-character limit
 * (MAX_PATH, still the default for Explorer and many tools): an inbox entry's name longer than
 * 64 characters is cut and given a short hash of the whole name, so two long names that share
 * a beginning stay apart. The full name is kept in REJECTED.json's details.
 */
export function shortName(name: string, max = 64): string {
  if (name.length <= max) return name
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8)
  return `${name.slice(0, max - 10).trimEnd()}~${hash}`
}

/** Moves an inbox folder to `archive/<month>/<name>`; answers the path relative to the shared folder. */
export async function moveToArchive(
  layout: SharedLayout,
  folder: string,
  month: string,
  name: string,
): Promise<string> {
  const dir = join(layout.archive, month)
  mkdirSync(dir, { recursive: true })
  const target = join(dir, name)
  await renameRetry(join(layout.inbox, folder), target)
  return relative(layout.root, target).split('\\').join('/')
}

/** A duplicate copy is archived beside the original, marked by its name: `<name>.duplicate`, `.duplicate-2`... */
export async function moveDuplicate(layout: SharedLayout, folder: string, month: string): Promise<string> {
  const dir = join(layout.archive, month)
  mkdirSync(dir, { recursive: true })
  return moveToArchive(layout, folder, month, freeName(dir, `${folder}.duplicate`, '-'))
}

/**
 * Moves an inbox entry to `rejected/<name>/` with REJECTED.json (spec section 4.4); never
 * deletes. REJECTED.json is written inside the folder before the move, so a crash in between
 * leaves a folder that the next scan simply rejects again. A stray file gets a folder of its
 * own. Answers the name under rejected/.
 */
export async function moveToRejected(
  layout: SharedLayout,
  entry: string,
  refusal: Refusal,
  at: string,
): Promise<string> {
  const source = join(layout.inbox, entry)
  const rejection: Rejection = { schema: 'closeout-rejection/v1', reason: refusal.reason, details: refusal.details, at }
  mkdirSync(layout.rejected, { recursive: true })
  const original = basename(entry)
  const name = freeName(layout.rejected, shortName(original), '-')
  if (name !== original)
    rejection.details = [
      ...rejection.details,
      { path: 'folder', message: `arrived in the inbox as "${original}"; kept here as "${name}"` },
    ]
  const body = `${JSON.stringify(rejection, null, 2)}\n`
  const target = join(layout.rejected, name)
  if (lstatSync(source).isDirectory()) {
    writeFileAtomic(join(source, 'REJECTED.json'), body)
    await renameRetry(source, target)
  } else {
    mkdirSync(target)
    await renameRetry(source, join(target, basename(entry)))
    writeFileAtomic(join(target, 'REJECTED.json'), body)
  }
  return name
}
