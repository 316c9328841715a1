import { formatMilli, formatMoney } from '../../../src-shared/domain/money'
import type { ExportFile, ExportWriter } from './export-file'
import type { ExportInvoice, WriterContext } from './export-invoice'
import { formatUnitE4, lineForm } from './export-lines'
import { invoiceMemo } from './qbo-csv'
import { formatDate, iifField } from './export-text'
import type { ExportLine } from './invoice-source'

/** research/accounting-formats.md 2.5, plus the optional PONUM column (2.2). */
export const IIF_TRNS_HEADER = [
  '!TRNS',
  'TRNSID',
  'TRNSTYPE',
  'DATE',
  'ACCNT',
  'NAME',
  'CLASS',
  'AMOUNT',
  'DOCNUM',
  'MEMO',
  'CLEAR',
  'TOPRINT',
  'NAMEISTAXABLE',
  'ADDR1',
  'ADDR2',
  'ADDR3',
  'DUEDATE',
  'TERMS',
  'PONUM',
] as const
export const IIF_SPL_HEADER = [
  '!SPL',
  'SPLID',
  'TRNSTYPE',
  'DATE',
  'ACCNT',
  'NAME',
  'CLASS',
  'AMOUNT',
  'DOCNUM',
  'MEMO',
  'CLEAR',
  'QNTY',
  'PRICE',
  'INVITEM',
  'TAXABLE',
  'EXTRA',
] as const

/** QuickBooks Desktop keeps only 11 characters of an invoice number and 41 of a name. */
export const IIF_MAX_DOCNUM = 11
export const IIF_MAX_NAME = 41

const DATE = 'MM/DD/YYYY' as const

/** "1420 W Fullerton Ave, Chicago, IL 60614" -> ["1420 W Fullerton Ave", "Chicago, IL 60614"]. */
function addressLines(address: string): [string, string] {
  const at = address.indexOf(',')
  if (at < 0) return [address, '']
  return [address.slice(0, at).trim(), address.slice(at + 1).trim()]
}

function lineAccount(line: ExportLine, ctx: WriterContext): string {
  const a = ctx.settings.iif
  if (line.kind === 'labor') return a.laborAccount
  if (line.kind === 'part') return a.partsAccount
  if (line.kind === 'discount') return a.discountAccount
  return a.adjustmentAccount
}

/**
 * One TRNS...ENDTRNS block: TRNS debits A/R with the total including tax; each SPL credits
 * income (negative amount, negative QNTY, positive PRICE, as in Intuit's kit samples); the
 * last SPL is the AUTOSTAX line with the tax we computed (IIF never calculates tax). The block
 * sums to exactly 0.
 */
function block(inv: ExportInvoice, ctx: WriterContext): string[][] {
  const date = formatDate(inv.invoiceDate, DATE)
  const customer = iifField(inv.customerNames.iif ?? inv.customerName)
  const parts = inv.customerAddressParts
  const [street, city] = parts
    ? [
        [parts.line1, parts.line2].filter(Boolean).join(', '),
        [
          [parts.city, [parts.region, parts.postalCode].filter(Boolean).join(' ')].filter(Boolean).join(', '),
          parts.country,
        ]
          .filter(Boolean)
          .join(' '),
      ]
    : addressLines(inv.customerAddress)
  const taxed = inv.tax !== null && inv.tax.rateMilli > 0
  const total = inv.totalCents ?? 0
  const trns = [
    'TRNS',
    '',
    'INVOICE',
    date,
    iifField(ctx.settings.iif.arAccount),
    customer,
    '',
    formatMoney(total),
    iifField(inv.invoiceNumber),
    iifField(invoiceMemo(inv)),
    'N',
    'N',
    taxed ? 'Y' : 'N',
    customer,
    iifField(street),
    iifField(city),
    formatDate(inv.dueDate, DATE),
    iifField(inv.terms),
    iifField(inv.poNumber ?? ''),
  ]
  const spl = inv.lines.map((line) => {
    const { quantityMilli, unitE4, description } = lineForm(line, 'up')
    return [
      'SPL',
      '',
      'INVOICE',
      date,
      iifField(lineAccount(line, ctx)),
      '',
      '',
      formatMoney(-line.amountCents),
      '',
      iifField(description),
      'N',
      quantityMilli === 0 ? '0' : formatMilli(-quantityMilli),
      formatUnitE4(unitE4),
      iifField(line.names.iif ?? ''),
      taxed && line.taxable ? 'Y' : 'N',
      '',
    ]
  })
  const taxItem = taxed ? (inv.tax?.names.iif ?? '') : ctx.settings.iif.noTaxItem
  const taxLine = [
    'SPL',
    '',
    'INVOICE',
    date,
    iifField(ctx.settings.iif.salesTaxAccount),
    iifField(ctx.settings.iif.taxAgency),
    '',
    formatMoney(-(inv.taxCents ?? 0)),
    '',
    'Sales tax',
    'N',
    '',
    `${taxed && inv.tax ? formatMilli(inv.tax.rateMilli) : '0'}%`,
    iifField(taxItem),
    'N',
    'AUTOSTAX',
  ]
  return ctx.hasSalesTax || (inv.taxCents ?? 0) !== 0
    ? [trns, ...spl, taxLine, ['ENDTRNS']]
    : [trns, ...spl, ['ENDTRNS']]
}

/** Tab-separated, CRLF, ASCII, no BOM; one file (IIF has no documented size limit). */
export const writeQbdIif: ExportWriter = (invoices, ctx, fileName) => {
  const rows: string[][] = [[...IIF_TRNS_HEADER], [...IIF_SPL_HEADER], ['!ENDTRNS']]
  for (const inv of invoices) rows.push(...block(inv, ctx))
  const text = rows.map((r) => r.join('\t')).join('\r\n') + '\r\n'
  const file: ExportFile = {
    name: fileName,
    content: Buffer.from(text, 'ascii'),
    invoices: invoices.length,
    rows: rows.length,
  }
  return [file]
}
