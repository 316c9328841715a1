import BetterSqlite3 from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { sqliteQueryBuilder, type Sqlite } from './connection'
import type { LanSessionsTable, PinThrottleTable } from './schema'

/**
 * A seat's own small database, in its data folder (never the shared folder): the technician
 * form's phone sessions and lockouts where the office's rows are not in a SQLite file on this PC
 * (a `serve --lan-only` PC, and each seat of an office on PostgreSQL: office.ts `seatState`).
 */
export const FORM_STATE_FILE = 'form-server.sqlite'

const TABLES = [
  // As the office's tables of the same names, without the office's technicians to refer to.
  `CREATE TABLE IF NOT EXISTS lan_sessions (token_hash TEXT PRIMARY KEY, technician_id TEXT NOT NULL,
     created_at TEXT NOT NULL, expires_at TEXT NOT NULL) STRICT`,
  `CREATE TABLE IF NOT EXISTS pin_throttle (key TEXT PRIMARY KEY, failures INTEGER NOT NULL,
     window_started_at TEXT NOT NULL, locked_until TEXT) STRICT`,
  // Who sent each bundle written here: answers a phone's receipt and retry questions while the
  // bundle is on its way between the inbox and the office's archive.
  `CREATE TABLE IF NOT EXISTS sent_submissions (id TEXT PRIMARY KEY, technician_id TEXT NOT NULL,
     fingerprint TEXT NOT NULL, sent_at TEXT NOT NULL) STRICT`,
  // The PIN hash each technician had when this server last looked: when the office's snapshot
  // brings a different one, that technician's phone sessions end (snapshot-source.ts).
  `CREATE TABLE IF NOT EXISTS technician_pins (technician_id TEXT PRIMARY KEY, pin_stamp TEXT NOT NULL) STRICT`,
]

export interface SentSubmissionsTable {
  id: string
  technician_id: string
  fingerprint: string
  sent_at: string
}

export interface TechnicianPinsTable {
  technician_id: string
  pin_stamp: string
}

/**
 * The form server's state as Kysely sees it. `lan_sessions` and `pin_throttle` are the office's
 * tables of the same names (on the office's form server the state is the office database).
 */
export interface FormStateDatabase {
  lan_sessions: LanSessionsTable
  pin_throttle: PinThrottleTable
  sent_submissions: SentSubmissionsTable
  technician_pins: TechnicianPinsTable
}

/** Builds the state's SQL; the caller runs it on the state connection (connection.ts first/all/run). */
export const formStateDb = sqliteQueryBuilder<FormStateDatabase>()

export function openFormState(dataDir: string): Sqlite {
  mkdirSync(dataDir, { recursive: true })
  const sqlite = new BetterSqlite3(join(dataDir, FORM_STATE_FILE))
  try {
    sqlite.pragma('journal_mode = WAL')
    sqlite.pragma('synchronous = FULL')
    sqlite.pragma('busy_timeout = 5000')
    for (const statement of TABLES) sqlite.exec(statement)
    return sqlite
  } catch (error) {
    sqlite.close()
    throw error
  }
}
