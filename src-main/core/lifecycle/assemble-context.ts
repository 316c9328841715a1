import type { Closeout } from '../../../src-shared/schemas/closeout'
import type { EstimateLine, RulesCustomer, RulesInput, RulesJobType } from '../../../src-shared/domain/rules'
import type { PhotoCategory } from '../../../src-shared/schemas/primitives'
import type { LineInput, PriceBookEntry } from '../../../src-shared/domain/pricing'
import type { JobsTable, JobTypesTable, SubmissionsTable } from '../db/schema'
import type { CustomerRow, EstimateRow, LoadedSubmission, PriceBookRow, RulesShared } from './rules-context'
import type { SubmissionLineRow } from './submission-lines'

/**
 * Putting a submission's rules context together from rows already read: the part the
 * synchronous loaders (rules-context.ts, for the ingest and the decisions) and the async ones
 * (load-submissions.ts, either engine) share, so both hand the rules engine the same input.
 */

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

/** One submission with its job, document and lines, before its context is put together. */
export interface SubmissionPart {
  submission: Omit<SubmissionsTable, 'document_json'>
  job: JobsTable
  closeout: Closeout
  lineRows: SubmissionLineRow[]
  lines: LineInput[]
}

/** What was read for all the parts at once. */
export interface ReadForParts {
  estimates: ReadonlyMap<string, EstimateRow[]>
  customers: ReadonlyMap<string, CustomerRow>
  /** The customer a job created for a closeout goes by (the first of that name by id). */
  customerByName: (name: string) => CustomerRow | undefined
  jobTypes: ReadonlyMap<string, JobTypesTable>
  priceBook: ReadonlyMap<string, PriceBookRow>
  shared: RulesShared
}

/** The contexts of `submissionIds` in the order asked (an id without its job left out). */
export function assembleAll(
  submissionIds: readonly string[],
  parts: readonly SubmissionPart[],
  read: ReadForParts,
): LoadedSubmission[] {
  const loaded = new Map(
    parts.map((p) => {
      const estimateRows = read.estimates.get(p.job.id) ?? []
      const customer = jobCustomer(p.job, p.closeout, (id) => read.customers.get(id), read.customerByName)
      const jobTypeId = p.job.job_type_id ?? ('new' in p.closeout.job ? p.closeout.job.new.jobType : null)
      const own = lineSkus(p.lines, estimateRows).flatMap((sku) => read.priceBook.get(sku) ?? [])
      return [
        p.submission.id,
        assemble({
          ...p,
          customer,
          jobTypeRow: jobTypeId ? read.jobTypes.get(jobTypeId) : undefined,
          estimateRows,
          priceBook: own,
          shared: read.shared,
        }),
      ] as const
    }),
  )
  return submissionIds.flatMap((id) => loaded.get(id) ?? [])
}

export function byKey<T>(rows: readonly T[], key: (row: T) => string): Map<string, T> {
  return new Map(rows.map((r) => [key(r), r]))
}

export function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const r of rows) {
    const k = key(r)
    const list = out.get(k)
    if (list) list.push(r)
    else out.set(k, [r])
  }
  return out
}

/** The job's customer; a job row the ingest created for a closeout (`job.new`) goes by the customer's name. */
export function jobCustomer(
  job: JobsTable,
  closeout: Closeout,
  byId: (id: string) => CustomerRow | undefined,
  byName: (name: string) => CustomerRow | undefined,
): CustomerRow | undefined {
  const ref = closeout.job
  if (job.customer_id) return byId(job.customer_id)
  if (!('new' in ref)) return undefined
  return byName(ref.new.customerName)
}

export function lineSkus(lines: readonly LineInput[], estimateRows: readonly EstimateRow[]): string[] {
  return [
    ...new Set(
      [...lines.map((l) => l.sku), ...estimateRows.map((e) => (e.kind === 'part' ? e.sku : null))].filter(
        (s): s is string => !!s,
      ),
    ),
  ]
}

export function assemble(p: {
  submission: Omit<SubmissionsTable, 'document_json'>
  job: JobsTable
  closeout: Closeout
  lineRows: SubmissionLineRow[]
  lines: LineInput[]
  customer: CustomerRow | undefined
  jobTypeRow: JobTypesTable | undefined
  estimateRows: readonly EstimateRow[]
  priceBook: readonly PriceBookRow[]
  shared: RulesShared
}): LoadedSubmission {
  const { submission, job, closeout, lineRows, customer, shared } = p
  const estimate: EstimateLine[] = p.estimateRows.map((e) =>
    e.kind === 'part'
      ? { kind: 'part', sku: e.sku ?? '', quantityMilli: e.quantity_milli, unitPriceCents: e.unit_price_cents }
      : { kind: 'labor', role: e.role ?? '', hoursMilli: e.quantity_milli },
  )
  // A job row the ingest created for a closeout (origin 'field') is not a dispatched job.
  const dispatched = job.origin === 'dispatch'
  const jobType = p.jobTypeRow ? rulesJobTypeFromRow(p.jobTypeRow) : null
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
    priceBook: p.priceBook.map((row): PriceBookEntry => ({
      sku: row.sku,
      description: row.description,
      unitPriceCents: row.unit_price_cents,
      taxable: row.taxable === 1,
    })),
    laborRates: shared.laborRates,
    taxRateMilli: customer?.tax_id ? (shared.taxRates.get(customer.tax_id) ?? null) : null,
    taxRounding: shared.taxRounding,
    policy: shared.policy,
    lines: p.lines,
    currency: shared.currency,
  }
  return { submission, closeout, job, lineRows, policy: shared.policy, input }
}
