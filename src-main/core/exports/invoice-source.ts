import { formatMilli } from '../../../src-shared/domain/money'
import { allocate } from '../../../src-shared/domain/pricing'
import type { EngineDb } from '../db/engine-db'
import {
  invoiceSourceQueries,
  type InvoiceJobRow,
  type InvoiceLineRow,
  type InvoiceSourceRows,
} from './invoice-source.repo'
import type { AccountingSystem } from '../../../src-shared/api/settings'

export type { AccountingSystem } from '../../../src-shared/api/settings'
export type ExportLineKind = 'labor' | 'part' | 'adjustment' | 'discount' | 'rounding'

export interface ExportLine {
  /** The submission's line number; discount lines follow the last line. */
  lineNo: number
  kind: ExportLineKind
  /** The mapping key: sku, labor role, adjustment kind or 'discount'. */
  ref: string | null
  mappingKind: 'item' | 'labor' | 'adjustment'
  description: string
  quantityMilli: number
  amountCents: number
  /** The unit price actually charged (overtime multiplier included) in ten-thousandths; null when unknown. */
  unitE4: number | null
  taxable: boolean
  /** Names of this line's item in each system ('*' mappings are the fallback for the kind). */
  names: Partial<Record<AccountingSystem, string>>
  /** A part whose SKU the price book has (its name is set in Settings > Accounting names). */
  inPriceBook?: boolean
}

export interface InvoiceSource {
  jobId: string
  submissionId: string
  /** Kept from an earlier (voided) batch, else null until the export numbers it. */
  invoiceNumber: string | null
  customerId: string | null
  customerName: string
  customerNames: Partial<Record<AccountingSystem, string>>
  /** The customer's name in that system was set on purpose (an accounting name), not its own name. */
  customerAccountingNamed?: Partial<Record<AccountingSystem, boolean>>
  customerEmail: string
  customerAddress: string
  /** v1.1 structured address; null when the customer has only a one-line address. */
  customerAddressParts?: {
    line1: string
    line2: string
    city: string
    region: string
    postalCode: string
    country: string
  } | null
  siteAddress: string
  poNumber: string | null
  technician: string | null
  /** The calendar date the work was completed, as the technician's device wrote it. */
  serviceDate: string
  completedAt: string
  subtotalCents: number | null
  discountCents: number
  taxCents: number | null
  totalCents: number | null
  tax: { id: string; name: string; rateMilli: number; names: Partial<Record<AccountingSystem, string>> } | null
  lines: ExportLine[]
  /** The names of the rounding line an export adds where the system's tax rounding differs. */
  roundingNames: Partial<Record<AccountingSystem, string>>
  /** Lines the rules could not price (amount_cents null): the export refuses them. */
  unpricedLines: { lineNo: number; description: string }[]
}

type JobRow = InvoiceJobRow
type LineRow = InvoiceLineRow

/** What the unit prices of lines come from when the line does not carry its own. */
interface Prices {
  parts: ReadonlyMap<string, number>
  labor: ReadonlyMap<string, { rate: number; multiplier: number }>
}

type NameMap = Map<string, Partial<Record<AccountingSystem, string>>>

function mappingsFrom(rows: InvoiceSourceRows['mappings']): NameMap {
  const map: NameMap = new Map()
  for (const r of rows) {
    const key = `${r.kind}:${r.ref}`
    const entry = map.get(key) ?? {}
    entry[r.system as AccountingSystem] = r.name
    map.set(key, entry)
  }
  return map
}

function namesFor(map: NameMap, kind: string, ref: string | null): Partial<Record<AccountingSystem, string>> {
  return { ...map.get(`${kind}:*`), ...(ref === null ? {} : map.get(`${kind}:${ref}`)) }
}

/**
 * A part's names: a price-book part only ever by its own names (a missing one blocks the export
 * as missing-item-mapping rather than billing it silently as the default part); only a part
 * the price book lacks falls back to the default part item.
 */
function partNames(map: NameMap, sku: string | null, inPriceBook: boolean): Partial<Record<AccountingSystem, string>> {
  return inPriceBook ? { ...map.get(`item:${sku}`) } : namesFor(map, 'item', null)
}

/**
 * The invoice data of jobs as the export and the packet see it: the current submission's
 * priced lines (removed lines left out), its totals, the customer and tax, and every name the
 * accounting systems know them by. `jobIds` null means every invoice-ready job. On the async
 * path (issue #17), either engine; `edb` may be a transaction's (`{ ...edb, db: trx }`).
 */
