import { resolve } from 'node:path'
import type { Kysely } from 'kysely'
import type { SettingsUpdate } from '../../../src-shared/api/settings'
import type { SettingsView } from '../../../src-shared/api/settings'
import { withTransaction } from '../db/engine-db'
import type { Database } from '../db/schema'
import { CloseoutError } from '../errors'
import type { Office } from '../office'
import { exportSetup } from '../setup/setup-export'
import { recordSetupImport } from '../setup/setup-import'
import { refuseInvoiceNumberBelowFloor } from '../setup/setup-money'
import { accountingMappingsView, writeMappingNamesIn } from './accounting-mappings.repo'
import { dataFolderProblem, locationsFile, readLocations, sharedFolderProblem, writeLocations } from './folders'
import { changedPins, pinHashes, recordSectionChangeIn, recordSettingsChangeIn } from './settings-audit'
import { saveSharedDirIn, writeSettingIn } from './settings-store'
import { saveSeatSharedDir } from '../seat'
import { IDLE_LOCK_KEY, idleLockMinutesAsync } from '../auth/office-sessions'
import { foldersSection, loadSettings, loadSetupSections, savedSharedDir, type SettingsOffice } from './settings-view'
import { readSecondSeatAsync, writeSecondSeatIn } from '../network/second-seat'

type Update = Extract<SettingsUpdate, { section: string }>
type OwnUpdate = Extract<Update, { section: 'folders' | 'signIn' | 'secondSeat' | 'accountingMappings' }>

const OWN_SECTIONS = new Set<Update['section']>(['folders', 'signIn', 'secondSeat', 'accountingMappings'])

/** Whether Settings keeps this section itself (saved with its audit entry in one transaction), not the setup importer. */
export function isOwnSection(update: Update): update is OwnUpdate {
  return OWN_SECTIONS.has(update.section)
}

/**
 * Applies one Settings section. Configuration sections go through the setup importer, so the
 * screen and a setup file share one set of rules (validation, PIN hashing, upsert by id).
 * Nothing is deleted: people and job types are switched off, which keeps history readable.
 */
export async function updateSettings(
  office: SettingsOffice & Pick<Office, 'events'>,
  update: Update,
  locations = locationsFile(),
  userId: string | null = null,
): Promise<{ settings: SettingsView; notice: string | null }> {
  if (isOwnSection(update)) {
    const notice = await saveOwnSection(office, update, userId, locations)
    return { settings: await loadSettings(office, locations), notice }
  }
  const current = await exportSetup(office, { withJobs: false })
  if (update.section === 'company')
    await refuseInvoiceNumberBelowFloor(
      office,
      update.company.invoicePrefix ?? 'INV-',
      update.company.nextInvoiceNumber ?? 1001,
    )
  const doc: Record<string, unknown> = {
    schema: 'closeout-setup/v1',
    company: current.company,
    approvalPolicy: current.approvalPolicy,
  }
  if (update.section === 'company') doc.company = update.company
  else if (update.section === 'approvalPolicy') doc.approvalPolicy = update.approvalPolicy
  else if (update.section === 'taxes') {
    // Keep each tax's accounting names: this screen edits only the name and rate.
    doc.taxes = update.taxes.map((t) => {
      const known = current.taxes?.find((c) => c.id === t.id)
      return known?.accountingName ? { ...t, accountingName: known.accountingName } : t
    })
  } else if (update.section === 'customers') {
    // An empty accounting name is the customer's own name (stored as none, never as "").
    doc.customers = update.customers.map(({ accountingName, ...c }) => ({
      ...c,
      ...(accountingName?.trim() ? { accountingName } : {}),
    }))
  } else if (update.section === 'users') doc.users = update.users
  else if (update.section === 'technicians') doc.technicians = update.technicians
  else doc.jobTypes = update.jobTypes
  const section = update.section
  const people = section === 'users' || section === 'technicians' ? section : null
  try {
    // The section as shown before and after, and whose PIN changed, read in the import's own
    // transaction: the save and its audit entry commit together.
    await recordSetupImport(office, doc, 'settings', async (trx, apply) => {
      const before = await loadSetupSections(trx)
      const pinsBefore = people ? await pinHashes(trx, people) : null
      const summary = await apply()
      const pinsChanged = people && pinsBefore ? changedPins(pinsBefore, await pinHashes(trx, people)) : []
      if (userId)
        await recordSettingsChangeIn(trx.db, {
          userId,
          section,
          before,
          after: await loadSetupSections(trx),
          pinsChanged,
        })
      return summary
    })
  } catch (error) {
    // The importer names paths like "users[1].pin"; the screen shows them as they are.
    if (error instanceof CloseoutError && error.code === 'invalid-setup')
      throw new CloseoutError('invalid-input', error.message, error.details)
    throw error
  }
  office.events.emit('jobs.changed', { reason: 'setup-import', jobIds: null })
  return { settings: await loadSettings(office, locations), notice: null }
}

