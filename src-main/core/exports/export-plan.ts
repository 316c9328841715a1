import type { ExportFinding, ExportFormat, Preflight } from '../../../src-shared/api/exports'
import { all, first } from '../db/connection'
import type { Office } from '../office'
import { checkInvoices } from './export-checks'
import { WRITERS } from './export-formats'
import { numberInvoices, type CompanyInfo, type ExportInvoice, type WriterContext } from './export-invoice'
import { readExportSettings } from '../settings/export-settings'
import { localDate } from './export-text'
import { loadInvoiceSources } from './invoice-source'
import { targetRounding, withRoundingLine } from './export-lines'
import { checkMoney } from './money-checks'
import { CloseoutError } from '../errors'
import { readCompanyMoney } from '../settings/money-settings'

export interface ExportPlan {
  format: ExportFormat
  company: CompanyInfo
  invoices: ExportInvoice[]
  findings: ExportFinding[]
  nextInvoiceNumber: number
  ctx: WriterContext
}

export function readCompany(office: Office): CompanyInfo {
  const row = first(
    office.sqlite,
    office.db
      .selectFrom('company')
      .select(['name', 'currency', 'payment_terms_days', 'next_invoice_number', 'invoice_prefix'])
      .where('id', '=', 1),
  )
  if (!row)
    throw new CloseoutError(
      'no-company',
      'Set up the company first (closeout setup import FILE, or Settings > Company)',
    )
  return {
    name: row.name,
    currency: row.currency,
    paymentTermsDays: row.payment_terms_days,
    nextInvoiceNumber: row.next_invoice_number,
    invoicePrefix: row.invoice_prefix,
  }
}

function hasSalesTax(office: Office): boolean {
  return first(office.sqlite, office.db.selectFrom('taxes').select('id').limit(1)) !== undefined
}

/**
 * Reads every invoice-ready job, numbers it provisionally (nothing is reserved) and checks it
 * for the format. Run inside the export transaction, the numbers become final.
 */
export function planExport(
  office: Office,
  format: ExportFormat,
  now: Date,
  exclude: ReadonlySet<string> = new Set(),
): ExportPlan {
  const company = readCompany(office)
  const settings = readExportSettings(office)
  const sources = loadInvoiceSources(office).filter((s) => !exclude.has(s.jobId))
  const used = all(
    office.sqlite,
    office.db
      .selectFrom('jobs')
      .select(['id', 'invoice_number'])
      .where('invoice_number', 'is not', null)
      .$narrowType<{ invoice_number: string }>(),
  )
  const numbersOfOtherJobs = new Map(used.map((r) => [r.invoice_number, r.id]))
  const today = localDate(now)
  const dated = readCompanyMoney(office.sqlite).invoiceDate
  const numbered = numberInvoices(
    sources,
    company,
    (s) => (dated === 'completed' ? s.serviceDate : today),
    new Set(numbersOfOtherJobs.keys()),
  )
  const { nextInvoiceNumber } = numbered
  const rounding = targetRounding(format, settings.qbo.form)
  const invoices = numbered.invoices.map((inv) => withRoundingLine(inv, rounding))
  const findings = [
    ...checkInvoices(format, invoices, numbersOfOtherJobs),
    ...checkMoney(format, invoices, settings.qbo.form),
  ]
  return {
    format,
    company,
    invoices,
    findings,
    nextInvoiceNumber,
    ctx: { company, settings, batchId: 0, createdAt: now.toISOString(), hasSalesTax: hasSalesTax(office) },
  }
}

/** What an export would do now: invoices, files (after splitting) and every problem with its fix. */
export function preflightExport(office: Office, format: ExportFormat, now = new Date()): Preflight {
  const plan = planExport(office, format, now)
  const blockedJobs = new Set(plan.findings.filter((f) => f.severity === 'block').map((f) => f.jobId))
  const passing = plan.invoices.filter((i) => !blockedJobs.has(i.jobId))
  const files =
    passing.length === 0
      ? []
      : WRITERS[format](passing, plan.ctx, 'file').map((f) => ({ name: f.name, invoices: f.invoices, rows: f.rows }))
  return {
    format,
    invoices: plan.invoices.map((i) => ({
      jobId: i.jobId,
      invoiceNumber: i.invoiceNumber,
      customer: i.customerName,
      totalCents: i.totalCents ?? 0,
      lines: i.lines.length,
    })),
    files,
    findings: plan.findings,
    blocked: blockedJobs.size > 0,
    totalCents: plan.invoices.reduce((n, i) => n + (i.totalCents ?? 0), 0),
  }
}
