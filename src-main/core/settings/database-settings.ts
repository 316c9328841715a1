import { existsSync, statSync } from 'node:fs'
import { isAbsolute, join, relative, resolve } from 'node:path'
import type { DatabaseView } from '../../../src-shared/api/database'
import { maskConnectionString, parseDatabaseOption } from '../db/pg/engine'
import { CloseoutError } from '../errors'
import type { Office } from '../office'
import { DATABASE_VARIABLE, type SavedDatabaseChoice } from './database-choice'

/** Settings > Database as shown: the engine in use (with this PC's seat and attachments) and the saved choice. */
export function databaseView(office: Office): DatabaseView {
  const store = office.databaseChoice
  const saved = store?.read() ?? null
  const env = process.env[DATABASE_VARIABLE]?.trim()
  return {
    inUse:
      office.database.engine === 'sqlite'
        ? { engine: 'sqlite', file: join(office.dataDir, 'closeout.sqlite'), attachmentsDir: office.attachmentsDir }
        : {
            engine: 'postgres',
            target: office.database.display,
            seat: office.seat.name,
            attachmentsDir: office.attachmentsDir,
          },
    saved:
      saved === null
        ? null
        : saved.engine === 'sqlite'
          ? { engine: 'sqlite' }
          : { engine: 'postgres', target: saved.display, attachmentsDir: saved.attachmentsDir ?? null },
    storage: store ? (store.keychain() ? 'keychain' : 'no-keychain') : 'environment-only',
    variable: DATABASE_VARIABLE,
    fromEnvironment: env ? maskConnectionString(env) : null,
  }
}

/**
 * Saves Settings > Database for the desktop app; it takes effect at the next start. With a
 * PostgreSQL server the admin names the folder where this PC reaches the attachments every seat
 * shares: it must be a folder this PC reaches now, outside the shared folder. Under `serve`
 * there is no keychain to lock a password in: CLOSEOUT_DATABASE in its environment is the way,
 * and this says so.
 */
export function saveDatabaseChoice(
  office: Office,
  url: string,
  attachmentsDir?: string,
): { view: DatabaseView; notice: string } {
  const store = office.databaseChoice
  if (!store)
    throw new CloseoutError(
      'database-choice-environment',
      `closeout serve takes its database from ${DATABASE_VARIABLE} (or --database) in its environment: Settings keeps a connection string only in the desktop app, locked in the computer's keychain`,
    )
  const engine = parseDatabaseOption(url, 'url')
  const choice: SavedDatabaseChoice =
    engine.engine === 'sqlite' ? engine : { ...engine, attachmentsDir: checkAttachmentsDir(office, attachmentsDir) }
  store.write(choice)
  const envNote = process.env[DATABASE_VARIABLE]?.trim()
    ? ` ${DATABASE_VARIABLE} is set in this computer's environment and wins over the saved choice.`
    : ''
  const restart =
    office.database.engine === choice.engine &&
    (choice.engine === 'sqlite' ||
      (office.database.engine === 'postgres' &&
        office.database.url === choice.url &&
        office.attachmentsDir === choice.attachmentsDir))
      ? ''
      : ' Restart Closeout to use it.'
  const notice =
    choice.engine === 'sqlite'
      ? `Saved: Closeout keeps the office in the SQLite file in the data folder.${restart}${envNote}`
      : `Saved, locked in this computer's keychain: Closeout opens the office on ${choice.display} at its next start, with the photos in ${choice.attachmentsDir}.${restart} The office must be on that server first (closeout db migrate --to …, docs/multi-seat.md); a server Closeout cannot reach at its start is said then, with the choice of trying again or opening the SQLite file.${envNote}`
  return { view: databaseView(office), notice }
}

/** The attachments folder for a PostgreSQL choice: one this PC reaches now, absolute, outside the shared folder. */
function checkAttachmentsDir(office: Office, dir: string | undefined): string {
  const problem = (message: string) =>
    new CloseoutError('invalid-input', `attachmentsDir: ${message}`, [{ path: 'attachmentsDir', message }])
  if (!dir)
    throw problem(
      'name the folder where this PC reaches the photos every seat shares (a network share beside the shared folder)',
    )
  if (!isAbsolute(dir)) throw problem(`"${dir}" is not a full path (it must start at a drive or a share)`)
  const full = resolve(dir)
  if (!existsSync(full) || !statSync(full).isDirectory())
    throw problem(`${full} is not a folder this PC reaches: connect the network share, or create the folder`)
  const inside = (child: string, parent: string) => {
    const rel = relative(parent, child)
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
  }
  if (inside(full, office.sharedDir) || inside(office.sharedDir, full))
    throw problem(
      `${full} and the shared folder (${office.sharedDir}) must be separate: the shared folder carries closeouts between phones and the office; use a folder beside it`,
    )
  return full
}
