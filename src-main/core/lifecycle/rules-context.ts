import { prepareCached } from '../db/connection'
import { CloseoutSchema, type Closeout } from '../../../src-shared/schemas/closeout'
import type {
  EstimateLine,
  RulesCustomer,
  RulesInput,
  RulesJobType,
  RulesPolicy,
} from '../../../src-shared/domain/rules'
import type { LaborRateEntry, LineInput, LineKind, PriceBookEntry } from '../../../src-shared/domain/pricing'
import { linesFromCloseout } from '../../../src-shared/domain/pricing'
import type { PhotoCategory } from '../../../src-shared/schemas/primitives'
import type {
  ApprovalPolicyTable,
  JobsTable,
  JobTypesTable,
  SubmissionLinesTable,
  SubmissionsTable,
} from '../db/schema'
import { CloseoutError } from '../errors'
import type { Office } from '../office'
import { readExportSettings } from '../settings/export-settings'
import { belowEstimateMilli, officeTaxRounding, readMoneyPolicy } from '../settings/money-settings'

/**
 * Loads everything the rules engine needs for one submission from SQLite (synchronously, so it
 * can run inside the ingest transaction). Lines come from submission_lines, where the office's
 * edits live; the closeout document supplies photos, signature, serial numbers and discount.
 */
export interface SubmissionLineRow extends Omit<SubmissionLinesTable, 'id'> {
  id: number
}