export async function loadInvoiceSources(
  { db, engine }: EngineDb,
  jobIds: readonly string[] | null = null,
): Promise<InvoiceSource[]> {
  const q = invoiceSourceQueries(db, engine)
  const jobs = await q.jobs(jobIds).execute()
  if (jobs.length === 0) return []
  return assembleInvoiceSources({
    jobs,
    lines: await q.lines(jobs.map((j) => j.submission_id)).execute(),
    mappings: await q.mappings().execute(),
    taxes: await q.taxes().execute(),
    book: await q.book().execute(),
    rates: await q.rates().execute(),
  })
}

/** The rows of invoice-source.repo.ts's queries as invoices' data, on either path. */
export function assembleInvoiceSources(rows: InvoiceSourceRows): InvoiceSource[] {
  const linesBySubmission = new Map<string, LineRow[]>()
  for (const l of rows.lines) {
    const list = linesBySubmission.get(l.submission_id) ?? []
    list.push(l)
    linesBySubmission.set(l.submission_id, list)
  }
  const mappings = mappingsFrom(rows.mappings)
  const taxes = new Map(rows.taxes.map((t) => [t.id, t]))
  const skus = new Set(rows.book.map((b) => b.sku))
  const roleNames = new Map(rows.rates.map((r) => [r.role, r.name ?? r.role]))
  const prices: Prices = {
    parts: new Map(rows.book.map((b) => [b.sku, b.unit_price_cents])),
    labor: new Map(rows.rates.map((r) => [r.role, { rate: r.rate_cents, multiplier: r.overtime_multiplier_milli }])),
  }
  return rows.jobs.map((j) =>
    toSource(j, linesBySubmission.get(j.submission_id) ?? [], mappings, taxes, roleNames, skus, prices),
  )
}

/**
 * What the invoice line says. The phone leaves a labor line's description empty; an invoice line
 * (and Xero's required *Description) needs words: the role's name, and whether it was overtime.
 */
function lineDescription(r: LineRow, roleNames: ReadonlyMap<string, string>): string {
  if (r.kind !== 'labor' || r.description.trim() !== '') return r.description
  const role = r.role ? (roleNames.get(r.role) ?? r.role) : 'Labor'
  return r.overtime === 1 ? `${role} (overtime)` : role
}

/**
 * The unit price the rules charged, in ten-thousandths: the line's own price, else the price
 * book's or the labor rate (times the overtime multiplier). Null when not known to 4 decimals.
 */
function unitE4Of(r: LineRow, prices: Prices): number | null {
  if (r.kind === 'labor' && r.billable === 0) return 0
  if (r.kind === 'labor') {
    const rate = r.role ? prices.labor.get(r.role) : undefined
    const unit = r.unit_price_cents ?? rate?.rate
    if (unit === undefined) return null
    const product = unit * (r.overtime === 1 ? (rate?.multiplier ?? 1000) : 1000)
    return product % 10 === 0 ? product / 10 : null
  }
  const unit = r.unit_price_cents ?? (r.kind === 'part' && r.sku ? prices.parts.get(r.sku) : undefined)
  return unit === undefined ? null : unit * 100
}

