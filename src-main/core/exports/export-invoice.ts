import type { ExportSettings } from '../../../src-shared/api/exports'
import { addDays } from './export-text'
import type { InvoiceSource } from './invoice-source'

export interface CompanyInfo {
  name: string
  currency: string
  paymentTermsDays: number
  nextInvoiceNumber: number
  invoicePrefix: string
}

/** An invoice as every writer receives it: numbered and dated. */
export interface ExportInvoice extends InvoiceSource {
  invoiceNumber: string
  /** Calendar dates, YYYY-MM-DD. */
  invoiceDate: string
  dueDate: string
  terms: string
}

export interface WriterContext {
  company: CompanyInfo
  settings: ExportSettings
  batchId: number
  createdAt: string
  /** The company collects sales tax (any tax set up): IIF then needs an AUTOSTAX line on every invoice. */
  hasSalesTax: boolean
}

export function termsName(days: number): string {
  return days === 0 ? 'Due on receipt' : `Net ${days}`
}

/**
 * `count` invoice numbers from `start` on, in order, skipping those `taken` (a number some job
 * already carries): the company sequence as SQLite keeps it, and any preflight's numbering.
 */
export function freeNumbers(start: number, count: number, taken: (n: number) => boolean): number[] {
  const numbers: number[] = []
  let next = start
  while (numbers.length < count) {
    while (taken(next)) next++
    numbers.push(next++)
  }
  return numbers
}

/**
 * Numbers the invoices in order with `numbers` (one for each invoice without a number, from
 * exports/invoice-numbers.repo.ts or freeNumbers); an invoice keeps the number an earlier
 * (voided) batch gave it. Dates each invoice and its due date.
 */
export function numberInvoices(
  sources: readonly InvoiceSource[],
  company: CompanyInfo,
  /** The invoice's calendar date: the export's day, or (company.invoiceDate "completed") the work's. */
  invoiceDate: (source: InvoiceSource) => string,
  numbers: readonly number[],
): ExportInvoice[] {
  let given = 0
  return sources.map((s) => {
    let number = s.invoiceNumber
    if (number === null) {
      const n = numbers[given++]
      if (n === undefined) throw new Error(`numberInvoices: ${numbers.length} number(s) for more new invoices`)
      number = `${company.invoicePrefix}${n}`
    }
    const date = invoiceDate(s)
    return {
      ...s,
      invoiceNumber: number,
      invoiceDate: date,
      dueDate: addDays(date, company.paymentTermsDays),
      terms: termsName(company.paymentTermsDays),
    }
  })
}

/** Groups whole invoices into files of at most `maxInvoices` invoices and `maxRows` rows. */
export function splitInvoices<T extends { rows: number }>(
  items: readonly T[],
  maxInvoices: number,
  maxRows: number,
): T[][] {
  const files: T[][] = []
  let current: T[] = []
  let rows = 0
  for (const item of items) {
    if (current.length > 0 && (current.length + 1 > maxInvoices || rows + item.rows > maxRows)) {
      files.push(current)
      current = []
      rows = 0
    }
    current.push(item)
    rows += item.rows
  }
  if (current.length > 0) files.push(current)
  return files
}

/** "invoices.csv" -> ["invoices-1.csv", "invoices-2.csv"] when split; unchanged when one file. */
export function numberedNames(fileName: string, count: number): string[] {
  if (count <= 1) return [fileName]
  const dot = fileName.lastIndexOf('.')
  const stem = dot > 0 ? fileName.slice(0, dot) : fileName
  const ext = dot > 0 ? fileName.slice(dot) : ''
  const width = String(count).length
  return Array.from({ length: count }, (_, i) => `${stem}-${String(i + 1).padStart(width, '0')}${ext}`)
}
