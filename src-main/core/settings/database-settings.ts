import { join } from 'node:path'
import type { DatabaseView } from '../../../src-shared/api/database'
import { maskConnectionString, parseDatabaseOption, type DatabaseEngine } from '../db/pg/engine'
import { CloseoutError } from '../errors'
import type { Office } from '../office'
import { DATABASE_VARIABLE } from './database-choice'

/** Settings > Database as shown: the engine in use (today always the SQLite file) and the saved choice. */
export function databaseView(office: Office): DatabaseView {
  const store = office.databaseChoice
  const saved = store?.read() ?? null
  const env = process.env[DATABASE_VARIABLE]?.trim()
  return {
    inUse: { engine: 'sqlite', file: join(office.dataDir, 'closeout.sqlite') },
    saved:
      saved === null
        ? null
        : saved.engine === 'sqlite'
          ? { engine: 'sqlite' }
          : { engine: 'postgres', target: saved.display },
    storage: store ? (store.keychain() ? 'keychain' : 'no-keychain') : 'environment-only',
    variable: DATABASE_VARIABLE,
    fromEnvironment: env ? maskConnectionString(env) : null,
  }
}

/**
 * Saves Settings > Database for the desktop app. Under `serve` there is no keychain to lock a
 * password in: CLOSEOUT_DATABASE in its environment is the way, and this says so.
 */
export function saveDatabaseChoice(office: Office, url: string): { view: DatabaseView; notice: string } {
  const store = office.databaseChoice
  if (!store)
    throw new CloseoutError(
      'database-choice-environment',
      `closeout serve takes its database from ${DATABASE_VARIABLE} (or --database) in its environment: Settings keeps a connection string only in the desktop app, locked in the computer's keychain`,
    )
  const choice: DatabaseEngine = parseDatabaseOption(url, 'url')
  store.write(choice)
  const envNote = process.env[DATABASE_VARIABLE]?.trim()
    ? ` ${DATABASE_VARIABLE} is set in this computer's environment and wins over the saved choice.`
    : ''
  const notice =
    choice.engine === 'sqlite'
      ? `Saved: Closeout keeps the office in the SQLite file in the data folder.${envNote}`
      : `Saved, locked in this computer's keychain. This version of Closeout cannot run the office on PostgreSQL yet: the office stays in the SQLite file, and at its next start Closeout will say so and offer to go on with the SQLite file. For now the saved server is for moving a copy there (closeout db migrate --to …) and checking it (docs/multi-seat.md).${envNote}`
  return { view: databaseView(office), notice }
}
