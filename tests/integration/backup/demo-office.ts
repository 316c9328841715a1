import { afterAll, beforeAll } from 'vitest'
import type { Sqlite } from '../../../src-main/core/db/connection'
import { scanInbox } from '../../../src-main/core/inbox/inbox-scan'
import { openOffice, type SqliteOffice } from '../../../src-main/core/office'
import { loadDemoOffice } from '../../../src-main/core/setup/demo'
import { tempFolders, type TempFolders } from '../../support/temp-office'

/** The lived-in demo office: twelve weeks of history and its inbox taken in. */
export async function demoOffice(): Promise<{ office: SqliteOffice; folders: TempFolders }> {
  const folders = tempFolders('closeout-backup-')
  const office = await openOffice({ dataDir: folders.dataDir, sharedDir: folders.sharedDir })
  await loadDemoOffice(office)
  await scanInbox(office)
  return { office, folders }
}

/** Every row a user's records consist of, table by table, for before/after comparison. */
export function officeRecords(sqlite: Sqlite): Record<string, unknown[]> {
  const tables = [
    'company',
    'customers',
    'jobs',
    'submissions',
    'submission_lines',
    'attachments',
    'approvals',
    'export_batches',
    'export_batch_jobs',
    'export_batch_files',
    'job_events',
    'settings',
  ]
  return Object.fromEntries(tables.map((t) => [t, sqlite.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()]))
}

/** A demo office for the whole describe block: opened before its tests, closed and removed after. */
export function useDemoOffice(): { readonly office: SqliteOffice; readonly folders: TempFolders } {
  const state = {} as { office: SqliteOffice; folders: TempFolders }
  beforeAll(async () => {
    Object.assign(state, await demoOffice())
  }, 120_000)
  afterAll(async () => {
    await state.office.close()
    state.folders.cleanup()
  })
  return state
}