/**
 * Saves one of the sections Settings keeps itself, with its audit entry (when `userId` is given)
 * in one transaction on either engine: the section is read before and after inside it. The
 * folder checks and the locations file (this PC's) are done before the transaction.
 */
export async function saveOwnSection(
  office: SettingsOffice,
  update: OwnUpdate,
  userId: string | null,
  locations = locationsFile(),
): Promise<string | null> {
  const folders = update.section === 'folders' ? checkFolders(office, update) : null
  const notices: string[] = []
  const pendingBefore = readLocations(locations).dataDir ?? null
  if (folders?.dataDir) {
    writeLocations(locations, { dataDir: folders.dataDir })
    notices.push(
      `Closeout opens its data from ${folders.dataDir} after a restart. To keep your jobs, quit Closeout and copy closeout.sqlite and the attachments folder there first.`,
    )
  }
  const pendingAfter = readLocations(locations).dataDir ?? null
  const section = async (trx: Kysely<Database>, pendingData: string | null, after = false): Promise<unknown> => {
    const inTrx = { ...office, db: trx }
    if (update.section === 'signIn') return { idleLockMinutes: await idleLockMinutesAsync(inTrx) }
    if (update.section === 'secondSeat') return readSecondSeatAsync(inTrx)
    if (update.section === 'accountingMappings') return accountingMappingsView(inTrx)
    // On PostgreSQL the seat file is written after the commit: the section after is what it will hold.
    const saved = after && office.engine === 'postgres' && folders?.sharedDir ? folders.sharedDir : null
    return foldersSection(office, saved ?? (await savedSharedDir(office, trx)), pendingData)
  }
  await withTransaction(office, async (trx) => {
    const before = await section(trx, pendingBefore)
    if (update.section === 'signIn') await writeSettingIn(trx, IDLE_LOCK_KEY, update.idleLockMinutes)
    else if (update.section === 'secondSeat')
      await writeSecondSeatIn(trx, { enabled: update.enabled, port: update.port })
    else if (update.section === 'accountingMappings') await writeMappingNamesIn(trx, update.mappings)
    else if (folders?.sharedDir && office.engine === 'sqlite') await saveSharedDirIn(trx, folders.sharedDir)
    if (userId)
      await recordSectionChangeIn(trx, {
        userId,
        section: update.section,
        before,
        after: await section(trx, pendingAfter, true),
        pinsChanged: [],
      })
  })
  // This PC's choice on PostgreSQL: its seat file, not the database every seat reads.
  if (folders?.sharedDir && office.engine === 'postgres') saveSeatSharedDir(office.dataDir, folders.sharedDir)
  if (folders?.sharedDir) notices.unshift(`Closeout watches ${folders.sharedDir} after a restart.`)
  return notices.length ? notices.join(' ') : null
}

/**
 * Checks the folders asked for; answers the ones that change. The shared folder saved here is
 * this PC's: where it reaches the folder the phones sync with. On SQLite the office's file is
 * this PC's own, so the choice is kept in it (the hosts read it before the office opens:
 * saved-folders.repo.ts). On PostgreSQL the settings table is every seat's, so the choice goes
 * in this PC's seat file (seat.ts), which resolveSharedDir reads first there.
 */
function checkFolders(
  office: SettingsOffice,
  update: { sharedDir?: string | undefined; dataDir?: string | undefined },
): { sharedDir: string | null; dataDir: string | null } {
  const dataDir = update.dataDir ? resolve(update.dataDir) : office.dataDir
  const sharedDir = update.sharedDir ? resolve(update.sharedDir) : office.sharedDir
  const problems = [
    ...(update.dataDir
      ? [dataFolderProblem(dataDir, sharedDir)]
          .filter((p): p is string => p !== null)
          .map((message) => ({ path: 'dataDir', message }))
      : []),
    ...(update.sharedDir
      ? [sharedFolderProblem(sharedDir, dataDir)]
          .filter((p): p is string => p !== null)
          .map((message) => ({ path: 'sharedDir', message }))
      : []),
  ]
  if (problems.length)
    throw new CloseoutError(
      'invalid-folder',
      problems.map((p) => `The ${p.path === 'dataDir' ? 'data' : 'shared'} folder ${p.message}`).join('; '),
      problems,
    )
  const changedShared = update.sharedDir && sharedDir !== office.sharedDir ? sharedDir : null
  return {
    sharedDir: changedShared,
    dataDir: update.dataDir && dataDir !== office.dataDir ? dataDir : null,
  }
}
