import type { Closeout } from '../../../src-shared/schemas/closeout'
import type { RulesInput, RulesPolicy } from '../../../src-shared/domain/rules'
import type { LaborRateEntry } from '../../../src-shared/domain/pricing'
import type { TaxRounding } from '../../../src-shared/domain/tax-rounding'
import type { Selectable } from 'kysely'
import type {
  ApprovalPolicyTable,
  CustomersTable,
  EstimateLinesTable,
  JobsTable,
  LaborRatesTable,
  PriceBookTable,
  SubmissionsTable,
} from '../db/schema'
import type { SubmissionLineRow } from './submission-lines'
import { belowEstimateMilli, type MoneyPolicy } from '../settings/money-settings'

/**
 * Everything the rules engine needs for one submission (load-submissions.ts reads it, on either
 * engine). Lines come from submission_lines, where the office's edits live; the closeout
 * document supplies photos, signature, serial numbers and discount.
 */
export interface LoadedSubmission {
  /** The row without its document (the parsed document is `closeout`). */
  submission: Omit<SubmissionsTable, 'document_json'>
  closeout: Closeout
  job: JobsTable
  lineRows: SubmissionLineRow[]
  policy: Policy
  input: RulesInput
}

export interface Policy extends RulesPolicy {
  approverRoles: string[]
  secondApprovalOverCents: number | null
}

const DEFAULT_POLICY: Policy = {
  discountPercentOverMilli: 10_000,
  overtimeHoursOverMilli: 2_000,
  partsOverEstimatePercentMilli: 15_000,
  signatureExceptionNeedsApproval: true,
  warrantyNeedsApproval: true,
  approverRoles: ['supervisor'],
  secondApprovalOverCents: null,
}

/** The policy from its row (none: the defaults) and the money policy kept in the settings. */
export function policyFrom(row: Selectable<ApprovalPolicyTable> | undefined, money: MoneyPolicy): Policy {
  const extra = { creditsNeedApproval: money.creditsNeedApproval, belowEstimatePercentMilli: belowEstimateMilli(money) }
  if (!row) return { ...DEFAULT_POLICY, ...extra }
  return {
    ...extra,
    discountPercentOverMilli: row.discount_percent_over_milli,
    overtimeHoursOverMilli: row.overtime_hours_over_milli,
    partsOverEstimatePercentMilli: row.parts_over_estimate_percent_milli,
    signatureExceptionNeedsApproval: row.signature_exception_needs_approval === 1,
    warrantyNeedsApproval: row.warranty_needs_approval === 1,
    approverRoles: JSON.parse(row.approver_roles_json) as string[],
    secondApprovalOverCents: row.second_approval_over_cents,
  }
}

/**
 * What every submission's evaluation shares (the policy, labor rates, taxes, the office's tax
 * rounding and currency): read once for a listing of many jobs instead of once per job.
 */
export interface RulesShared {
  policy: Policy
  laborRates: LaborRateEntry[]
  taxRates: ReadonlyMap<string, number>
  taxRounding: TaxRounding
  currency: string | undefined
}

/** RulesShared from the rows it is read from (both loaders: this file's and load-submissions.ts's). */
export function rulesSharedFrom(p: {
  policy: Policy
  laborRates: readonly Selectable<LaborRatesTable>[]
  taxes: readonly { id: string; rate_milli: number }[]
  taxRounding: TaxRounding
  currency: string | undefined
}): RulesShared {
  const { policy, laborRates, taxes, taxRounding, currency } = p
  return {
    policy,
    laborRates: laborRates.map((r): LaborRateEntry => ({
      role: r.role,
      name: r.name,
      rateCents: r.rate_cents,
      overtimeMultiplierMilli: r.overtime_multiplier_milli,
      taxable: r.taxable === 1,
    })),
    taxRates: new Map(taxes.map((t) => [t.id, t.rate_milli])),
    taxRounding,
    currency,
  }
}

export const CUSTOMER_COLUMNS = ['id', 'name', 'requires_signature', 'tax_id'] as const
export const ESTIMATE_COLUMNS = ['job_id', 'kind', 'sku', 'role', 'quantity_milli', 'unit_price_cents'] as const
export const PRICE_BOOK_COLUMNS = ['sku', 'description', 'unit_price_cents', 'taxable'] as const
export type CustomerRow = Pick<CustomersTable, (typeof CUSTOMER_COLUMNS)[number]>
export type EstimateRow = Pick<EstimateLinesTable, (typeof ESTIMATE_COLUMNS)[number]>
export type PriceBookRow = Pick<PriceBookTable, (typeof PRICE_BOOK_COLUMNS)[number]>

/** Every submissions column but the document (see storedDocument). */
export const SUBMISSION_COLUMNS = [
  'id',
  'job_id',
  'supersedes',
  'technician_id',
  'fingerprint',
  'started_at',
  'completed_at',
  'received_at',
  'warranty_claim',
  'discount_percent_milli',
  'discount_cents',
  'discount_reason',
  'signer_name',
  'signed_at',
  'signature_attachment_id',
  'no_signature_reason',
  'archived_path',
  'findings_json',
  'subtotal_cents',
  'discount_total_cents',
  'tax_cents',
  'total_cents',
] as const satisfies readonly Exclude<keyof SubmissionsTable, 'document_json'>[]
