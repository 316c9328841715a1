import { createHash } from 'node:crypto'
import type { Kysely, Selectable } from 'kysely'
import type { Database, JobEventsTable } from '../db/schema'
import { writeSettingIn } from '../settings/settings-store'
import { foldIntoSummaryIn, foldManyIntoSummaryIn } from '../metrics/metrics.repo'

/**
 * The job event log: append-only (triggers refuse UPDATE and DELETE) and hash-chained. Each
 * row stores the previous row's hash and its own: sha256(prev_hash + "\n" + canonical row).
 * The newest row's id and hash are also kept in settings('event_log_head'), so deleting the
 * last rows is detected too. `verifyEventLogIn` names the first row that does not fit.
 */
export const GENESIS_HASH = '0'.repeat(64)
const HEAD_KEY = 'event_log_head'

export interface NewEvent {
  jobId: string
  type: string
  actor: string
  data?: Record<string, unknown>
  at?: string
}

export type EventRow = Selectable<JobEventsTable>

export function eventHash(row: Omit<EventRow, 'hash'>): string {
  const canonical = JSON.stringify([row.id, row.job_id, row.at, row.type, row.actor, row.data_json])
  return createHash('sha256').update(`${row.prev_hash}\n${canonical}`).digest('hex')
}

/**
 * Appends one event, for a writer running in `withTransaction` (db/engine-db.ts) on either
 * engine: `trx` is that transaction, so the event commits with its change, and the dashboard's
 * summary of the log (job_timelines) moves with it. The head is read from the table every time
 * (an index lookup), never remembered: a savepoint rolled back would leave a stale copy. On
 * PostgreSQL two seats appending at once both read the same last row: SERIALIZABLE lets one
 * commit and fails the other with a serialization error, and withTransaction runs that writer
 * again on the new head, so the chain never forks.
 */
export async function appendEventIn(trx: Kysely<Database>, event: NewEvent): Promise<EventRow> {
  const full = chained(await lastEvent(trx).executeTakeFirst(), event)
  await trx.insertInto('job_events').values(full).execute()
  await writeSettingIn(trx, HEAD_KEY, { id: full.id, hash: full.hash })
  await foldIntoSummaryIn(trx, full)
  return full
}

/**
 * appendEventIn for many events at once (an export's batch), in their order: the same rows,
 * chain, head record and summaries as one appendEventIn per event, in a few statements.
 */
export async function appendEventsIn(trx: Kysely<Database>, events: readonly NewEvent[]): Promise<EventRow[]> {
  if (events.length === 0) return []
  let last: { id: number; hash: string } | undefined = await lastEvent(trx).executeTakeFirst()
  const rows = events.map((event) => (last = chained(last, event)))
  // 8 parameters a row: well under either engine's limit per statement.
  for (let i = 0; i < rows.length; i += 200)
    await trx
      .insertInto('job_events')
      .values(rows.slice(i, i + 200))
      .execute()
  const head = rows[rows.length - 1]!
  await writeSettingIn(trx, HEAD_KEY, { id: head.id, hash: head.hash })
  await foldManyIntoSummaryIn(trx, rows)
  return rows
}

const lastEvent = (db: Kysely<Database>) =>
  db.selectFrom('job_events').select(['id', 'hash']).orderBy('id', 'desc').limit(1)

/** The row that follows `last` in the chain. */
function chained(last: { id: number; hash: string } | undefined, event: NewEvent): EventRow {
  const row: Omit<EventRow, 'hash'> = {
    id: (last?.id ?? 0) + 1,
    job_id: event.jobId,
    at: event.at ?? new Date().toISOString(),
    type: event.type,
    actor: event.actor,
    data_json: JSON.stringify(event.data ?? {}),
    prev_hash: last?.hash ?? GENESIS_HASH,
  }
  return { ...row, hash: eventHash(row) }
}

/** One job's event as the office reads it back: data parsed, chain fields left out. */
export interface JobEvent {
  id: number
  at: string
  type: string
  actor: string
  data: Record<string, unknown>
  hash: string
}

const jobEventsQuery = (db: Kysely<Database>, jobId: string) =>
  db
    .selectFrom('job_events')
    .select(['id', 'at', 'type', 'actor', 'data_json', 'hash'])
    .where('job_id', '=', jobId)
    .orderBy('id')

