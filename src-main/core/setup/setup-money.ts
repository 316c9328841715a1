import { ExportSettingsSchema } from '../../../src-shared/api/exports'
import type { Setup } from '../../../src-shared/schemas/setup'
import type { EngineDb } from '../db/engine-db'
import { CloseoutError } from '../errors'
import { peekInvoiceNumber, saveNextInvoiceNumberIn, startInvoiceNumbersIn } from '../exports/invoice-numbers.repo'
import { highestInvoiceNumberIn } from '../jobs/job-rows.repo'
import { hasCompany } from './company-reads.repo'
import {
  readCompanyMoneyAsync,
  readMoneyPolicyAsync,
  writeCompanyMoneyIn,
  writeMoneyPolicyIn,
  type CompanyMoney,
  type MoneyPolicy,
} from '../settings/money-settings'
import { readSettingAsync, writeSettingIn } from '../settings/settings-store'

const EXPORTS_KEY = 'exports'

/**
 * The lowest next invoice number the office may be given: past the highest number already
 * given out with the prefix and, on PostgreSQL, not below the shared sequence, which never goes
 * back (numbers drawn by any seat, kept or skipped), once the office has a company (before
 * that nothing was ever drawn). `highest` says which of the two decides.
 */
async function invoiceFloor(edb: EngineDb, prefix: string): Promise<{ floor: number; highest: number }> {
  const highest = await highestInvoiceNumberIn(edb.db, prefix)
  const drawn =
    edb.engine === 'postgres' && (await hasCompany(edb)) ? await peekInvoiceNumber(edb.db, edb.engine, 0) : 0
  return { floor: Math.max(highest + 1, drawn), highest }
}

/**
 * The next invoice number the office shows and the next export draws: the company row's on
 * SQLite, the shared sequence on PostgreSQL (an export there moves only the sequence).
 */
export async function nextInvoiceNumber(edb: EngineDb, companyNext: number): Promise<number> {
  return peekInvoiceNumber(edb.db, edb.engine, companyNext)
}

/**
 * Refuses a next invoice number (Settings > Company) that would reuse one already given out,
 * naming the field; on PostgreSQL also one below the shared sequence, which cannot go back.
 */
export async function refuseInvoiceNumberBelowFloor(edb: EngineDb, prefix: string, next: number): Promise<void> {
  const { floor, highest } = await invoiceFloor(edb, prefix)
  if (next >= floor) return
  const message =
    floor === highest + 1
      ? `Invoice ${prefix}${highest} already exists: the next number must be at least ${floor}`
      : `Invoice numbers below ${prefix}${floor} are already given out or skipped: the next number must be at least ${floor}`
  throw new CloseoutError('invalid-input', message, [
    { path: 'company.nextInvoiceNumber', message: `must be at least ${floor}` },
  ])
}

/**
 * The next invoice number a setup file may set: never below the highest number already given
 * out with the prefix + 1 (spec v1.1: max(file, last used + 1)), so re-importing an old file
 * cannot make exports reuse or skip back; on PostgreSQL never below the shared sequence. The
 * note says when the file's number was not taken. In the import's transaction (`edb` its view).
 */
export async function invoiceSequenceIn(
  edb: EngineDb,
  prefix: string,
  fromFile: number,
): Promise<{ next: number; note: string | null }> {
  const { floor, highest } = await invoiceFloor(edb, prefix)
  if (edb.engine === 'postgres')
    // The company row catches up with the sequence, so the upsert compares with the number Settings shows.
    await edb.db
      .updateTable('company')
      .set({ next_invoice_number: await nextInvoiceNumber(edb, 0) })
      .where('id', '=', 1)
      .execute()
  if (fromFile >= floor) return { next: fromFile, note: null }
  const used =
    floor === highest + 1
      ? `${prefix}${highest} is already used`
      : `the numbers below ${prefix}${floor} are already given out or skipped`
  return {
    next: floor,
    note: `company.nextInvoiceNumber: the file says ${fromFile}, but ${used}; the next invoice number stays ${floor}`,
  }
}

/**
 * Saves the next invoice number in the import's transaction (the company row already holds it):
 * on PostgreSQL the shared sequence is raised to it, never lowered, or, for the office's first
 * company (nothing drawn yet), starts at it.
 */
export async function saveInvoiceSequenceIn(edb: EngineDb, next: number, firstCompany: boolean): Promise<void> {
  if (edb.engine !== 'postgres') return
  if (firstCompany) await startInvoiceNumbersIn(edb.db, edb.engine, next)
  else await saveNextInvoiceNumberIn(edb.db, edb.engine, next)
}

/**
 * The v1.1 money settings the file names (company.accountingSystem and invoiceDate, the
 * approval policy's credit and below-estimate rules, accounting.exportSettings); a field the
 * file leaves out is left as it is. Reports which groups changed. In the import's transaction.
 */
export async function importMoneySettingsIn(
  edb: EngineDb,
  setup: Setup,
): Promise<{ company: boolean; policy: boolean; accounting: boolean }> {
  const c = setup.company
  const company: Partial<CompanyMoney> = {
    ...(c.accountingSystem !== undefined ? { accountingSystem: c.accountingSystem } : {}),
    ...(c.invoiceDate !== undefined ? { invoiceDate: c.invoiceDate } : {}),
  }
  const p = setup.approvalPolicy
  const policy: Partial<MoneyPolicy> = {
    ...(p.creditsNeedApproval !== undefined ? { creditsNeedApproval: p.creditsNeedApproval } : {}),
    ...(p.belowEstimatePercent !== undefined ? { belowEstimatePercent: p.belowEstimatePercent } : {}),
  }
  const companyChanged = differs(await readCompanyMoneyAsync(edb), company)
  if (companyChanged) await writeCompanyMoneyIn(edb, company)
  const policyChanged = differs(await readMoneyPolicyAsync(edb), policy)
  if (policyChanged) await writeMoneyPolicyIn(edb, policy)
  const settings = setup.accounting?.exportSettings
  const current = ExportSettingsSchema.safeParse((await readSettingAsync(edb, EXPORTS_KEY)) ?? {})
  const accountingChanged =
    settings !== undefined && (!current.success || JSON.stringify(current.data) !== JSON.stringify(settings))
  if (accountingChanged) await writeSettingIn(edb.db, EXPORTS_KEY, settings)
  return { company: companyChanged, policy: policyChanged, accounting: accountingChanged }
}

function differs<T extends object>(current: T, update: Partial<T>): boolean {
  return (Object.keys(update) as (keyof T)[]).some((k) => current[k] !== update[k])
}
