import { sql, type Kysely, type Selectable } from 'kysely'
import type { EngineDb } from '../db/engine-db'
import type { Database, InboxBundlesTable } from '../db/schema'
import { setSynchronous } from '../db/raw-sql'
import { binaryOrder, jsonText, textList } from '../db/sql-fragments'
import type { PathMessage } from '../../../src-shared/schemas/issues'
import type { RejectionReason } from '../../../src-shared/schemas/bundle'

/**
 * inbox_bundles: what the inbox knows about each folder it has seen, on either engine (issue
 * #17). The functions that take a `Kysely` run in the caller's transaction (`trx`) or on its own
 * (an EngineDb's `db`).
 */

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

export async function getBundle({ db }: EngineDb, folder: string): Promise<BundleRow | null> {
  const row = await db.selectFrom('inbox_bundles').selectAll().where('folder', '=', folder).executeTakeFirst()
  return row ? rowToBundle(row) : null
}

/** getBundle for many folders at once (a claimed chunk of the inbox): the rows there are, by folder. */
export async function getBundles(
  { db, engine }: EngineDb,
  folders: readonly string[],
): Promise<Map<string, BundleRow>> {
  if (folders.length === 0) return new Map()
  const rows = await db
    .selectFrom('inbox_bundles')
    .selectAll()
    .where('folder', 'in', textList(engine, folders))
    .execute()
  return new Map(rows.map((row) => [row.folder, rowToBundle(row)]))
}

export async function bundlesInState({ db, engine }: EngineDb, states: BundleState[]): Promise<BundleRow[]> {
  const rows = await db
    .selectFrom('inbox_bundles')
    .selectAll()
    .where('state', 'in', states)
    .orderBy('first_seen_at')
    .orderBy(binaryOrder(engine, 'folder'))
    .execute()
  return rows.map(rowToBundle)
}

export interface BundleUpdate {
  state: BundleState
  submissionId?: string | null
  detail?: BundleDetail
  attempts?: number
  now: string
}

/** Records the folder's state; keeps first_seen_at. `attempts` resets unless given. In `db`, or a transaction. */
export async function saveBundle(db: Kysely<Database>, folder: string, update: BundleUpdate): Promise<void> {
  await saveBundles(db, [{ folder, update }])
}

/** saveBundle for many folders (the ingest's group), one statement per 200. */
export async function saveBundles(
  db: Kysely<Database>,
  bundles: readonly { folder: string; update: BundleUpdate }[],
): Promise<void> {
  for (let i = 0; i < bundles.length; i += 200)
    await db
      .insertInto('inbox_bundles')
      .values(
        bundles.slice(i, i + 200).map(({ folder, update }) => ({
          folder,
          submission_id: update.submissionId ?? null,
          first_seen_at: update.now,
          last_checked_at: update.now,
          attempts: update.attempts ?? 0,
          state: update.state,
          detail_json: JSON.stringify(update.detail ?? {}),
        })),
      )
      .onConflict((oc) =>
        oc.column('folder').doUpdateSet((eb) => ({
          submission_id: eb.fn.coalesce('excluded.submission_id', 'inbox_bundles.submission_id'),
          last_checked_at: eb.ref('excluded.last_checked_at'),
          attempts: eb.ref('excluded.attempts'),
          state: eb.ref('excluded.state'),
          detail_json: eb.ref('excluded.detail_json'),
        })),
      )
      .execute()
}

/** A bundle seen again after it left the inbox (reprocess, or moved back by hand) starts afresh. */
export async function restartBundle({ db }: EngineDb, folder: string, now: string): Promise<void> {
  await db
    .updateTable('inbox_bundles')
    .set({ first_seen_at: now, attempts: 0, state: 'pending', detail_json: '{}' })
    .where('folder', '=', folder)
    .execute()
}

export async function forgetBundle({ db }: EngineDb, folder: string): Promise<void> {
  await db.deleteFrom('inbox_bundles').where('folder', '=', folder).execute()
}

/**
 * Sets detail.inFlight to `mark` (JSON), creating the row if the folder is new. On SQLite it
 * is committed without fsync: the mark only has to survive a process crash (which WAL
 * guarantees at any synchronous level), not power loss; the bundle's outcome replaces it. The
 * statement runs holding Kysely's one SQLite connection, so no async transaction can commit
 * while synchronous is NORMAL.
 */
export async function writeInFlightMark(edb: EngineDb, folder: string, now: string, mark: string): Promise<void> {
  const markIn = (db: Kysely<Database>) =>
    db
      .insertInto('inbox_bundles')
      .values({
        folder,
        first_seen_at: now,
        last_checked_at: now,
        attempts: 0,
        state: 'pending',
        detail_json: JSON.stringify({ inFlight: JSON.parse(mark) as unknown }),
      })
      .onConflict((oc) =>
        oc.column('folder').doUpdateSet({
          last_checked_at: now,
          detail_json:
            edb.engine === 'postgres'
              ? sql<string>`jsonb_set(inbox_bundles.detail_json::jsonb, '{inFlight}', ${mark}::jsonb)::text`
              : sql<string>`json_set(inbox_bundles.detail_json, '$.inFlight', json(${mark}))`,
        }),
      )
      .execute()
  if (edb.engine === 'postgres') {
    await markIn(edb.db)
    return
  }
  const { sqlite } = edb
  await edb.db.connection().execute(async (connection) => {
    setSynchronous(sqlite, 'NORMAL')
    try {
      await markIn(connection)
    } finally {
      // openDatabase's setting: a commit must survive power loss before its bundle is moved.
      setSynchronous(sqlite, 'FULL')
    }
  })
}

const OPEN: BundleState[] = ['pending', 'stalled']

/** Open bundles that carry a mark of being in flight (this start's, or one an earlier start left). */
export async function bundlesInFlight({ db, engine }: EngineDb): Promise<BundleRow[]> {
  const rows = await db
    .selectFrom('inbox_bundles')
    .selectAll()
    .where('state', 'in', OPEN)
    .where((eb) =>
      eb.or([
        eb(jsonText(engine, 'detail_json', 'inFlight'), 'is not', null),
        eb(jsonText(engine, 'detail_json', 'inGroup'), 'is not', null),
      ]),
    )
    .execute()
  return rows.map(rowToBundle)
}

/** Open folders charged attempts or suspected, least tried first, then longest ago. */
export async function crashSuspects({ db, engine }: EngineDb): Promise<string[]> {
  const rows = await db
    .selectFrom('inbox_bundles')
    .select('folder')
    .where('state', 'in', OPEN)
    .where((eb) => eb.or([eb('attempts', '>', 0), eb(jsonText(engine, 'detail_json', 'suspect'), 'is not', null)]))
    .orderBy('attempts')
    .orderBy('last_checked_at')
    .orderBy(binaryOrder(engine, 'folder'))
    .execute()
  return rows.map((r) => r.folder)
}
