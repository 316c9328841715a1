import { existsSync, lstatSync, mkdirSync, renameSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { basename, join, relative } from 'node:path'
import type { Rejection } from '../../../src-shared/schemas/bundle'
import { writeFileAtomic } from '../fs/atomic'
import type { Refusal } from './bundle-manifest'
import type { SharedLayout } from './layout'

const TRANSIENT = new Set(['EBUSY', 'EPERM', 'EACCES'])

/**
 * rename() with a short bounded retry: on Windows an antivirus scanner or the sync client
 * briefly holds a handle and the rename fails with EBUSY/EPERM (graceful-fs retries for the
 * same reason). Anything else, or a lasting failure, is thrown and the bundle stays put.
 */
export async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      renameSync(from, to)
      return
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? ''
      if (!TRANSIENT.has(code) || attempt >= 5) throw error
      await sleep(50 * 2 ** attempt)
    }
  }
}

/** `dir/name`, or `dir/name<sep>2`, `<sep>3`... whichever does not exist yet. */
export function freeName(dir: string, name: string, sep: string): string {
  if (!existsSync(join(dir, name))) return name
  for (let n = 2; ; n++) {
    const candidate = `${name}${sep}${n}`
    if (!existsSync(join(dir, candidate))) return candidate
  }
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
  await renameWithRetry(join(layout.inbox, folder), target)
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
  const body = `${JSON.stringify(rejection, null, 2)}\n`
  mkdirSync(layout.rejected, { recursive: true })
  const name = freeName(layout.rejected, basename(entry), '-')
  const target = join(layout.rejected, name)
  if (lstatSync(source).isDirectory()) {
    writeFileAtomic(join(source, 'REJECTED.json'), body)
    await renameWithRetry(source, target)
  } else {
    mkdirSync(target)
    await renameWithRetry(source, join(target, basename(entry)))
    writeFileAtomic(join(target, 'REJECTED.json'), body)
  }
  return name
}
