import { formatMilli, formatMoney } from '../../src-shared/domain/money'
import type {
  TechJob,
  TechJobsAnswer,
  TechPriceBookItem,
  TechPriceBookSnapshot,
  TechRequirements,
} from '../../src-shared/api/lan'
import type { PriceBookEntry } from '../../src-shared/domain/pricing'
import type { EstimateLine } from '../../src-shared/domain/rules'
import type { FormCatalog } from '../../src-shared/schemas/office-snapshot'
import { loadPolicy, rulesJobTypeFromRow } from '../core/lifecycle/rules-context'
import type { JobTypesTable } from '../core/db/schema'
import type { Office } from '../core/office'
import { assembleJobsAnswer } from './jobs-answer'
import { sentBackCopy } from './tech-submissions.repo'

/** Jobs a technician can close from the phone: dispatched to them and not closed out yet, or sent back. */
const OPEN_STATUSES = ['scheduled', 'sent-back']

interface JobRow {
  id: string
  status: string
  customer_id: string | null
  customer_name: string | null
  requires_signature: number | null
  site_address: string
  job_type_id: string | null
  job_type_name: string | null
  scheduled_for: string | null
  po_number: string | null
  description: string
  not_to_exceed_cents: number | null
  current_submission_id: string | null
  tax_rate_milli: number | null
  send_back_comment: string | null
}

interface EstimateRow {
  kind: 'part' | 'labor'
  sku: string | null
  role: string | null
  description: string | null
  quantity_milli: number
  unit_price_cents: number | null
  book_description: string | null
  book_price: number | null
  role_name: string | null
  rate_cents: number | null
}

interface PriceBookRow {
  sku: string
  description: string
  unit_price_cents: number
  taxable: number
}

function requirements(type: JobTypesTable | undefined, customerRequiresSignature: boolean): TechRequirements {
  return {
    photos: type ? (JSON.parse(type.required_photos_json) as TechRequirements['photos']) : {},
    serialNumber: type?.require_serial_number === 1,
    signature: type?.require_signature === 1 || customerRequiresSignature,
  }
}

function toItem(r: PriceBookRow): TechPriceBookItem {
  return {
    sku: r.sku,
    description: r.description,
    unitPrice: formatMoney(r.unit_price_cents),
    unitPriceCents: r.unit_price_cents,
    taxable: r.taxable === 1,
  }
}

function toTechJob(office: Office, row: JobRow, lines: EstimateRow[], type: JobTypesTable | undefined): TechJob {
  const rulesEstimate: EstimateLine[] = lines.map((e) =>
    e.kind === 'part'
      ? { kind: 'part', sku: e.sku ?? '', quantityMilli: e.quantity_milli, unitPriceCents: e.unit_price_cents }
      : { kind: 'labor', role: e.role ?? '', hoursMilli: e.quantity_milli },
  )
  return {
    id: row.id,
    status: row.status,
    customerId: row.customer_id,
    customer: row.customer_name,
    siteAddress: row.site_address,
    jobTypeId: row.job_type_id,
    jobType: row.job_type_name,
    scheduledFor: row.scheduled_for,
    poNumber: row.po_number,
    description: row.description,
    notToExceed: row.not_to_exceed_cents === null ? null : formatMoney(row.not_to_exceed_cents),
    estimate: lines.map((e) => {
      const price = e.unit_price_cents ?? (e.kind === 'part' ? e.book_price : e.rate_cents)
      return {
        kind: e.kind,
        sku: e.sku,
        role: e.role,
        description: e.description ?? e.book_description ?? e.role_name ?? e.sku ?? e.role ?? '',
        quantity: formatMilli(e.quantity_milli),
        unitPrice: price === null ? null : formatMoney(price),
      }
    }),
    requirements: requirements(type, row.requires_signature === 1),
    sentBack:
      row.status === 'sent-back' && row.current_submission_id
        ? {
            submissionId: row.current_submission_id,
            ...sentBackCopy(office, row.current_submission_id, row.send_back_comment),
          }
        : null,
    rules: {
      job: { id: row.id, notToExceedCents: row.not_to_exceed_cents, estimate: rulesEstimate },
      customer:
        row.customer_id && row.customer_name
          ? { id: row.customer_id, name: row.customer_name, requiresSignature: row.requires_signature === 1 }
          : null,
      taxRateMilli: row.tax_rate_milli,
    },
  }
}

