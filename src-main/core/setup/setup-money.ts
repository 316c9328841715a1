import { ExportSettingsSchema } from '../../../src-shared/api/exports'
import type { Setup } from '../../../src-shared/schemas/setup'
import { onConnection, type Sqlite } from '../db/connection'
import { highestInvoiceNumber } from '../jobs/job-rows.repo'
import {
  readCompanyMoney,
  readMoneyPolicy,
  writeCompanyMoney,
  writeMoneyPolicy,
  type CompanyMoney,
  type MoneyPolicy,
} from '../settings/money-settings'
import { readSetting, writeSetting } from '../settings/settings-store'

const EXPORTS_KEY = 'exports'

/**
 * The next invoice number a setup file may set: never below the highest number already given
 * out with the prefix + 1 (spec v1.1: max(file, last used + 1)), so re-importing an old file
 * cannot make exports reuse or skip back. The note says when the file's number was not taken.
 */
export function invoiceSequence(
  sqlite: Sqlite,
  prefix: string,
  fromFile: number,
): { next: number; note: string | null } {
  const highest = highestInvoiceNumber(onConnection(sqlite), prefix)
  if (fromFile > highest) return { next: fromFile, note: null }
  return {
    next: highest + 1,
    note: `company.nextInvoiceNumber: the file says ${fromFile}, but ${prefix}${highest} is already used; the next invoice number stays ${highest + 1}`,
  }
}

/**
 * The v1.1 money settings the file names (company.accountingSystem and invoiceDate, the
 * approval policy's credit and below-estimate rules, accounting.exportSettings); a field the
 * file leaves out is left as it is. Reports which groups changed.
 */
export function importMoneySettings(
  sqlite: Sqlite,
  setup: Setup,
): { company: boolean; policy: boolean; accounting: boolean } {
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
  const companyChanged = differs(readCompanyMoney(sqlite), company)
  if (companyChanged) writeCompanyMoney(sqlite, company)
  const policyChanged = differs(readMoneyPolicy(sqlite), policy)
  if (policyChanged) writeMoneyPolicy(sqlite, policy)
  const settings = setup.accounting?.exportSettings
  const current = ExportSettingsSchema.safeParse(readSetting(sqlite, EXPORTS_KEY) ?? {})
  const accountingChanged =
    settings !== undefined && (!current.success || JSON.stringify(current.data) !== JSON.stringify(settings))
  if (accountingChanged) writeSetting(sqlite, EXPORTS_KEY, settings)
  return { company: companyChanged, policy: policyChanged, accounting: accountingChanged }
}

function differs<T extends object>(current: T, update: Partial<T>): boolean {
  return (Object.keys(update) as (keyof T)[]).some((k) => current[k] !== update[k])
}
