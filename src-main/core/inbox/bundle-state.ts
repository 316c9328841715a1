import { randomBytes } from 'node:crypto'
import type { PathMessage } from '../../../src-shared/schemas/issues'
import type { RejectionReason } from '../../../src-shared/schemas/bundle'
import type { Sqlite } from '../db/connection'
import { statement } from '../db/statements'

export { statement }

/** What inbox_bundles.detail_json holds, by state. */
export interface BundleDetail {
  /** pending / stalled: what is missing or short. */
  missing?: PathMessage[]
  /** An unparseable manifest or a stray file: when its size and mtime were last seen to change. */
  settle?: { size: number; mtimeMs: number; since: string }
  /** rejected */
  reason?: RejectionReason
  details?: PathMessage[]
  at?: string
  /** Set while an ingest of the bundle is under way (markInFlight); cleared by its outcome. */
  inFlight?: { start: string; alone: boolean; at: string }
  /** Older offices' mark of a group in flight: treated like inFlight with alone false. */
  inGroup?: string
  /** The office died while this bundle was in flight with others: next time it goes alone. */
  suspect?: boolean
  /** The start that last counted a failed attempt on this bundle (at most one per start). */
  countedIn?: string
  /** attention: why the bundle is held in the inbox for the office. */
  held?: { reason: 'ingest-crashed'; message: string; since: string }
  /** Where the folder went, relative to the shared folder. */
  movedTo?: string
  lastError?: string
}

/** `attention`: left in the inbox until the office reprocesses it (spec v1.1, `ingest-crashed`). */
export type BundleState = 'pending' | 'stalled' | 'ingested' | 'duplicate' | 'rejected' | 'attention'

export interface BundleRow {
  folder: string
  submissionId: string | null
  firstSeenAt: string
  lastCheckedAt: string
  attempts: number
  state: BundleState
  detail: BundleDetail
}

interface RawRow {
  folder: string
  submission_id: string | null
  first_seen_at: string
  last_checked_at: string
  attempts: number
  state: string
  detail_json: string
}

function toRow(raw: RawRow): BundleRow {
  return {
    folder: raw.folder,
    submissionId: raw.submission_id,
    firstSeenAt: raw.first_seen_at,
    lastCheckedAt: raw.last_checked_at,
    attempts: raw.attempts,
    state: raw.state as BundleState,
    detail: JSON.parse(raw.detail_json) as BundleDetail,
  }
}

export function getBundle(sqlite: Sqlite, folder: string): BundleRow | null {
  const raw = statement(sqlite, 'SELECT * FROM inbox_bundles WHERE folder = ?').get(folder) as RawRow | undefined
  return raw ? toRow(raw) : null
}

export function bundlesInState(sqlite: Sqlite, states: BundleState[]): BundleRow[] {
  const rows = sqlite
    .prepare(
      `SELECT * FROM inbox_bundles WHERE state IN (${states.map(() => '?').join(',')}) ORDER BY first_seen_at, folder`,
    )
    .all(...states) as RawRow[]
  return rows.map(toRow)
}

/** Records the folder's state; keeps first_seen_at. `attempts` resets unless given. */
export function saveBundle(
  sqlite: Sqlite,
  folder: string,
  update: { state: BundleState; submissionId?: string | null; detail?: BundleDetail; attempts?: number; now: string },
): void {
  statement(
    sqlite,
    `INSERT INTO inbox_bundles (folder, submission_id, first_seen_at, last_checked_at, attempts, state, detail_json)
       VALUES (@folder, @submissionId, @now, @now, @attempts, @state, @detail)
       ON CONFLICT(folder) DO UPDATE SET submission_id = COALESCE(@submissionId, submission_id), last_checked_at = @now,
         attempts = @attempts, state = @state, detail_json = @detail`,
  ).run({
    folder,
    submissionId: update.submissionId ?? null,
    now: update.now,
    attempts: update.attempts ?? 0,
    state: update.state,
    detail: JSON.stringify(update.detail ?? {}),
  })
}

/** A bundle seen again after it left the inbox (reprocess, or moved back by hand) starts afresh. */
export function restartBundle(sqlite: Sqlite, folder: string, now: string): void {
  sqlite
    .prepare(
      `UPDATE inbox_bundles SET first_seen_at = ?, attempts = 0, state = 'pending', detail_json = '{}' WHERE folder = ?`,
    )
    .run(now, folder)
}

export function forgetBundle(sqlite: Sqlite, folder: string): void {
  sqlite.prepare('DELETE FROM inbox_bundles WHERE folder = ?').run(folder)
}

/** Failed attempts (crashes the office died of while the bundle was alone) before it is held for the office. */
export const MAX_ATTEMPTS = 3

