import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { changeStamp } from '../core/db/raw-sql'
import { writeFileAtomic } from '../core/fs/atomic'
import type { Office } from '../core/office'
import { sweepStaleTemps } from '../core/store/temp-sweep'
import { SNAPSHOT_FILES, buildOfficeSnapshot, snapshotDir, type SnapshotFile } from './office-snapshot'

export interface SnapshotRefresh {
  /** Files rewritten because their content changed (or they were missing). */
  written: SnapshotFile[]
  /** True when the database had not changed since the last look, so nothing was built. */
  skipped: boolean
}

export interface OfficeSnapshotWriter {
  /** Looks now (after any look still running); `force` rebuilds even when the database seems unchanged. */
  refresh(force?: boolean): Promise<SnapshotRefresh>
  stop(): void
}

/**
 * Keeps `<shared>/office/` in step with the database: at start, on every jobs change, and on a
 * short timer that first asks SQLite whether anything was committed at all (data_version counts
 * other connections' commits, total_changes this one's; on PostgreSQL the event log's head), so
 * an idle office builds nothing. A
 * file is rewritten (temp, fsync, rename) only when its content differs; `updatedAt` is when it
 * last changed, so a sync service copies only what moved. The snapshot is read through the
 * form's async readers (issue #17); one look at a time, each after the one before. Resolves once
 * the first look has written the files.
 */
export async function startOfficeSnapshot(
  office: Office,
  options: { intervalMs?: number } = {},
): Promise<OfficeSnapshotWriter> {
  const dir = snapshotDir(office.sharedDir)
  const lastWritten = new Map<SnapshotFile, string>()
  let lastStamp: string | null = null
  let lastError: string | null = null
  let stopped = false

  // SQLite: whether anything was committed at all. PostgreSQL (several seats): the event log's
  // head, which every change the snapshot carries moves (jobs, and the settings' audit entries).
  const stamp = async (): Promise<string> =>
    office.engine === 'sqlite'
      ? changeStamp(office.sqlite)
      : String(
          (
            await office.db
              .selectFrom('job_events')
              .select((eb) => eb.fn.max('id').as('head'))
              .executeTakeFirst()
          )?.head ?? 0,
        )

  const look = async (force: boolean): Promise<SnapshotRefresh> => {
    if (stopped) return { written: [], skipped: true }
    const now = await stamp()
    if (!force && now === lastStamp) return { written: [], skipped: true }
    const written: SnapshotFile[] = []
    try {
      const bodies = await buildOfficeSnapshot(office)
      for (const file of Object.keys(SNAPSHOT_FILES) as SnapshotFile[]) {
        const body = JSON.stringify(bodies[file])
        if (lastWritten.get(file) === body) continue
        const path = join(dir, SNAPSHOT_FILES[file].name)
        if (bodyOnDisk(path) !== body) {
          const { schema, ...rest } = bodies[file]
          const text = JSON.stringify({ schema, updatedAt: new Date().toISOString(), ...rest }, null, 2)
          writeFileAtomic(path, `${text}\n`)
          written.push(file)
        }
        lastWritten.set(file, body)
      }
      lastStamp = now
      lastError = null
    } catch (error) {
      // The shared folder offline (a share, an unmounted drive): say it once, try again next time.
      const message = error instanceof Error ? error.message : String(error)
      if (message !== lastError) console.error(`[closeout] could not write the office snapshot in ${dir}: ${message}`)
      lastError = message
    }
    return { written, skipped: false }
  }
  let queue: Promise<unknown> = Promise.resolve()
  const refresh = (force = false): Promise<SnapshotRefresh> => {
    const next = queue.then(() => look(force))
    queue = next.catch(() => undefined)
    return next
  }

  // Temp files a kill left behind (spec v1.1: the office sweeps its own writers' temps).
  sweepStaleTemps(dir)
  await refresh(true)
  let soon: NodeJS.Timeout | null = null
  const onChange = () => {
    soon ??= setTimeout(() => {
      soon = null
      void refresh()
    }, 50)
  }
  office.events.on('jobs.changed', onChange)
  const timer = setInterval(() => void refresh(), options.intervalMs ?? 2000)
  timer.unref()
  return {
    refresh,
    stop() {
      stopped = true
      clearInterval(timer)
      if (soon) clearTimeout(soon)
      office.events.off('jobs.changed', onChange)
    },
  }
}

/** The file's content as the body it was built from (without `updatedAt`), or null. */
function bodyOnDisk(path: string): string | null {
  try {
    const { updatedAt: _stamp, ...rest } = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>
    return JSON.stringify(rest)
  } catch {
    return null
  }
}