export interface LoadedSubmission {
  submission: SubmissionsTable
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
  const row = prepareCached(office.sqlite, 'SELECT * FROM approval_policy WHERE id = 1').get() as
    ApprovalPolicyTable | undefined
  const money = readMoneyPolicy(office.sqlite)
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

export function loadLineRows(office: Office, submissionId: string): SubmissionLineRow[] {
  return prepareCached(office.sqlite, 'SELECT * FROM submission_lines WHERE submission_id = ? ORDER BY line_no').all(
    submissionId,
  ) as SubmissionLineRow[]
}

/** A job_types row as the rules engine sees it (the LAN form's checklist can use it too). */
export function rulesJobTypeFromRow(row: JobTypesTable): RulesJobType {
  return {
    id: row.id,
    name: row.name,
    requiredPhotos: JSON.parse(row.required_photos_json) as Partial<Record<PhotoCategory, number>>,
    requireSerialNumber: row.require_serial_number === 1,
    requireSignature: row.require_signature === 1,
    laborHoursApprovalOverMilli: row.labor_hours_approval_over_milli,
  }
}

const DOC_FIELD: Record<LineKind, 'labor' | 'parts' | 'adjustments'> = {
  labor: 'labor',
  part: 'parts',
  adjustment: 'adjustments',
}

/** Stored lines -> engine lines. The n-th line of a kind points back at the document's n-th entry. */
export function rowsToLines(rows: readonly SubmissionLineRow[], doc: Closeout): LineInput[] {
  const seen: Record<LineKind, number> = { labor: 0, part: 0, adjustment: 0 }
  const out: LineInput[] = []
  for (const r of rows) {
    const kind = r.kind as LineKind
    const index = seen[kind]++
    if (r.removed) continue
    const field = DOC_FIELD[kind]
    const path = index < doc[field].length ? `${field}[${index}]` : `lines[${r.line_no}]`
    out.push({
      lineNo: r.line_no,
      kind,
      path,
      description: r.description,
      sku: r.sku,
      role: r.role,
      quantityMilli: r.quantity_milli,
      unitPriceCents: r.unit_price_cents,
      billable: r.billable === 1,
      overtime: r.overtime === 1,
      adjustmentKind: r.adjustment_kind,
    })
  }
  return out
}

/** Writes the document's lines when the ingest did not (keeps evaluation independent of it). */
export function ensureLineRows(office: Office, submissionId: string, doc: Closeout): SubmissionLineRow[] {
  const existing = loadLineRows(office, submissionId)
  if (existing.length > 0) return existing
  const insert = prepareCached(
    office.sqlite,
    `INSERT INTO submission_lines (submission_id, line_no, kind, role, sku, description, quantity_milli, billable, overtime, adjustment_kind, unit_price_cents)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  for (const l of linesFromCloseout(doc)) {
    insert.run(
      submissionId,
      l.lineNo,
      l.kind,
      l.role ?? null,
      l.sku ?? null,
      l.description,
      l.quantityMilli,
      l.billable ? 1 : 0,
      l.overtime ? 1 : 0,
      l.adjustmentKind ?? null,
      l.unitPriceCents ?? null,
    )
  }
  return loadLineRows(office, submissionId)
}

/**
 * `ensureLines`: write the document's lines first if the ingest did not (evaluation only).
 * `closeout`: the submission's document already parsed by the caller (the ingest, which just
 * stored it), so it is not parsed a second time.
 */
export function loadSubmission(
  office: Office,
  submissionId: string,
  options: { ensureLines?: boolean; closeout?: Closeout | undefined } = {},
): LoadedSubmission {
  const { sqlite } = office
  const submission = prepareCached(sqlite, 'SELECT * FROM submissions WHERE id = ?').get(submissionId) as
    SubmissionsTable | undefined
  if (!submission) throw new CloseoutError('not-found', `No submission ${submissionId}`)
  const job = prepareCached(sqlite, 'SELECT * FROM jobs WHERE id = ?').get(submission.job_id) as JobsTable | undefined
  if (!job)
    throw new CloseoutError('not-found', `Submission ${submissionId} points at a missing job ${submission.job_id}`)
  const closeout = options.closeout ?? CloseoutSchema.parse(JSON.parse(submission.document_json))
  const lineRows = options.ensureLines
    ? ensureLineRows(office, submissionId, closeout)
    : loadLineRows(office, submissionId)
  const lines = rowsToLines(lineRows, closeout)
  const ref = closeout.job

  // A job row the ingest created for a closeout (origin 'field') is not a dispatched job.
  const dispatched = job.origin === 'dispatch'
  const customerRow = job.customer_id
    ? prepareCached(sqlite, 'SELECT * FROM customers WHERE id = ?').get(job.customer_id)
    : 'new' in ref
      ? prepareCached(sqlite, 'SELECT * FROM customers WHERE name = ? ORDER BY id LIMIT 1').get(ref.new.customerName)
      : undefined
  const customer = customerRow as
    { id: string; name: string; requires_signature: number; tax_id: string | null } | undefined
  const jobTypeId = job.job_type_id ?? ('new' in ref ? ref.new.jobType : null)
  const jobTypeRow = jobTypeId
    ? (prepareCached(sqlite, 'SELECT * FROM job_types WHERE id = ?').get(jobTypeId) as JobTypesTable | undefined)
    : undefined
  const estimateRows = prepareCached(
    sqlite,
    'SELECT kind, sku, role, quantity_milli, unit_price_cents FROM estimate_lines WHERE job_id = ? ORDER BY line_no',
  ).all(job.id) as {
    kind: string
    sku: string | null
    role: string | null
    quantity_milli: number
    unit_price_cents: number | null
  }[]
  const estimate: EstimateLine[] = estimateRows.map((e) =>
    e.kind === 'part'
      ? { kind: 'part', sku: e.sku ?? '', quantityMilli: e.quantity_milli, unitPriceCents: e.unit_price_cents }
      : { kind: 'labor', role: e.role ?? '', hoursMilli: e.quantity_milli },
  )
  const skus = [
    ...new Set(
      [...lines.map((l) => l.sku), ...estimate.map((e) => (e.kind === 'part' ? e.sku : null))].filter(
        (s): s is string => !!s,
      ),
    ),
  ]
  const priceBook = skus.length
    ? (prepareCached(sqlite, `SELECT * FROM price_book WHERE sku IN (${skus.map(() => '?').join(',')})`).all(
        ...skus,
      ) as { sku: string; description: string; unit_price_cents: number; taxable: number }[])
    : []
  const laborRates = prepareCached(sqlite, 'SELECT * FROM labor_rates').all() as {
    role: string
    name: string | null
    rate_cents: number
    overtime_multiplier_milli: number
    taxable: number
  }[]
  const tax = customer?.tax_id
    ? (prepareCached(sqlite, 'SELECT rate_milli FROM taxes WHERE id = ?').get(customer.tax_id) as
        { rate_milli: number } | undefined)
    : undefined
  const policy = loadPolicy(office)

  const jobType = jobTypeRow ? rulesJobTypeFromRow(jobTypeRow) : null
  const rulesCustomer: RulesCustomer | null = customer
    ? { id: customer.id, name: customer.name, requiresSignature: customer.requires_signature === 1 }
    : null
  const input: RulesInput = {
    closeout,
    job: dispatched
      ? { id: job.id, technicianId: job.technician_id, notToExceedCents: job.not_to_exceed_cents, estimate }
      : null,
    jobType,
    customer: rulesCustomer,
    priceBook: priceBook.map((p): PriceBookEntry => ({
      sku: p.sku,
      description: p.description,
      unitPriceCents: p.unit_price_cents,
      taxable: p.taxable === 1,
    })),
    laborRates: laborRates.map((r): LaborRateEntry => ({
      role: r.role,
      name: r.name,
      rateCents: r.rate_cents,
      overtimeMultiplierMilli: r.overtime_multiplier_milli,
      taxable: r.taxable === 1,
    })),
    taxRateMilli: tax?.rate_milli ?? null,
    taxRounding: officeTaxRounding(sqlite, readExportSettings(office).qbo.form),
    policy,
    lines,
    currency: (
      prepareCached(sqlite, 'SELECT currency FROM company WHERE id = 1').get() as { currency: string } | undefined
    )?.currency,
  }
  return { submission, closeout, job, lineRows, policy, input }
}
