import { dialog } from 'electron'
import { parseDatabaseOption, type DatabaseEngine } from '../core/db/pg/engine'
import { CloseoutError } from '../core/errors'
import type { Office } from '../core/office'
import { DATABASE_VARIABLE, type DatabaseChoiceStore } from '../core/settings/database-choice'

/** The person chose Quit in a start-up dialog that already said why: quit without a second box. */
export class ChoseToQuit extends Error {}

/**
 * Opens the office on the engine chosen for this PC (issue #17): CLOSEOUT_DATABASE first (as
 * for the CLI; "sqlite" there wins over Settings), else the choice saved in Settings > Database,
 * else the SQLite file. A server saved in Settings comes with the folder where this PC reaches the
 * attachments every seat shares (CLOSEOUT_ATTACHMENTS in the environment wins, as for the CLI).
 *
 * A server named in the environment is the admin's setting: when it cannot be reached the app
 * says why and quits. A server saved in Settings that cannot be reached (the server is down,
 * the VPN is off) asks: try again, open the SQLite file instead (remembered, so a wrong string
 * saved in Settings never locks the office out), or quit.
 */
export async function openOnChosenDatabase(
  store: DatabaseChoiceStore,
  open: (database: DatabaseEngine, attachmentsDir?: string) => Promise<Office>,
): Promise<Office> {
  const fromEnv = parseDatabaseOption(process.env[DATABASE_VARIABLE], DATABASE_VARIABLE)
  if (process.env[DATABASE_VARIABLE]?.trim()) return open(fromEnv)
  const saved = store.read()
  if (saved?.engine !== 'postgres') return open({ engine: 'sqlite' })
  for (;;) {
    try {
      return await open(saved, saved.attachmentsDir)
    } catch (error) {
      if (!(error instanceof CloseoutError) || !error.code.startsWith('database-')) throw error
      const answer = dialog.showMessageBoxSync({
        type: 'warning',
        title: 'Closeout',
        message: `Closeout cannot open the office on its PostgreSQL server`,
        detail: `${error.message}.\n\nThe SQLite file in this PC's data folder holds the office as it was before it moved to the server: open it only if the office never moved, or the string saved in Settings > Database is wrong.`,
        buttons: ['Try again', 'Open the SQLite file instead', 'Quit'],
        defaultId: 0,
        cancelId: 2,
        noLink: true,
      })
      if (answer === 2) throw new ChoseToQuit(error.message)
      if (answer === 1) {
        store.write({ engine: 'sqlite' })
        return open({ engine: 'sqlite' })
      }
    }
  }
}
