import { sql, type Selectable } from 'kysely'
import { all, first, run, type Db } from '../db/connection'
import type { InboxBundlesTable } from '../db/schema'
import { setSynchronous } from '../db/raw-sql'
import type { PathMessage } from '../../../src-shared/schemas/issues'
import type { RejectionReason } from '../../../src-shared/schemas/bundle'

/** inbox_bundles: what the inbox knows about each folder it has seen. */

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

function rowToBundle(row: Selectable<InboxBundlesTable>): BundleRow {
  return {
    folder: row.folder,
    submissionId: row.submission_id,
    firstSeenAt: row.first_seen_at,
    lastCheckedAt: row.last_checked_at,
    attempts: row.attempts,
    state: row.state as BundleState,
    detail: JSON.parse(row.detail_json) as BundleDetail,
  }
}

export function getBundle({ sqlite, db }: Db, folder: string): BundleRow | null {
  const row = first(sqlite, db.selectFrom('inbox_bundles').selectAll().where('folder', '=', folder))
  return row ? rowToBundle(row) : null
}

export function bundlesInState({ sqlite, db }: Db, states: BundleState[]): BundleRow[] {
  return all(
    sqlite,
    db.selectFrom('inbox_bundles').selectAll().where('state', 'in', states).orderBy('first_seen_at').orderBy('folder'),
  ).map(rowToBundle)
}

/** Records the folder's state; keeps first_seen_at. `attempts` resets unless given. */
export function saveBundle(
  { sqlite, db }: Db,
  folder: string,
  update: { state: BundleState; submissionId?: string | null; detail?: BundleDetail; attempts?: number; now: string },
): void {
  run(
    sqlite,
    db
      .insertInto('inbox_bundles')
      .values({
        folder,
        submission_id: update.submissionId ?? null,
        first_seen_at: update.now,
        last_checked_at: update.now,
        attempts: update.attempts ?? 0,
        state: update.state,
        detail_json: JSON.stringify(update.detail ?? {}),
      })
      .onConflict((oc) =>
        oc.column('folder').doUpdateSet((eb) => ({
          submission_id: eb.fn.coalesce('excluded.submission_id', 'inbox_bundles.submission_id'),
          last_checked_at: eb.ref('excluded.last_checked_at'),
          attempts: eb.ref('excluded.attempts'),
          state: eb.ref('excluded.state'),
          detail_json: eb.ref('excluded.detail_json'),
        })),
      ),
  )
}

/** A bundle seen again after it left the inbox (reprocess, or moved back by hand) starts afresh. */
export function restartBundle({ sqlite, db }: Db, folder: string, now: string): void {
  run(
    sqlite,
    db
      .updateTable('inbox_bundles')
      .set({ first_seen_at: now, attempts: 0, state: 'pending', detail_json: '{}' })
      .where('folder', '=', folder),
  )
}

export function forgetBundle({ sqlite, db }: Db, folder: string): void {
  run(sqlite, db.deleteFrom('inbox_bundles').where('folder', '=', folder))
}

/**
 * Sets detail.inFlight to `mark` (JSON), creating the row if the folder is new. Committed
 * without fsync: the mark only has to survive a process crash (which WAL guarantees at any
 * synchronous level), not power loss. The bundle's outcome replaces it.
 */
export function writeInFlightMark({ sqlite, db }: Db, folder: string, now: string, mark: string): void {
  setSynchronous(sqlite, 'NORMAL')
  try {
    run(
      sqlite,
      db
        .insertInto('inbox_bundles')
        .values({
          folder,
          first_seen_at: now,
          last_checked_at: now,
          attempts: 0,
          state: 'pending',
          detail_json: sql<string>`json_object('inFlight', json(${mark}))`,
        })
        .onConflict((oc) =>
          oc.column('folder').doUpdateSet({
            last_checked_at: now,
            detail_json: sql<string>`json_set(inbox_bundles.detail_json, '$.inFlight', json(${mark}))`,
          }),
        ),
    )
  } finally {
    // openDatabase's setting: a commit must survive power loss before its bundle is moved.
    setSynchronous(sqlite, 'FULL')
  }
}

const OPEN: BundleState[] = ['pending', 'stalled']

/** Open bundles that carry a mark of being in flight (this start's, or one an earlier start left). */
export function bundlesInFlight({ sqlite, db }: Db): BundleRow[] {
  return all(
    sqlite,
    db
      .selectFrom('inbox_bundles')
      .selectAll()
      .where('state', 'in', OPEN)
      .where((eb) =>
        eb.or([
          eb(sql`json_extract(detail_json, '$.inFlight')`, 'is not', null),
          eb(sql`json_extract(detail_json, '$.inGroup')`, 'is not', null),
        ]),
      ),
  ).map(rowToBundle)
}

/** Open folders charged attempts or suspected, least tried first, then longest ago. */
export function crashSuspects({ sqlite, db }: Db): string[] {
  return all(
    sqlite,
    db
      .selectFrom('inbox_bundles')
      .select('folder')
      .where('state', 'in', OPEN)
      .where((eb) => eb.or([eb('attempts', '>', 0), eb(sql`json_extract(detail_json, '$.suspect')`, 'is not', null)]))
      .orderBy('attempts')
      .orderBy('last_checked_at')
      .orderBy('folder'),
  ).map((r) => r.folder)
}
