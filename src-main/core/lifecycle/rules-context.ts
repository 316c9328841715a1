import { all, first, tuples } from '../db/connection'
import { jsonList } from '../db/sql-fragments'
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
import { CloseoutError } from '../errors'
import { assemble, assembleAll, byKey, groupBy, jobCustomer, lineSkus } from './assemble-context'
import { hasParsedDocument, storedDocument } from './stored-documents'
import {
  ensureLineRows,
  LINE_COLUMNS,
  lineRow,
  loadLineRows,
  rowsToLines,
  type SubmissionLineRow,
} from './submission-lines'
import type { Office } from '../office'
import { readExportSettings } from '../settings/export-settings'
import { belowEstimateMilli, officeTaxRounding, readMoneyPolicy, type MoneyPolicy } from '../settings/money-settings'

/**
 * Loads everything the rules engine needs for one submission from SQLite (synchronously, so it
 * can run inside the ingest transaction). Lines come from submission_lines, where the office's
 * edits live; the closeout document supplies photos, signature, serial numbers and discount.
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

export function loadPolicy(office: Office): Policy {
  const row = first(office.sqlite, office.db.selectFrom('approval_policy').selectAll().where('id', '=', 1))
  return policyFrom(row, readMoneyPolicy(office.sqlite))
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

export function loadRulesShared(office: Office): RulesShared {
  const { sqlite, db } = office
  return rulesSharedFrom({
    policy: loadPolicy(office),
    laborRates: all(sqlite, db.selectFrom('labor_rates').selectAll()),
    taxes: all(sqlite, db.selectFrom('taxes').select(['id', 'rate_milli'])),
    taxRounding: officeTaxRounding(sqlite, readExportSettings(office).qbo.form),
    currency: first(sqlite, db.selectFrom('company').select('currency').where('id', '=', 1))?.currency,
  })
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

function priceBookRows({ sqlite, db }: Office, skus: readonly string[]): PriceBookRow[] {
  return all(sqlite, db.selectFrom('price_book').select(PRICE_BOOK_COLUMNS).where('sku', 'in', jsonList(skus)))
}

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

/**
 * `ensureLines`: write the document's lines first if the ingest did not (evaluation only).
 * `closeout`: the submission's document already parsed by the caller (the ingest, which just
 * stored it), so it is not parsed a second time.
 */
export function loadSubmission(
  office: Office,
  submissionId: string,
  options: { ensureLines?: boolean; closeout?: Closeout | undefined; shared?: RulesShared } = {},
): LoadedSubmission {
  const { sqlite, db } = office
  const submission = first(sqlite, db.selectFrom('submissions').selectAll().where('id', '=', submissionId))
  if (!submission) throw new CloseoutError('not-found', `No submission ${submissionId}`)
  const job = first(sqlite, db.selectFrom('jobs').selectAll().where('id', '=', submission.job_id))
  if (!job)
    throw new CloseoutError('not-found', `Submission ${submissionId} points at a missing job ${submission.job_id}`)
  const closeout = options.closeout ?? storedDocument(office, submission.id, submission.document_json)
  const lineRows = options.ensureLines
    ? ensureLineRows(office, submissionId, closeout)
    : loadLineRows(office, submissionId)
  const lines = rowsToLines(lineRows, closeout)
  const customer = jobCustomer(
    job,
    closeout,
    (id) => first(sqlite, db.selectFrom('customers').select(CUSTOMER_COLUMNS).where('id', '=', id)),
    (name) => customerByName(office, name),
  )
  const jobTypeId = job.job_type_id ?? ('new' in closeout.job ? closeout.job.new.jobType : null)
  const jobTypeRow = jobTypeId
    ? first(sqlite, db.selectFrom('job_types').selectAll().where('id', '=', jobTypeId))
    : undefined
  const estimateRows = all(
    sqlite,
    db.selectFrom('estimate_lines').select(ESTIMATE_COLUMNS).where('job_id', '=', job.id).orderBy('line_no'),
  )
  const skus = lineSkus(lines, estimateRows)
  const priceBook = skus.length ? priceBookRows(office, skus) : []
  const shared = options.shared ?? loadRulesShared(office)
  return assemble({ submission, job, closeout, lineRows, lines, customer, jobTypeRow, estimateRows, priceBook, shared })
}

