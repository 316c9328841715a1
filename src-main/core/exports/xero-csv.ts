import { formatMilli } from '../../../src-shared/domain/money'
import { splitCsvFiles, type ExportWriter } from './export-file'
import type { ExportInvoice, WriterContext } from './export-invoice'
import { formatUnitE4, lineForm } from './export-lines'
import { xeroDateFormat } from '../settings/export-settings'
import { formatDate, oneLine } from './export-text'

/** Xero's SalesInvoiceTemplate.csv header, the current 29 columns (research 3.1). */
export const XERO_HEADER = [
  '*ContactName',
  'EmailAddress',
  'POAddressLine1',
  'POAddressLine2',
  'POAddressLine3',
  'POAddressLine4',
  'POCity',
  'PORegion',
  'POPostalCode',
  'POCountry',
  '*InvoiceNumber',
  'Reference',
  '*InvoiceDate',
  '*DueDate',
  'Total',
  'InventoryItemCode',
  '*Description',
  '*Quantity',
  '*UnitAmount',
  'Discount',
  '*AccountCode',
  '*TaxType',
  'TaxAmount',
  'TrackingName1',
  'TrackingOption1',
  'TrackingName2',
  'TrackingOption2',
  'Currency',
  'BrandingTheme',
] as const

/** Sources disagree on 500 invoices or 500 lines per file; 500 rows satisfies both. */
export const XERO_MAX_ROWS = 500

function rowsFor(inv: ExportInvoice, ctx: WriterContext): string[][] {
  const fmt = xeroDateFormat(ctx.settings, ctx.company.currency)
  const { salesAccountCode, exemptTaxType, writeCurrency } = ctx.settings.xero
  const taxed = inv.tax !== null && inv.tax.rateMilli > 0
  // A structured address fills Xero's own columns; a one-line one is split at its first comma.
  const parts = inv.customerAddressParts
  const at = inv.customerAddress.indexOf(',')
  const address = parts
    ? [parts.line1, parts.line2, '', '', parts.city, parts.region, parts.postalCode, parts.country]
    : [
        at < 0 ? inv.customerAddress : inv.customerAddress.slice(0, at).trim(),
        at < 0 ? '' : inv.customerAddress.slice(at + 1).trim(),
        '',
        '',
        '',
        '',
        '',
        '',
      ]
  const reference = [inv.poNumber, inv.jobId].filter(Boolean).join(' / ')
  // Contact, number and dates repeat on every row; Total and TaxAmount stay blank so Xero computes them.
  return inv.lines.map((line) => {
    const { quantityMilli, unitE4, description } = lineForm(line, 'even')
    return [
      inv.customerNames.xero ?? inv.customerName,
      inv.customerEmail,
      ...address.map(oneLine),
      inv.invoiceNumber,
      reference,
      formatDate(inv.invoiceDate, fmt),
      formatDate(inv.dueDate, fmt),
      '',
      line.names.xero ?? '',
      oneLine(description),
      formatMilli(quantityMilli),
      formatUnitE4(unitE4),
      '',
      salesAccountCode,
      taxed && line.taxable ? (inv.tax?.names.xero ?? '') : exemptTaxType,
      '',
      '',
      '',
      '',
      '',
      writeCurrency ? ctx.company.currency : '',
      '',
    ]
  })
}

export const writeXeroCsv: ExportWriter = (invoices, ctx, fileName) =>
  splitCsvFiles(
    invoices,
    XERO_HEADER,
    (inv) => rowsFor(inv, ctx),
    { maxInvoices: XERO_MAX_ROWS, maxRows: XERO_MAX_ROWS },
    fileName,
  )