/** The technician's open jobs, soonest first. */
export function openJobs(office: Office, technicianId: string): TechJob[] {
  const { sqlite } = office
  const types = sqlite.prepare('SELECT * FROM job_types').all() as JobTypesTable[]
  const typeById = new Map(types.map((t) => [t.id, t]))
  const rows = sqlite
    .prepare(
      `SELECT j.*, c.name AS customer_name, c.requires_signature, jt.name AS job_type_name, tx.rate_milli AS tax_rate_milli,
         (SELECT comment FROM approvals a WHERE a.job_id = j.id AND a.decision = 'sent-back' ORDER BY a.id DESC LIMIT 1) AS send_back_comment
       FROM jobs j LEFT JOIN customers c ON c.id = j.customer_id LEFT JOIN job_types jt ON jt.id = j.job_type_id
       LEFT JOIN taxes tx ON tx.id = c.tax_id
       WHERE j.technician_id = ? AND j.status IN (${OPEN_STATUSES.map(() => '?').join(',')})
       ORDER BY j.scheduled_for IS NULL, j.scheduled_for, j.id`,
    )
    .all(technicianId, ...OPEN_STATUSES) as JobRow[]
  const estimate = sqlite.prepare(
    `SELECT e.*, p.description AS book_description, p.unit_price_cents AS book_price, r.name AS role_name, r.rate_cents
     FROM estimate_lines e LEFT JOIN price_book p ON p.sku = e.sku LEFT JOIN labor_rates r ON r.role = e.role
     WHERE e.job_id = ? ORDER BY e.line_no`,
  )
  return rows.map((row) =>
    toTechJob(
      office,
      row,
      estimate.all(row.id) as EstimateRow[],
      row.job_type_id ? typeById.get(row.job_type_id) : undefined,
    ),
  )
}

/** Job types, labor roles and the approval policy: the same for every technician. */
export function formCatalog(office: Office): FormCatalog {
  const { sqlite } = office
  const types = sqlite.prepare('SELECT * FROM job_types ORDER BY name').all() as JobTypesTable[]
  const { approverRoles: _roles, secondApprovalOverCents: _second, ...policy } = loadPolicy(office)
  const rateRows = sqlite.prepare('SELECT * FROM labor_rates ORDER BY role').all() as {
    role: string
    name: string | null
    rate_cents: number
    overtime_multiplier_milli: number
    taxable: number
  }[]
  return {
    jobTypes: types.map((t) => ({ id: t.id, name: t.name, requirements: requirements(t, false) })),
    laborRoles: rateRows.map((r) => ({ role: r.role, name: r.name ?? r.role })),
    rules: {
      policy,
      laborRates: rateRows.map((r) => ({
        role: r.role,
        name: r.name,
        rateCents: r.rate_cents,
        overtimeMultiplierMilli: r.overtime_multiplier_milli,
        taxable: r.taxable === 1,
      })),
      jobTypes: types.map(rulesJobTypeFromRow),
    },
  }
}

function priceBookEntries(office: Office, skus: ReadonlySet<string>): PriceBookEntry[] {
  const rows = office.sqlite
    .prepare(`SELECT * FROM price_book WHERE sku IN (${[...skus].map(() => '?').join(',')})`)
    .all(...skus) as PriceBookRow[]
  return rows.map((r) => ({
    sku: r.sku,
    description: r.description,
    unitPriceCents: r.unit_price_cents,
    taxable: r.taxable === 1,
  }))
}

export function technicianJobs(office: Office, technician: { id: string; name: string }): TechJobsAnswer {
  const row = office.sqlite.prepare('SELECT default_labor_role FROM technicians WHERE id = ?').get(technician.id) as
    { default_labor_role: string | null } | undefined
  return assembleJobsAnswer(
    { ...technician, defaultLaborRole: row?.default_labor_role ?? null },
    openJobs(office, technician.id),
    formCatalog(office),
    (skus) => priceBookEntries(office, skus),
  )
}

/** The whole price book, ordered as search answers it (for the office's snapshot). */
export function wholePriceBook(office: Office): TechPriceBookItem[] {
  return (office.sqlite.prepare('SELECT * FROM price_book ORDER BY description, sku').all() as PriceBookRow[]).map(
    toItem,
  )
}

/** Price-book search by SKU or words of the description; every word must match. */
export function searchPriceBook(office: Office, q: string, limit = 25): TechPriceBookItem[] {
  const words = q.trim().split(/\s+/).filter(Boolean).slice(0, 6)
  const where = words.map(() => `(sku LIKE ? ESCAPE '\\' OR description LIKE ? ESCAPE '\\')`).join(' AND ')
  const params = words.flatMap((w) => {
    const like = `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    return [like, like]
  })
  const rows = office.sqlite
    .prepare(`SELECT * FROM price_book ${where ? `WHERE ${where}` : ''} ORDER BY description LIMIT ?`)
    .all(...params, limit) as PriceBookRow[]
  return rows.map(toItem)
}

/** The whole price book for the phone's offline copy (IndexedDB), with the time it was read. */
export function priceBookSnapshot(office: Office, now = new Date()): TechPriceBookSnapshot {
  return { items: wholePriceBook(office), asOf: now.toISOString() }
}
