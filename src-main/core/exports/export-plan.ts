import type { ExportFinding, ExportFormat, Preflight } from '../../../src-shared/api/exports'
import type { EngineDb } from '../db/engine-db'
import type { ExportSettings } from '../../../src-shared/api/exports'
import { checkInvoices } from './export-checks'
import { WRITERS } from './export-formats'
import { freeNumbers, numberInvoices, type CompanyInfo, type ExportInvoice, type WriterContext } from './export-invoice'
import { readExportSettingsAsync } from '../settings/export-settings'
import { localDate } from './export-text'
import { loadInvoiceSources, type InvoiceSource } from './invoice-source'
import { peekInvoiceNumber } from './invoice-numbers.repo'
import { targetRounding, withRoundingLine } from './export-lines'
import { checkMoney } from './money-checks'
import { readCompanyMoneyAsync } from '../settings/money-settings'
import { readCompanyInfo } from '../setup/company-reads.repo'

export interface ExportPlan {
  format: ExportFormat
  company: CompanyInfo
  invoices: ExportInvoice[]
  findings: ExportFinding[]
  ctx: WriterContext
}

/** What an export reads before it numbers anything: every invoice-ready job and what it needs. */
export interface ExportReads {
  /** `nextInvoiceNumber`: where the next export's numbers start (invoice-numbers.repo.ts). */
  company: CompanyInfo
  settings: ExportSettings
  sources: InvoiceSource[]
  /** Invoice number -> the job that carries it, for every job numbered so far. */
  numbersOfOtherJobs: Map<string, string>
  invoiceDate: 'export' | 'completed'
  hasSalesTax: boolean
}

/**
 * The export's reads on the async path (issue #17), either engine. In the export's transaction
 * pass the transaction's view (`{ ...edb, db: trx }`) so the numbers it then takes are final.
 */
export async function readExport(edb: EngineDb): Promise<ExportReads> {
  const { db, engine } = edb
  const company = await readCompanyInfo(edb)
  const settings = await readExportSettingsAsync(edb)
  const sources = await loadInvoiceSources(edb)
  const used = await db
    .selectFrom('jobs')
    .select(['id', 'invoice_number'])
    .where('invoice_number', 'is not', null)
    .$narrowType<{ invoice_number: string }>()
    .execute()
  const money = await readCompanyMoneyAsync(edb)
  const tax = await db.selectFrom('taxes').select('id').limit(1).executeTakeFirst()
  return {
    company: { ...company, nextInvoiceNumber: await peekInvoiceNumber(db, engine, company.nextInvoiceNumber) },
    settings,
    sources,
    numbersOfOtherJobs: new Map(used.map((r) => [r.invoice_number, r.id])),
    invoiceDate: money.invoiceDate,
    hasSalesTax: tax !== undefined,
  }
}

/** Whether the company's number `n` is one some job already carries. */
export function takenNumber(reads: ExportReads): (n: number) => boolean {
  return (n) => reads.numbersOfOtherJobs.has(`${reads.company.invoicePrefix}${n}`)
}

/** How many of these invoices need a new number (the others keep an earlier, voided batch's). */
export function newInvoiceCount(sources: readonly InvoiceSource[]): number {
  return sources.filter((s) => s.invoiceNumber === null).length
}

/**
 * Numbers the jobs read (less `exclude`) and checks them for the format. `numbers` are the
 * export's final numbers (invoice-numbers.repo.ts `takeInvoiceNumbers`); null numbers them
 * provisionally from where the sequence stands (nothing is reserved), as a preflight shows them.
 */
export function planExport(
  reads: ExportReads,
  format: ExportFormat,
  now: Date,
  numbers: readonly number[] | null = null,
  exclude: ReadonlySet<string> = new Set(),
): ExportPlan {
  const { company, settings } = reads
  const sources = reads.sources.filter((s) => !exclude.has(s.jobId))
  const today = localDate(now)
  const numbered = numberInvoices(
    sources,
    company,
    (s) => (reads.invoiceDate === 'completed' ? s.serviceDate : today),
    numbers ?? freeNumbers(company.nextInvoiceNumber, newInvoiceCount(sources), takenNumber(reads)),
  )
  const rounding = targetRounding(format, settings.qbo.form)
  const invoices = numbered.map((inv) => withRoundingLine(inv, rounding))
  const findings = [
    ...checkInvoices(format, invoices, reads.numbersOfOtherJobs),
    ...checkMoney(format, invoices, settings.qbo.form),
  ]
  return {
    format,
    company,
    invoices,
    findings,
    ctx: { company, settings, batchId: 0, createdAt: now.toISOString(), hasSalesTax: reads.hasSalesTax },
  }
}

/** What an export would do now: invoices, files (after splitting) and every problem with its fix. */
export async function preflightExport(edb: EngineDb, format: ExportFormat, now = new Date()): Promise<Preflight> {
  const plan = planExport(await readExport(edb), format, now)
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