function toSource(
  j: JobRow,
  rows: LineRow[],
  mappings: NameMap,
  taxes: Map<string, { id: string; name: string; rate_milli: number }>,
  roleNames: ReadonlyMap<string, string>,
  skus: ReadonlySet<string>,
  prices: Prices,
): InvoiceSource {
  const lines: ExportLine[] = []
  const unpricedLines: InvoiceSource['unpricedLines'] = []
  for (const r of rows) {
    if (r.amount_cents === null) {
      unpricedLines.push({ lineNo: r.line_no, description: lineDescription(r, roleNames) })
      continue
    }
    const kind = (r.kind === 'labor' || r.kind === 'part' ? r.kind : 'adjustment') as ExportLineKind
    const mappingKind = kind === 'part' ? 'item' : kind === 'labor' ? 'labor' : 'adjustment'
    const ref = kind === 'part' ? r.sku : kind === 'labor' ? r.role : r.adjustment_kind
    const inPriceBook = kind === 'part' && ref !== null && skus.has(ref)
    lines.push({
      lineNo: r.line_no,
      kind,
      ref,
      mappingKind,
      description: lineDescription(r, roleNames),
      quantityMilli: r.quantity_milli,
      amountCents: r.amount_cents,
      unitE4: unitE4Of(r, prices),
      taxable: r.taxable === 1,
      names: kind === 'part' ? partNames(mappings, ref, inPriceBook) : namesFor(mappings, mappingKind, ref),
      inPriceBook,
    })
  }
  const discount = j.discount_total_cents ?? 0
  lines.push(...discountLines(j, lines, discount, mappings))
  const tax = j.c_tax_id ? taxes.get(j.c_tax_id) : undefined
  const customerMapped = mappings.get(`customer:${j.customer_id}`)
  const customerFallback = j.c_accounting_name ?? j.c_name ?? undefined
  return {
    jobId: j.id,
    submissionId: j.submission_id,
    invoiceNumber: j.invoice_number,
    customerId: j.customer_id,
    customerName: j.c_name ?? 'Unknown customer',
    customerNames: {
      qbo: customerMapped?.qbo ?? customerFallback,
      xero: customerMapped?.xero ?? customerFallback,
      iif: customerMapped?.iif ?? customerFallback,
    },
    customerAccountingNamed: {
      qbo: (customerMapped?.qbo ?? j.c_accounting_name) != null,
      xero: (customerMapped?.xero ?? j.c_accounting_name) != null,
      iif: (customerMapped?.iif ?? j.c_accounting_name) != null,
    },
    customerEmail: j.c_email ?? '',
    customerAddress: j.c_address ?? '',
    customerAddressParts:
      j.c_line2 || j.c_city || j.c_region || j.c_postal || j.c_country
        ? {
            line1: j.c_line1 ?? '',
            line2: j.c_line2 ?? '',
            city: j.c_city ?? '',
            region: j.c_region ?? '',
            postalCode: j.c_postal ?? '',
            country: j.c_country ?? '',
          }
        : null,
    siteAddress: j.site_address,
    poNumber: j.po_number,
    technician: j.tech_name,
    serviceDate: j.completed_at.slice(0, 10),
    completedAt: j.completed_at,
    subtotalCents: j.subtotal_cents,
    discountCents: discount,
    taxCents: j.tax_cents,
    totalCents: j.total_cents,
    tax: tax
      ? { id: tax.id, name: tax.name, rateMilli: tax.rate_milli, names: namesFor(mappings, 'tax', tax.id) }
      : null,
    lines,
    roundingNames: namesFor(mappings, 'adjustment', 'rounding'),
    unpricedLines,
  }
}

/**
 * The invoice discount as its own lines (a taxable and a non-taxable part), so the
 * accounting system's tax base equals ours: the shares are allocated exactly as the pricing
 * rules allocated them (src-shared/domain/pricing.ts).
 */
function discountLines(j: JobRow, lines: ExportLine[], discount: number, mappings: NameMap): ExportLine[] {
  if (discount === 0) return []
  const shares = allocate(
    discount,
    lines.map((l) => l.amountCents),
  )
  let taxablePart = 0
  lines.forEach((l, i) => {
    if (l.taxable) taxablePart += shares[i] ?? 0
  })
  const otherPart = discount - taxablePart
  const percent = j.discount_percent_milli === null ? '' : ` ${formatMilli(j.discount_percent_milli)}%`
  const reason = j.discount_reason ? `: ${j.discount_reason}` : ''
  const names = namesFor(mappings, 'adjustment', 'discount')
  const last = lines.reduce((max, l) => Math.max(max, l.lineNo), 0)
  const make = (amount: number, taxable: boolean, suffix: string, n: number): ExportLine => ({
    lineNo: last + n,
    kind: 'discount',
    ref: 'discount',
    mappingKind: 'adjustment',
    description: `Discount${percent}${reason}${suffix}`,
    quantityMilli: 1000,
    amountCents: -amount,
    unitE4: -amount * 100,
    taxable,
    names,
    inPriceBook: false,
  })
  const both = taxablePart !== 0 && otherPart !== 0
  const out: ExportLine[] = []
  if (taxablePart !== 0) out.push(make(taxablePart, true, both ? ' (taxable items)' : '', 1))
  if (otherPart !== 0) out.push(make(otherPart, false, both ? ' (non-taxable items)' : '', out.length + 1))
  return out
}
