import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { z } from 'zod'
import { issuesToDetails, summarizeDetails } from '../../src-shared/schemas/issues'
import { CloseoutError } from '../core/errors'
import { SNAPSHOT_FILES, snapshotDir, type SnapshotFile } from './office-snapshot'

type SnapshotValue<F extends SnapshotFile> = z.output<(typeof SNAPSHOT_FILES)[F]['schema']>

interface Cached {
  stamp: string
  value: unknown
}

/**
 * Reads the office's snapshot files, each validated with its zod schema, re-reading one only
 * when its size or time changed. A file that does not validate (mid-sync, damaged) leaves the
 * last good copy in use; with none, the form answers `no-office-snapshot` naming the field.
 */
export class SnapshotReader {
  private readonly cache = new Map<SnapshotFile, Cached>()
  private readonly warned = new Map<SnapshotFile, string>()

  constructor(private readonly sharedDir: string) {}

  read<F extends SnapshotFile>(file: F): SnapshotValue<F> {
    const path = join(snapshotDir(this.sharedDir), SNAPSHOT_FILES[file].name)
    const cached = this.cache.get(file)
    let stamp: string
    try {
      const st = statSync(path)
      stamp = `${st.size}:${st.mtimeMs}`
    } catch {
      if (cached) return cached.value as SnapshotValue<F>
      throw new CloseoutError(
        'no-office-snapshot',
        `This form server has no office database and the office has not shared office/${SNAPSHOT_FILES[file].name} yet: start the office (the desktop app or \`closeout serve\`) on this shared folder and let the folder sync`,
      )
    }
    if (cached?.stamp === stamp) return cached.value as SnapshotValue<F>
    const problem = this.parse(file, path, stamp)
    if (problem === null) return this.cache.get(file)!.value as SnapshotValue<F>
    if (this.warned.get(file) !== problem.message) console.warn(`[closeout] ${problem.message}`)
    this.warned.set(file, problem.message)
    if (cached) return cached.value as SnapshotValue<F>
    throw problem
  }

  private parse(file: SnapshotFile, path: string, stamp: string): CloseoutError | null {
    const name = `office/${SNAPSHOT_FILES[file].name}`
    let raw: unknown
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'))
    } catch {
      return new CloseoutError('no-office-snapshot', `${name} is not JSON (still syncing, or damaged)`, [
        { path: name, message: 'is not JSON' },
      ])
    }
    const parsed = SNAPSHOT_FILES[file].schema.safeParse(raw)
    if (!parsed.success) {
      const details = issuesToDetails(parsed.error)
      return new CloseoutError('no-office-snapshot', `${name} is not valid: ${summarizeDetails(details)}`, details)
    }
    this.cache.set(file, { stamp, value: parsed.data })
    this.warned.delete(file)
    return null
  }
}
