import { z } from 'zod'
import { parseMilli } from '../../../src-shared/domain/money'
import { taxRoundingFor, type TaxRounding } from '../../../src-shared/domain/tax-rounding'
import type { Sqlite } from '../db/connection'
import type { EngineDb } from '../db/engine-db'
import { readSetting, readSettingAsync, writeSetting, writeSettingIn } from './settings-store'

/**
 * The v1.1 company and policy choices about money (spec/setup-file-v1.md "v1.1 additions"),
 * kept in the settings table: `company.accountingSystem`, `company.invoiceDate`,
 * `approvalPolicy.creditsNeedApproval` and `approvalPolicy.belowEstimatePercent`.
 */
export const CompanyMoneySchema = z.strictObject({
  accountingSystem: z.enum(['qbo', 'xero', 'iif']).nullable().default(null),
  invoiceDate: z.enum(['export', 'completed']).default('export'),
})
export type CompanyMoney = z.infer<typeof CompanyMoneySchema>

export const MoneyPolicySchema = z.strictObject({
  creditsNeedApproval: z.boolean().default(true),
  belowEstimatePercent: z.string().default('50'),
})
export type MoneyPolicy = z.infer<typeof MoneyPolicySchema>

const COMPANY_KEY = 'company.money'
const POLICY_KEY = 'approvalPolicy.money'

export function readCompanyMoney(sqlite: Sqlite): CompanyMoney {
  return companyMoneyFrom(readSetting(sqlite, COMPANY_KEY))
}

/** readCompanyMoney on the async path (issue #17): either engine. */
export async function readCompanyMoneyAsync(edb: EngineDb): Promise<CompanyMoney> {
  return companyMoneyFrom(await readSettingAsync(edb, COMPANY_KEY))
}

function companyMoneyFrom(saved: unknown): CompanyMoney {
  const parsed = CompanyMoneySchema.safeParse(saved ?? {})
  return parsed.success ? parsed.data : CompanyMoneySchema.parse({})
}

export function writeCompanyMoney(sqlite: Sqlite, update: Partial<CompanyMoney>): void {
  writeSetting(sqlite, COMPANY_KEY, { ...readCompanyMoney(sqlite), ...update })
}

/** writeCompanyMoney on the async path (issue #17): `edb` a transaction's view (`{ ...edb, db: trx }`). */
export async function writeCompanyMoneyIn(edb: EngineDb, update: Partial<CompanyMoney>): Promise<void> {
  await writeSettingIn(edb.db, COMPANY_KEY, { ...(await readCompanyMoneyAsync(edb)), ...update })
}

export function readMoneyPolicy(sqlite: Sqlite): MoneyPolicy {
  return moneyPolicyFrom(readSetting(sqlite, POLICY_KEY))
}

/** readMoneyPolicy on the async path (issue #17): either engine. */
export async function readMoneyPolicyAsync(edb: EngineDb): Promise<MoneyPolicy> {
  return moneyPolicyFrom(await readSettingAsync(edb, POLICY_KEY))
}

function moneyPolicyFrom(saved: unknown): MoneyPolicy {
  const parsed = MoneyPolicySchema.safeParse(saved ?? {})
  return parsed.success ? parsed.data : MoneyPolicySchema.parse({})
}

export function writeMoneyPolicy(sqlite: Sqlite, update: Partial<MoneyPolicy>): void {
  writeSetting(sqlite, POLICY_KEY, { ...readMoneyPolicy(sqlite), ...update })
}

/** writeMoneyPolicy on the async path (issue #17): `edb` a transaction's view (`{ ...edb, db: trx }`). */
export async function writeMoneyPolicyIn(edb: EngineDb, update: Partial<MoneyPolicy>): Promise<void> {
  await writeSettingIn(edb.db, POLICY_KEY, { ...(await readMoneyPolicyAsync(edb)), ...update })
}

/** The below-estimate percent in thousandths ("50" -> 50000); a broken value reads as the default. */
export function belowEstimateMilli(policy: MoneyPolicy): number {
  try {
    return parseMilli(policy.belowEstimatePercent)
  } catch {
    return 50_000
  }
}

/** How this office computes tax: its accounting system's way (the QBO form decides US vs VAT/GST). */
export function officeTaxRounding(sqlite: Sqlite, qboForm: 'us' | 'non-us'): TaxRounding {
  return taxRoundingFor(readCompanyMoney(sqlite).accountingSystem, qboForm)
}
