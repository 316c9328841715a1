import { resolve } from 'node:path'
import type { SettingsUpdate } from '../../../src-shared/api/settings'
import type { SettingsView } from '../../../src-shared/api/settings'
import { CloseoutError } from '../errors'
import { highestInvoiceNumber } from '../jobs/job-rows.repo'
import type { Office } from '../office'
import { exportSetup } from '../setup/setup-export'
import { importSetup } from '../setup/setup-import'
import { writeMappingNames } from './accounting-mappings.repo'
import { dataFolderProblem, locationsFile, sharedFolderProblem, writeLocations } from './folders'
import { saveSharedDir, writeSetting } from './settings-store'
import { IDLE_LOCK_KEY } from '../auth/office-sessions'
import { loadSettings } from './settings-view'
import { writeSecondSeat } from '../network/second-seat'

type Update = Extract<SettingsUpdate, { section: string }>

/**
 * Applies one Settings section. Configuration sections go through the setup importer, so the
 * screen and a setup file share one set of rules (validation, PIN hashing, upsert by id).
 * Nothing is deleted: people and job types are switched off, which keeps history readable.
 */
export async function updateSettings(
  office: Office,
  update: Update,
  locations = locationsFile(),
): Promise<{ settings: SettingsView; notice: string | null }> {
  if (update.section === 'folders') {
    const notice = saveFolders(office, update, locations)
    return { settings: loadSettings(office, locations), notice }
  }
  if (update.section === 'signIn') {
    writeSetting(office.sqlite, IDLE_LOCK_KEY, update.idleLockMinutes)
    return { settings: loadSettings(office, locations), notice: null }
  }
  if (update.section === 'secondSeat') {
    writeSecondSeat(office, { enabled: update.enabled, port: update.port })
    return { settings: loadSettings(office, locations), notice: null }
  }
  if (update.section === 'accountingMappings') {
    office.sqlite.transaction(() => writeMappingNames(office.sqlite, update.mappings))()
    return { settings: loadSettings(office, locations), notice: null }
  }
  const current = exportSetup(office, { withJobs: false })
  if (update.section === 'company')
    checkInvoiceNumbering(office, update.company.invoicePrefix ?? 'INV-', update.company.nextInvoiceNumber ?? 1001)
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
  try {
    await importSetup(office, doc, 'settings')
  } catch (error) {
    // The importer names paths like "users[1].pin"; the screen shows them as they are.
    if (error instanceof CloseoutError && error.code === 'invalid-setup')
      throw new CloseoutError('invalid-input', error.message, error.details)
    throw error
  }
  return { settings: loadSettings(office, locations), notice: null }
}

/** Refuses a next invoice number that would reuse one already given out. */
function checkInvoiceNumbering(office: Office, prefix: string, next: number): void {
  const highest = highestInvoiceNumber(office, prefix)
  if (next <= highest) {
    throw new CloseoutError(
      'invalid-input',
      `Invoice ${prefix}${highest} already exists: the next number must be at least ${highest + 1}`,
      [{ path: 'company.nextInvoiceNumber', message: `must be at least ${highest + 1}` }],
    )
  }
}

function saveFolders(
  office: Office,
  update: { sharedDir?: string | undefined; dataDir?: string | undefined },
  locations: string,
): string | null {
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
  const notices: string[] = []
  if (update.sharedDir && sharedDir !== office.sharedDir) {
    saveSharedDir(office.sqlite, sharedDir)
    notices.push(`Closeout watches ${sharedDir} after a restart.`)
  }
  if (update.dataDir && dataDir !== office.dataDir) {
    writeLocations(locations, { dataDir })
    notices.push(
      `Closeout opens its data from ${dataDir} after a restart. To keep your jobs, quit Closeout and copy closeout.sqlite and the attachments folder there first.`,
    )
  }
  return notices.length ? notices.join(' ') : null
}
