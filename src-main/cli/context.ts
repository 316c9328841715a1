import { parseDatabaseOption } from '../core/db/pg/engine'
import { defaultDataDir } from '../core/paths'
import { openOffice, type Office } from '../core/office'
import { resolveSharedDir } from '../core/office-folders'
import { startOffice } from '../core/office-start'

export interface GlobalOptions {
  data?: string
  shared?: string
  database?: string
  attachments?: string
}

/**
 * Resolves --data/--shared, then CLOSEOUT_DATA/CLOSEOUT_SHARED, then the saved setting, then the
 * OS default, all before opening; then opens the office and runs its start-up step.
 */
export async function openFromOptions(options: GlobalOptions): Promise<Office> {
  // Issue #17: the SQLite file in the data folder, or PostgreSQL shared by several seats.
  const database = parseDatabaseOption(options.database)
  const dataDir = options.data ?? defaultDataDir()
  const sharedDir = resolveSharedDir(dataDir, { shared: options.shared, engine: database.engine })
  const office = await openOffice({
    dataDir,
    sharedDir,
    database,
    ...(options.attachments ? { attachmentsDir: options.attachments } : {}),
  })
  await startOffice(office)
  return office
}

/** Runs a command body with an open office and always closes it. */
export async function withOffice<T>(options: GlobalOptions, body: (office: Office) => Promise<T> | T): Promise<T> {
  const office = await openFromOptions(options)
  try {
    return await body(office)
  } finally {
    await office.close()
  }
}
