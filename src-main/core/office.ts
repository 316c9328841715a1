import { EventEmitter } from 'node:events'
import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Kysely } from 'kysely'
import { openDatabase, type Sqlite } from './db/connection'
import type { DatabaseEngine } from './db/pg/engine'
import type { Database } from './db/schema'
import { CloseoutError } from './errors'
import { refoldSummaryIfStale } from './metrics/metrics.repo'
import { openPostgresOffice } from './office-postgres'
import { readSeat, type Seat } from './seat'
import { attachmentsRoot } from './store/attachment-store'
import type { DatabaseChoiceStore } from './settings/database-choice'
import type { EventName, OfficeEvents } from '../../src-shared/api/events'

export interface OfficeOptions {
  dataDir: string
  sharedDir: string
  /** Path to an Electron-ABI better_sqlite3.node (desktop app only). */
  nativeBinding?: string
  /** Where the SMTP password lives on this host (the desktop's keychain); without it, the environment. */
  mailPassword?: MailPasswordStore
  /** Where Settings > Database keeps its choice (the desktop's keychain); `serve` has none. */
  databaseChoice?: DatabaseChoiceStore
  /**
   * The attachment store's folder when it is not `<data>/attachments`: on PostgreSQL, a folder
   * every seat reaches (a network share), named per PC (docs/multi-seat.md).
   */
  attachmentsDir?: string
  /**
   * The engine holding the office's rows: the SQLite file in the data folder (the default) or a
   * PostgreSQL server shared by several seats (docs/multi-seat.md).
   */
  database?: DatabaseEngine
}

/** A host's secret store for the SMTP password: never the data folder in plain text. */
export interface MailPasswordStore {
  read(): string | null
  write(password: string | null): void
}

export type OfficeEventName = EventName

/** The office's event emitter: each event name carries its one payload type. */
export type OfficeEmitter = EventEmitter<{ [E in EventName]: [OfficeEvents[E]] }>

/** What every office has, on either engine. */
interface OfficeParts {
  readonly dataDir: string
  readonly sharedDir: string
  /** The content-addressed attachment store (core/store/attachment-store.ts): `<data>/attachments` unless opened with another. */
  readonly attachmentsDir: string
  /** The SQLite driver the office was opened with (Electron's own build), for a second connection such as a backup snapshot. */
  readonly nativeBinding: string | undefined
  readonly db: Kysely<Database>
  /** The engine as chosen (`display` masks a PostgreSQL password), for messages. */
  readonly database: DatabaseEngine
  /**
   * This PC's own small SQLite: the technician form's phone sessions and lockouts when this seat
   * serves the form. On SQLite it is the office's own connection (its lan_sessions and
   * pin_throttle tables); on PostgreSQL a file in this seat's data folder (lan/form-state.ts).
   */
  readonly seatState: Sqlite
  /** Which PC this is among the seats on one database (its data folder's seat.json). */
  readonly seat: Seat
  readonly events: OfficeEmitter
  readonly mailPassword: MailPasswordStore | undefined
  readonly databaseChoice: DatabaseChoiceStore | undefined
  close(): Promise<void>
}

/** The office in the SQLite file of its data folder: its connection is there for what only SQLite has (backups, snapshots). */
export interface SqliteOffice extends OfficeParts {
  readonly engine: 'sqlite'
  readonly database: Extract<DatabaseEngine, { engine: 'sqlite' }>
  readonly sqlite: Sqlite
}

/** The office on a PostgreSQL server several seats share (docs/multi-seat.md): it has no SQLite connection. */
export interface PostgresOffice extends OfficeParts {
  readonly engine: 'postgres'
  readonly database: Extract<DatabaseEngine, { engine: 'postgres' }>
}

/**
 * The back office as a plain Node library: every transport (IPC, HTTP, CLI) wraps one of these.
 * `engine` says which it is (SQLite file or PostgreSQL, docs/multi-seat.md); with `db` (and
 * `sqlite` on SQLite) the office is an `EngineDb` (db/engine-db.ts), what the repositories take.
 */
export type Office = SqliteOffice | PostgresOffice

/** The one composition root. Opening writes nothing into the shared folder: see startOffice. */
export function openOffice(options: OfficeOptions & { database?: { engine: 'sqlite' } }): Promise<SqliteOffice>
export function openOffice(options: OfficeOptions): Promise<Office>
export async function openOffice(options: OfficeOptions): Promise<Office> {
  const dataDir = resolve(options.dataDir)
  const sharedDir = resolve(options.sharedDir)
  if (isInside(dataDir, sharedDir) || isInside(sharedDir, dataDir)) {
    throw new CloseoutError(
      'data-in-shared-folder',
      'The data folder and the shared folder must be separate: a live database inside a synced folder gets corrupted',
    )
  }
  const attachmentsDir = options.attachmentsDir ? resolve(options.attachmentsDir) : attachmentsRoot(dataDir)
  if (isInside(attachmentsDir, sharedDir) || isInside(sharedDir, attachmentsDir)) {
    throw new CloseoutError(
      'attachments-in-shared-folder',
      `The attachments folder (${attachmentsDir}) and the shared folder (${sharedDir}) must be separate: the shared folder carries closeouts between phones and the office, the attachments folder keeps the office's photos. Use a folder beside it`,
    )
  }
  mkdirSync(dataDir, { recursive: true })
  const seat = readSeat(dataDir)
  const database = options.database ?? { engine: 'sqlite' }
  if (database.engine === 'postgres') {
    const events: OfficeEmitter = new EventEmitter()
    return openPostgresOffice({ dataDir, sharedDir, attachmentsDir, seat, database, events, options })
  }
  const { sqlite, db } = await openDatabase(
    dataDir,
    options.nativeBinding ? { nativeBinding: options.nativeBinding } : {},
  )
  const events: OfficeEmitter = new EventEmitter()
  let closed = false
  const office: SqliteOffice = {
    dataDir,
    sharedDir,
    attachmentsDir,
    nativeBinding: options.nativeBinding,
    engine: 'sqlite',
    sqlite,
    db,
    database,
    seatState: sqlite,
    seat,
    events,
    mailPassword: options.mailPassword,
    databaseChoice: options.databaseChoice,
    async close() {
      if (closed) return
      closed = true
      events.removeAllListeners()
      try {
        // Fold the WAL into the database file, so a copy of the data folder taken after a clean
        // stop is complete on its own.
        sqlite.pragma('wal_checkpoint(TRUNCATE)')
      } catch {
        // A read-only or already-closed database has nothing to checkpoint.
      }
      await db.destroy()
    },
  }
  // The dashboard's summary of the log, folded again if the fold changed since it was written.
  await refoldSummaryIfStale(office)
  // Owed receipts are paid by the host's start-up step (office-start.ts), not here.
  return office
}

function isInside(child: string, parent: string): boolean {
  const c = child.endsWith('/') ? child : `${child}/`
  const p = parent.endsWith('/') ? parent : `${parent}/`
  return c.startsWith(p)
}
