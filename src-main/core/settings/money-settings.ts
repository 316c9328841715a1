import { z } from 'zod'
import { parseMilli } from '../../../src-shared/domain/money'
import type { EngineDb } from '../db/engine-db'
import { readSettingAsync, writeSettingIn } from './settings-store'

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

/** The company's money choices as stored (defaults for what is not), on either engine. */
export async function readCompanyMoneyAsync(edb: EngineDb): Promise<CompanyMoney> {
  return companyMoneyFrom(await readSettingAsync(edb, COMPANY_KEY))
}

function companyMoneyFrom(saved: unknown): CompanyMoney {
  const parsed = CompanyMoneySchema.safeParse(saved ?? {})
  return parsed.success ? parsed.data : CompanyMoneySchema.parse({})
}

/** Saves some of the company's money choices: `edb` a transaction's view (`{ ...edb, db: trx }`). */
export async function writeCompanyMoneyIn(edb: EngineDb, update: Partial<CompanyMoney>): Promise<void> {
  await writeSettingIn(edb.db, COMPANY_KEY, { ...(await readCompanyMoneyAsync(edb)), ...update })
}

/** The approval policy's money choices as stored (defaults for what is not), on either engine. */
export async function readMoneyPolicyAsync(edb: EngineDb): Promise<MoneyPolicy> {
  return moneyPolicyFrom(await readSettingAsync(edb, POLICY_KEY))
}

function moneyPolicyFrom(saved: unknown): MoneyPolicy {
  const parsed = MoneyPolicySchema.safeParse(saved ?? {})
  return parsed.success ? parsed.data : MoneyPolicySchema.parse({})
}

/** Saves some of the approval policy's money choices: `edb` a transaction's view (`{ ...edb, db: trx }`). */
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
