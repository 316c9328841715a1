import { randomBytes } from 'node:crypto'
import type { EngineDb } from '../db/engine-db'
import { bundlesInFlight, saveBundle, writeInFlightMark, type BundleDetail } from './bundles.repo'

/** Failed attempts (crashes the office died of while the bundle was alone) before it is held for the office. */
export const MAX_ATTEMPTS = 3

const starts = new WeakMap<object, string>()

/**
 * This start of the office (one per database connection): the process id, so a mark left by
 * another live process (`ingest --once` beside `serve`) is not taken for a crash, and a
 * random part, so a reused process id is not taken for this start. Keyed by the connection
 * (SQLite's) or the pool (PostgreSQL's) the office opened.
 */
export function startOf(edb: EngineDb): string {
  const key = edb.engine === 'sqlite' ? edb.sqlite : edb.db
  let start = starts.get(key)
  if (!start) {
    start = `${process.pid}:${randomBytes(6).toString('hex')}`
    starts.set(key, start)
  }
  return start
}

/** Marks a bundle as being ingested by this start, alone or with others in a group; its outcome replaces the mark. */
export async function markInFlight(edb: EngineDb, folder: string, now: string, alone: boolean): Promise<void> {
  await writeInFlightMark(edb, folder, now, JSON.stringify({ start: startOf(edb), alone, at: now }))
}

/**
 * Settles the marks that earlier starts left behind: that start died with these bundles in
 * flight. A bundle that was alone then is charged one attempt (the crash is pinned on it); one
 * in flight with others is only suspected and goes alone next time. A bundle charged
 * MAX_ATTEMPTS times is held in the inbox for the office (`attention`, `ingest-crashed`),
 * never rejected: an outside kill or a power cut is not the bundle's fault, so only repeats
 * across separate starts count. Marks of a process that still runs are left alone.
 *
 * On PostgreSQL (`only`: the folders this seat has just claimed) a mark left by another start
 * on a folder this seat could claim is a crash whatever the process ids say: the seat that
 * made it (on any PC) held the folder's lease and let it run out.
 */
export async function settleCrashes(edb: EngineDb, now: string, only?: readonly string[]): Promise<void> {
  const own = startOf(edb)
  const claimed = only ? new Set(only) : null
  for (const row of await bundlesInFlight(edb)) {
    if (claimed && !claimed.has(row.folder)) continue
    const { inFlight, inGroup, ...detail } = row.detail
    if (inFlight && (inFlight.start === own || (!claimed && isOtherLiveProcess(inFlight.start)))) continue
    const alone = inFlight?.alone ?? false
    const attempts = row.attempts + (alone ? 1 : 0)
    if (!alone) detail.suspect = true
    else detail.lastError ??= `the office stopped while reading this bundle (${inFlight?.at ?? inGroup ?? now})`
    if (attempts >= MAX_ATTEMPTS) await holdBundle(edb, row.folder, attempts, detail, now)
    else await saveBundle(edb.db, row.folder, { state: row.state, detail, attempts, now })
  }
}

/** Leaves a bundle in the inbox for the office: `attention` with reason `ingest-crashed`. */
export async function holdBundle(
  edb: EngineDb,
  folder: string,
  attempts: number,
  detail: BundleDetail,
  now: string,
): Promise<void> {
  const last = detail.lastError ? ` Last: ${detail.lastError}.` : ''
  const held = {
    reason: 'ingest-crashed' as const,
    message: `Reading this bundle failed ${attempts} times (the office stopped or hit an error while ingesting it), so it waits here instead of being retried.${last}`,
    since: now,
  }
  await saveBundle(edb.db, folder, { state: 'attention', detail: { ...detail, held }, attempts, now })
}

function isOtherLiveProcess(start: string): boolean {
  const pid = Number(start.split(':')[0])
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