const starts = new WeakMap<Sqlite, string>()

/**
 * This start of the office (one per database connection): the process id, so a mark left by
 * another live process (`ingest --once` beside `serve`) is not taken for a crash, and a
 * random part, so a reused process id is not taken for this start.
 */
export function startOf(sqlite: Sqlite): string {
  let start = starts.get(sqlite)
  if (!start) {
    start = `${process.pid}:${randomBytes(6).toString('hex')}`
    starts.set(sqlite, start)
  }
  return start
}

/**
 * Marks a bundle as being ingested by this start, alone or with others in a group. Committed
 * without fsync: the mark only has to survive a process crash (which WAL guarantees at any
 * synchronous level), not power loss. The bundle's outcome replaces it.
 */
export function markInFlight(sqlite: Sqlite, folder: string, now: string, alone: boolean): void {
  const mark = JSON.stringify({ start: startOf(sqlite), alone, at: now })
  withoutFsync(sqlite, () =>
    statement(
      sqlite,
      `INSERT INTO inbox_bundles (folder, first_seen_at, last_checked_at, attempts, state, detail_json)
       VALUES (@folder, @now, @now, 0, 'pending', json_object('inFlight', json(@mark)))
       ON CONFLICT(folder) DO UPDATE SET last_checked_at = @now, detail_json = json_set(detail_json, '$.inFlight', json(@mark))`,
    ).run({ folder, now, mark }),
  )
}

/**
 * Settles the marks that earlier starts left behind: that start died with these bundles in
 * flight. A bundle that was alone then is charged one attempt (the crash is pinned on it); one
 * in flight with others is only suspected and goes alone next time. A bundle charged
 * MAX_ATTEMPTS times is held in the inbox for the office (`attention`, `ingest-crashed`),
 * never rejected: an outside kill or a power cut is not the bundle's fault, so only repeats
 * across separate starts count. Marks of a process that still runs are left alone.
 */
export function settleCrashes(sqlite: Sqlite, now: string): void {
  const own = startOf(sqlite)
  const rows = statement(
    sqlite,
    `SELECT * FROM inbox_bundles WHERE state IN ('pending', 'stalled')
       AND (json_extract(detail_json, '$.inFlight') IS NOT NULL OR json_extract(detail_json, '$.inGroup') IS NOT NULL)`,
  ).all() as RawRow[]
  for (const row of rows.map(toRow)) {
    const { inFlight, inGroup, ...detail } = row.detail
    if (inFlight && (inFlight.start === own || isOtherLiveProcess(inFlight.start))) continue
    const alone = inFlight?.alone ?? false
    const attempts = row.attempts + (alone ? 1 : 0)
    if (!alone) detail.suspect = true
    else detail.lastError ??= `the office stopped while reading this bundle (${inFlight?.at ?? inGroup ?? now})`
    if (attempts >= MAX_ATTEMPTS) holdBundle(sqlite, row.folder, attempts, detail, now)
    else saveBundle(sqlite, row.folder, { state: row.state, detail, attempts, now })
  }
}

/** Leaves a bundle in the inbox for the office: `attention` with reason `ingest-crashed`. */
export function holdBundle(sqlite: Sqlite, folder: string, attempts: number, detail: BundleDetail, now: string): void {
  const last = detail.lastError ? ` Last: ${detail.lastError}.` : ''
  const held = {
    reason: 'ingest-crashed' as const,
    message: `Reading this bundle failed ${attempts} times (the office stopped or hit an error while ingesting it), so it waits here instead of being retried.${last}`,
    since: now,
  }
  saveBundle(sqlite, folder, { state: 'attention', detail: { ...detail, held }, attempts, now })
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

/**
 * Folders whose ingest never finished or failed (charged attempts, or suspected after a group
 * the office died in), least tried first and, among equals, the one tried longest ago: each
 * goes alone, so a crash can be pinned on it.
 */
export function crashSuspects(sqlite: Sqlite): string[] {
  const rows = statement(
    sqlite,
    `SELECT folder FROM inbox_bundles WHERE state IN ('pending', 'stalled')
       AND (attempts > 0 OR json_extract(detail_json, '$.suspect') IS NOT NULL) ORDER BY attempts, last_checked_at, folder`,
  ).all() as { folder: string }[]
  return rows.map((r) => r.folder)
}

function withoutFsync<T>(sqlite: Sqlite, write: () => T): T {
  statement(sqlite, 'PRAGMA synchronous = NORMAL').run()
  try {
    return write()
  } finally {
    // openDatabase's setting: a commit must survive power loss before its bundle is moved.
    statement(sqlite, 'PRAGMA synchronous = FULL').run()
  }
}