/**
 * loadSubmission for many submissions at once (a listing): the same result for each, read with
 * a few statements for all of them instead of a dozen per submission. Missing ones are left out.
 */
export function loadSubmissions(
  office: Office,
  submissionIds: readonly string[],
  shared: RulesShared = loadRulesShared(office),
): LoadedSubmission[] {
  if (submissionIds.length === 0) return []
  const { sqlite, db } = office
  const jobIds = db.selectFrom('submissions').select('job_id').where('id', 'in', jsonList(submissionIds))
  // The documents themselves (the largest column) only for those not parsed yet.
  const submissions = all(
    sqlite,
    db.selectFrom('submissions').select(SUBMISSION_COLUMNS).where('id', 'in', jsonList(submissionIds)),
  )
  const unparsed = submissions.filter((s) => !hasParsedDocument(office, s.id)).map((s) => s.id)
  const documents = new Map(
    unparsed.length
      ? all(
          sqlite,
          db.selectFrom('submissions').select(['id', 'document_json']).where('id', 'in', jsonList(unparsed)),
        ).map((d) => [d.id, d.document_json])
      : [],
  )
  const jobs = byKey(all(sqlite, db.selectFrom('jobs').selectAll().where('id', 'in', jobIds)), (j) => j.id)
  // Rows as arrays (much cheaper to read by the thousand than objects), named by lineRow.
  const lineRows = groupBy(
    tuples(
      sqlite,
      db
        .selectFrom('submission_lines')
        .select(LINE_COLUMNS)
        .where('submission_id', 'in', jsonList(submissionIds))
        .orderBy('submission_id')
        .orderBy('line_no'),
    ).map(lineRow),
    (r) => r.submission_id,
  )
  const estimates = groupBy(
    all(
      sqlite,
      db
        .selectFrom('estimate_lines')
        .select(ESTIMATE_COLUMNS)
        .where('job_id', 'in', jobIds)
        .orderBy('job_id')
        .orderBy('line_no'),
    ),
    (r) => r.job_id,
  )
  const customers = byKey(
    all(
      sqlite,
      db
        .selectFrom('customers')
        .select(CUSTOMER_COLUMNS)
        .where('id', 'in', db.selectFrom('jobs').select('customer_id').where('id', 'in', jobIds)),
    ),
    (c) => c.id,
  )
  const jobTypes = byKey(all(sqlite, db.selectFrom('job_types').selectAll()), (t) => t.id)
  const parts = submissions.flatMap((submission) => {
    const job = jobs.get(submission.job_id)
    if (!job) return []
    const closeout = storedDocument(office, submission.id, documents.get(submission.id) ?? '')
    const rows = lineRows.get(submission.id) ?? []
    return [{ submission, job, closeout, lineRows: rows, lines: rowsToLines(rows, closeout) }]
  })
  const skus = [...new Set(parts.flatMap((p) => lineSkus(p.lines, estimates.get(p.job.id) ?? [])))]
  const priceBook = byKey(skus.length ? priceBookRows(office, skus) : [], (p) => p.sku)
  return assembleAll(submissionIds, parts, {
    estimates,
    customers,
    customerByName: (name) => customerByName(office, name),
    jobTypes,
    priceBook,
    shared,
  })
}

/** The first customer of that name (by id), for a job row created for a closeout. */
function customerByName({ sqlite, db }: Office, name: string): CustomerRow | undefined {
  return first(
    sqlite,
    db.selectFrom('customers').select(CUSTOMER_COLUMNS).where('name', '=', name).orderBy('id').limit(1),
  )
}
