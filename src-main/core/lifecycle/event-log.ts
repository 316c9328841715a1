import { createHash } from 'node:crypto'
import { prepareCached, type Sqlite } from '../db/connection'
import type { Kysely, Selectable } from 'kysely'
import type { Database, JobEventsTable } from '../db/schema'

/**
 * The job event log: append-only (triggers refuse UPDATE and DELETE) and hash-chained. Each
 * row stores the previous row's hash and its own: sha256(prev_hash + "\n" + canonical row).
 * The newest row's id and hash are also kept in settings('event_log_head'), so deleting the
 * last rows is detected too. `verifyEventLog` names the first row that does not fit.
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
 * Appends one event. Call inside the caller's transaction so the event commits with its change.
 * Plain SQL on cached statements: an ingest appends a handful per bundle, and building the
 * queries with Kysely cost more than running them. The head is read from the table every time
 * (an index lookup), never remembered: a savepoint rolled back would leave a stale copy.
 */
export function appendEvent(sqlite: Sqlite, _db: Kysely<Database>, event: NewEvent): EventRow {
  const last = prepareCached(sqlite, 'SELECT id, hash FROM job_events ORDER BY id DESC LIMIT 1').get() as
    { id: number; hash: string } | undefined
  const row: Omit<EventRow, 'hash'> = {
    id: (last?.id ?? 0) + 1,
    job_id: event.jobId,
    at: event.at ?? new Date().toISOString(),
    type: event.type,
    actor: event.actor,
    data_json: JSON.stringify(event.data ?? {}),
    prev_hash: last?.hash ?? GENESIS_HASH,
  }
  const full: EventRow = { ...row, hash: eventHash(row) }
  prepareCached(
    sqlite,
    'INSERT INTO job_events (id, job_id, at, type, actor, data_json, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(full.id, full.job_id, full.at, full.type, full.actor, full.data_json, full.prev_hash, full.hash)
  const head = JSON.stringify({ id: full.id, hash: full.hash })
  prepareCached(
    sqlite,
    'INSERT INTO settings (key, value_json) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json',
  ).run(HEAD_KEY, head)
  return full
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

/** A job's events, oldest first. */
export function readJobEvents(sqlite: Sqlite, jobId: string): JobEvent[] {
  const rows = sqlite
    .prepare('SELECT id, at, type, actor, data_json, hash FROM job_events WHERE job_id = ? ORDER BY id')
    .all(jobId) as Pick<EventRow, 'id' | 'at' | 'type' | 'actor' | 'data_json' | 'hash'>[]
  return rows.map((e) => ({
    id: e.id,
    at: e.at,
    type: e.type,
    actor: e.actor,
    data: JSON.parse(e.data_json) as Record<string, unknown>,
    hash: e.hash,
  }))
}

export interface LogVerdict {
  ok: boolean
  rows: number
  /** The first row that does not fit, and why. */
  brokenAt?: { id: number; reason: string }
}

export function verifyEventLog(sqlite: Sqlite): LogVerdict {
  const rows = sqlite.prepare('SELECT * FROM job_events ORDER BY id').iterate() as IterableIterator<EventRow>
  let prev: EventRow | null = null
  let count = 0
  for (const row of rows) {
    count++
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
    prev = row
  }
  const headRow = sqlite.prepare('SELECT value_json FROM settings WHERE key = ?').get(HEAD_KEY) as
    { value_json: string } | undefined
  if (headRow) {
    const head = JSON.parse(headRow.value_json) as { id: number; hash: string }
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
