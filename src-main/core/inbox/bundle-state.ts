import type { PathMessage } from '../../../src-shared/schemas/issues'
import type { RejectionReason } from '../../../src-shared/schemas/bundle'
import type { Sqlite } from '../db/connection'
import { statement } from './statements'

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
  /** Set while the bundle is being ingested in a group (markInGroup). */
  inGroup?: string
  /** Where the folder went, relative to the shared folder. */
  movedTo?: string
  lastError?: string
}

export type BundleState = 'pending' | 'stalled' | 'ingested' | 'duplicate' | 'rejected'

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

/**
 * Counts an attempt before the heavy part of an ingest, so a bundle that kills the process
 * is recognised after three restarts. Committed without fsync: the counter only has to
 * survive a process crash (which WAL guarantees at any synchronous level), not power loss.
 */
export function bumpAttempts(sqlite: Sqlite, folder: string, now: string): number {
  return withoutFsync(sqlite, () => {
    const row = statement(
      sqlite,
      `INSERT INTO inbox_bundles (folder, first_seen_at, last_checked_at, attempts, state, detail_json)
       VALUES (?, ?, ?, 1, 'pending', '{}')
       ON CONFLICT(folder) DO UPDATE SET attempts = attempts + 1, last_checked_at = excluded.last_checked_at
       RETURNING attempts`,
    ).get(folder, now, now) as { attempts: number }
    return row.attempts
  })
}

/**
 * Marks a bundle as ingesting inside a group (see ingest-batch). A crash then cannot be
 * pinned on one bundle of the group, so it counts no attempt; instead every bundle still
 * marked is a crash suspect and goes alone next time, where bumpAttempts counts.
 */
export function markInGroup(sqlite: Sqlite, folder: string, now: string): void {
  withoutFsync(sqlite, () =>
    statement(
      sqlite,
      `INSERT INTO inbox_bundles (folder, first_seen_at, last_checked_at, attempts, state, detail_json)
       VALUES (@folder, @now, @now, 0, 'pending', json_object('inGroup', @now))
       ON CONFLICT(folder) DO UPDATE SET last_checked_at = @now, detail_json = json_set(detail_json, '$.inGroup', @now)`,
    ).run({ folder, now }),
  )
}

/**
 * Folders whose last ingest never finished (a counted attempt, or a group that was cut short),
 * least tried first and, among equals, the one tried longest ago: a run of kills then moves on
 * from bundle to bundle instead of landing on the same one three times.
 */
export function crashSuspects(sqlite: Sqlite): string[] {
  const rows = statement(
    sqlite,
    `SELECT folder FROM inbox_bundles WHERE attempts > 0 OR json_extract(detail_json, '$.inGroup') IS NOT NULL ORDER BY attempts, last_checked_at, folder`,
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
