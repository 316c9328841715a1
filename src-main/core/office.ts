import { EventEmitter } from 'node:events'
import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Kysely } from 'kysely'
import { openDatabase, type Sqlite } from './db/connection'
import type { Database } from './db/schema'
import { CloseoutError } from './errors'
import { refoldSummaryIfStale } from './metrics/metrics.repo'
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
}

/** A host's secret store for the SMTP password: never the data folder in plain text. */
export interface MailPasswordStore {
  read(): string | null
  write(password: string | null): void
}

export type OfficeEventName = EventName

/** The office's event emitter: each event name carries its one payload type. */
export type OfficeEmitter = EventEmitter<{ [E in EventName]: [OfficeEvents[E]] }>

/** The back office as a plain Node library: every transport (IPC, HTTP, CLI) wraps one of these. */
export interface Office {
  readonly dataDir: string
  readonly sharedDir: string
  /** The content-addressed attachment store (core/store/attachment-store.ts): `<data>/attachments` unless opened with another. */
  readonly attachmentsDir: string
  /** The SQLite driver the office was opened with (Electron's own build), for a second connection such as a backup snapshot. */
  readonly nativeBinding: string | undefined
  /**
   * The engine the office runs on: always the SQLite file for now (PostgreSQL is refused at open,
   * docs/multi-seat.md). With `sqlite` and `db` this makes the office an `EngineDb`
   * (db/engine-db.ts), what the async repositories take.
   */
  readonly engine: 'sqlite'
  readonly sqlite: Sqlite
  readonly db: Kysely<Database>
  readonly events: OfficeEmitter
  readonly mailPassword: MailPasswordStore | undefined
  readonly databaseChoice: DatabaseChoiceStore | undefined
  close(): Promise<void>
}

/** The one composition root. Opening writes nothing into the shared folder: see startOffice. */
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
  const { sqlite, db } = await openDatabase(
    dataDir,
    options.nativeBinding ? { nativeBinding: options.nativeBinding } : {},
  )
  const events: OfficeEmitter = new EventEmitter()
  let closed = false
  const office: Office = {
    dataDir,
    sharedDir,
    attachmentsDir,
    nativeBinding: options.nativeBinding,
    engine: 'sqlite',
    sqlite,
    db,
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
  refoldSummaryIfStale({ sqlite, db })
  // Owed receipts are paid by the host's start-up step (office-start.ts), not here.
  return office
}

function isInside(child: string, parent: string): boolean {
  const c = child.endsWith('/') ? child : `${child}/`
  const p = parent.endsWith('/') ? parent : `${parent}/`
  return c.startsWith(p)
}