const toJobEvent = (e: Pick<EventRow, 'id' | 'at' | 'type' | 'actor' | 'data_json' | 'hash'>): JobEvent => ({
  id: Number(e.id),
  at: e.at,
  type: e.type,
  actor: e.actor,
  data: JSON.parse(e.data_json) as Record<string, unknown>,
  hash: e.hash,
})

/** A job's events, oldest first, on either engine. */
export async function readJobEventsAsync(db: Kysely<Database>, jobId: string): Promise<JobEvent[]> {
  return (await jobEventsQuery(db, jobId).execute()).map(toJobEvent)
}

export interface LogVerdict {
  ok: boolean
  rows: number
  /** The first row that does not fit, and why. */
  brokenAt?: { id: number; reason: string }
}

/**
 * The hash-chain walk behind every verify-log, whatever engine the rows come from (the SQLite
 * office below, PostgreSQL in db/pg/verify-log.ts): feed rows in id order, then the head record.
 */
export class EventChain {
  private prev: EventRow | null = null
  private count = 0

  /** The verdict if this row breaks the chain, else null. */
  next(row: EventRow): LogVerdict | null {
    const prev = this.prev
    this.count++
    const count = this.count
    const expectedPrev = prev?.hash ?? GENESIS_HASH
    if (prev && row.id !== prev.id + 1) {
      return {
        ok: false,
        rows: count,
        brokenAt: { id: row.id, reason: `row ${prev.id + 1} is missing (deleted) before row ${row.id}` },
      }
    }
    if (!prev && row.id !== 1) {
      return { ok: false, rows: count, brokenAt: { id: row.id, reason: `rows before ${row.id} are missing (deleted)` } }
    }
    if (row.prev_hash !== expectedPrev) {
      return {
        ok: false,
        rows: count,
        brokenAt: {
          id: row.id,
          reason: `row ${row.id} does not follow row ${prev?.id ?? 0} (inserted, reordered or a row before it changed)`,
        },
      }
    }
    if (eventHash(row) !== row.hash) {
      return {
        ok: false,
        rows: count,
        brokenAt: { id: row.id, reason: `row ${row.id} was edited after it was written` },
      }
    }
    this.prev = row
    return null
  }

  /** The verdict once every row is in; `head` is the setting 'event_log_head' (parsed). */
  end(head: { id: number; hash: string } | undefined): LogVerdict {
    const prev = this.prev
    const count = this.count
    if (head !== undefined) {
      if (!prev || prev.id !== head.id || prev.hash !== head.hash) {
        const lastId = prev?.id ?? 0
        return {
          ok: false,
          rows: count,
          brokenAt: {
            id: head.id,
            reason: `the log ends at row ${lastId} but row ${head.id} was written (rows deleted from the end)`,
          },
        }
      }
    } else if (prev) {
      return { ok: false, rows: count, brokenAt: { id: prev.id, reason: 'the log head record is missing' } }
    }
    return { ok: true, rows: count }
  }
}

/** Settings key of the log's head record (the newest row's id and hash). */
export const EVENT_LOG_HEAD_KEY = HEAD_KEY

const VERIFY_PAGE = 5000

/**
 * The event log's check on either engine (issue #17), read-only: the rows in id order a page at
 * a time through the chain walk, then the head record. In `db`: an EngineDb's, or the one of a
 * database just restored.
 */
export async function verifyEventLogIn(db: Kysely<Database>): Promise<LogVerdict> {
  const chain = new EventChain()
  for (let after = 0; ;) {
    const rows = await db
      .selectFrom('job_events')
      .selectAll()
      .where('id', '>', after)
      .orderBy('id')
      .limit(VERIFY_PAGE)
      .execute()
    for (const row of rows) {
      const broken = chain.next(row)
      if (broken) return broken
    }
    if (rows.length < VERIFY_PAGE) break
    after = rows[rows.length - 1]!.id
  }
  const head = await db.selectFrom('settings').select('value_json').where('key', '=', HEAD_KEY).executeTakeFirst()
  return chain.end(head ? (JSON.parse(head.value_json) as { id: number; hash: string }) : undefined)
}
