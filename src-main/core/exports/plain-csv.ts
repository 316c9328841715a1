import { formatMilli, formatMoney } from '../../../src-shared/domain/money'
import { spreadsheetCsv, type ExportWriter } from './export-file'
import type { ExportInvoice, WriterContext } from './export-invoice'
import { oneLine } from './export-text'
import { formatUnitE4, packetLineForm } from './export-lines'
import type { ExportLine } from './invoice-source'

/** One row per invoice line with every invoice field: for spreadsheets and other systems. */
export const PLAIN_HEADER = [
  'invoice_number',
  'job_id',
  'customer',
  'customer_accounting_name',
  'invoice_date',
  'due_date',
  'service_date',
  'terms',
  'po_number',
  'technician',
  'line_no',
  'kind',
  'ref',
  'description',
  'quantity',
  'unit_price',
  'amount',
  'taxable',
  'tax_name',
  'tax_rate_percent',
  'invoice_subtotal',
  'invoice_discount',
  'invoice_tax',
  'invoice_total',
  'currency',
] as const

function money(cents: number | null): string {
  return cents === null ? '' : formatMoney(cents)
}

/**
 * The unit price as Closeout priced the line (up to 4 decimals), as on the packet: quantity x
 * unit price gives the amount. Empty only where no unit price does (the amount then stands).
 */
function unitPrice(l: ExportLine): string {
  const form = packetLineForm(l)
  return form.kept ? formatUnitE4(form.unitE4) : ''
}

function invoiceJson(inv: ExportInvoice) {
  return {
    invoiceNumber: inv.invoiceNumber,
    jobId: inv.jobId,
    submissionId: inv.submissionId,
    customer: {
      id: inv.customerId,
      name: inv.customerName,
      accountingName: inv.customerNames.qbo ?? null,
      email: inv.customerEmail,
      address: inv.customerAddress,
    },
    siteAddress: inv.siteAddress,
    poNumber: inv.poNumber,
    technician: inv.technician,
    invoiceDate: inv.invoiceDate,
    dueDate: inv.dueDate,
    serviceDate: inv.serviceDate,
    terms: inv.terms,
    lines: inv.lines.map((l) => ({
      lineNo: l.lineNo,
      kind: l.kind,
      ref: l.ref,
      description: l.description,
      quantity: formatMilli(l.quantityMilli),
      unitPrice: unitPrice(l),
      amount: formatMoney(l.amountCents),
      taxable: l.taxable,
      accountingItem: l.names,
    })),
    tax: inv.tax ? { id: inv.tax.id, name: inv.tax.name, ratePercent: formatMilli(inv.tax.rateMilli) } : null,
    subtotal: money(inv.subtotalCents),
    discount: money(inv.discountCents),
    taxAmount: money(inv.taxCents),
    total: money(inv.totalCents),
  }
}

function jsonName(fileName: string): string {
  const dot = fileName.lastIndexOf('.')
  return `${dot > 0 ? fileName.slice(0, dot) : fileName}.json`
}

/** `<name>.csv` (lines) and `<name>.json` (the same invoices as documents, closeout-export/v1). */
export const writePlainCsv: ExportWriter = (invoices, ctx: WriterContext, fileName) => {
  const rows = invoices.flatMap((inv) =>
    inv.lines.map((l) => [
      inv.invoiceNumber,
      inv.jobId,
      inv.customerName,
      inv.customerNames.qbo ?? '',
      inv.invoiceDate,
      inv.dueDate,
      inv.serviceDate,
      inv.terms,
      inv.poNumber ?? '',
      inv.technician ?? '',
      String(l.lineNo),
      l.kind,
      l.ref ?? '',
      oneLine(l.description),
      formatMilli(l.quantityMilli),
      unitPrice(l),
      formatMoney(l.amountCents),
      l.taxable ? 'yes' : 'no',
      inv.tax?.name ?? '',
      inv.tax ? formatMilli(inv.tax.rateMilli) : '',
      money(inv.subtotalCents),
      money(inv.discountCents),
      money(inv.taxCents),
      money(inv.totalCents),
      ctx.company.currency,
    ]),
  )
  const doc = {
    schema: 'closeout-export/v1',
    batchId: ctx.batchId,
    createdAt: ctx.createdAt,
    company: ctx.company.name,
    currency: ctx.company.currency,
    invoices: invoices.map(invoiceJson),
  }
  const csvName = fileName.toLowerCase().endsWith('.json') ? `${fileName.slice(0, -5)}.csv` : fileName
  return [
    {
      name: csvName,
      content: spreadsheetCsv(PLAIN_HEADER, rows),
      invoices: invoices.length,
      rows: rows.length,
    },
    {
      name: jsonName(csvName),
      content: Buffer.from(`${JSON.stringify(doc, null, 2)}\n`, 'utf8'),
      invoices: invoices.length,
      rows: invoices.length,
    },
  ]
}
