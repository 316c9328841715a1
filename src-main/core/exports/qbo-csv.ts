import { formatMilli, formatMoney } from '../../../src-shared/domain/money'
import { splitCsvFiles, type ExportWriter } from './export-file'
import type { ExportInvoice, WriterContext } from './export-invoice'
import { formatUnitE4, lineForm } from './export-lines'
import { formatDate, oneLine } from './export-text'

/** Intuit's sample header, column for column (research/accounting-formats.md 1.2 b and c). */
export const QBO_US_HEADER = [
  '*InvoiceNo',
  '*Customer',
  '*InvoiceDate',
  '*DueDate',
  'Terms',
  'Location',
  'Memo',
  'Item(Product/Service)',
  'ItemDescription',
  'ItemQuantity',
  'ItemRate',
  '*ItemAmount',
  'Taxable',
  'TaxRate',
  'Service Date',
] as const
export const QBO_NON_US_HEADER = [
  '*InvoiceNo',
  '*Customer',
  '*InvoiceDate',
  '*DueDate',
  'Terms',
  'Location',
  'Memo',
  'Item(Product/Service)',
  'ItemDescription',
  'ItemQuantity',
  'ItemRate',
  '*ItemAmount',
  '*ItemTaxCode',
  'ItemTaxAmount',
  'Service Date',
] as const

/** QuickBooks Online refuses more than 100 invoices or 1,000 rows in one import. */
export const QBO_MAX_INVOICES = 100
export const QBO_MAX_ROWS = 1000

export function invoiceMemo(inv: ExportInvoice): string {
  return [`Job ${inv.jobId}`, inv.poNumber ? `PO ${inv.poNumber}` : null].filter(Boolean).join(', ')
}

function rowsFor(inv: ExportInvoice, ctx: WriterContext): string[][] {
  const { form, dateFormat, exemptTaxCode } = ctx.settings.qbo
  const taxable = inv.tax !== null && inv.tax.rateMilli > 0
  // US TaxRate is the invoice's sales tax rate (the footer's "sales tax" box) by its QuickBooks
  // Online name, not a percentage: Transaction Pro's "QuickBooks Online: Setting Sales Tax"
  // ("the name of the sales tax item only, do not include the percentage"), as Intuit's API
  // names a US invoice's tax by TxnTaxCodeRef. It is an invoice field, so it repeats on every row.
  const taxRate = taxable && inv.lines.some((l) => l.taxable) ? (inv.tax?.names.qbo ?? '') : ''
  // Invoice-level fields repeat on every row: identical repeats cannot form another grouping.
  return inv.lines.map((line) => {
    const { quantityMilli, unitE4, description } = lineForm(line, 'up')
    const lineTaxable = taxable && line.taxable
    const tax =
      form === 'us'
        ? [lineTaxable ? 'Y' : 'N', taxRate]
        : [lineTaxable ? (inv.tax?.names.qbo ?? '') : exemptTaxCode, '']
    return [
      inv.invoiceNumber,
      inv.customerNames.qbo ?? inv.customerName,
      formatDate(inv.invoiceDate, dateFormat),
      formatDate(inv.dueDate, dateFormat),
      inv.terms,
      '',
      invoiceMemo(inv),
      line.names.qbo ?? '',
      oneLine(description),
      formatMilli(quantityMilli),
      formatUnitE4(unitE4),
      formatMoney(line.amountCents),
      ...tax,
      formatDate(inv.serviceDate, dateFormat),
    ]
  })
}

export const writeQboCsv: ExportWriter = (invoices, ctx, fileName) =>
  splitCsvFiles(
    invoices,
    ctx.settings.qbo.form === 'us' ? QBO_US_HEADER : QBO_NON_US_HEADER,
    (inv) => rowsFor(inv, ctx),
    { maxInvoices: QBO_MAX_INVOICES, maxRows: QBO_MAX_ROWS },
    fileName,
  )
