import type { ExportFinding, ExportFormat } from '../../../src-shared/api/exports'
import { sumCents } from '../../../src-shared/domain/money'
import type { ExportInvoice } from './export-invoice'
import { iifField } from './export-text'
import type { AccountingSystem, ExportLine } from './invoice-source'
import { IIF_MAX_DOCNUM, IIF_MAX_NAME } from './qbd-iif'
import { QBO_MAX_ROWS } from './qbo-csv'
import { XERO_MAX_ROWS } from './xero-csv'

export const SYSTEM_OF: Record<ExportFormat, AccountingSystem | null> = { 'qbo-csv': 'qbo', 'qbd-iif': 'iif', 'xero-csv': 'xero', csv: null }
export const SYSTEM_LABEL: Record<AccountingSystem, string> = { qbo: 'QuickBooks Online', iif: 'QuickBooks Desktop', xero: 'Xero' }

/** Where a line's accounting name is set, in words the office recognises. */
function mappingSetting(line: ExportLine, system: AccountingSystem): string {
  if (line.kind === 'part' && line.ref) return `Settings > Price book > "${line.ref}" > accounting item for ${SYSTEM_LABEL[system]} (setup file: priceBook[sku=${line.ref}].accountingItem.${system})`
  if (line.kind === 'part') return `add this part to the price book with an accounting item, or map a default part item (accounting mapping kind "item", ref "*", system "${system}")`
  if (line.kind === 'labor') return `Settings > Labor rates > "${line.ref ?? '?'}" > accounting item for ${SYSTEM_LABEL[system]} (setup file: laborRates[role=${line.ref ?? '?'}].accountingItem.${system})`
  return `Settings > Accounting mappings > adjustment "${line.ref ?? '*'}" for ${SYSTEM_LABEL[system]} (accounting mapping kind "adjustment", ref "${line.ref ?? '*'}", system "${system}")`
}

function lineLabel(line: ExportLine): string {
  const what = line.kind === 'part' ? `part ${line.ref ?? '(no SKU)'}` : line.kind === 'labor' ? `labor "${line.ref ?? '?'}"` : line.kind === 'discount' ? 'discount' : `adjustment "${line.ref ?? '?'}"`
  return line.kind === 'discount' ? `the discount line "${line.description}"` : `line ${line.lineNo} "${line.description}" (${what})`
}

/**
 * Everything that would make the accounting system refuse the file, or import it wrong, per
 * invoice, each with the fix. Severity `block` stops the export; `warning` only informs.
 */
export function checkInvoices(
  format: ExportFormat,
  invoices: readonly ExportInvoice[],
  numbersOfOtherJobs: ReadonlyMap<string, string>,
  qboForm: 'us' | 'non-us',
): ExportFinding[] {
  const findings: ExportFinding[] = []
  const system = SYSTEM_OF[format]
  const seen = new Map<string, string>()
  for (const inv of invoices) {
    const add = (code: string, severity: ExportFinding['severity'], message: string, fix: string) =>
      findings.push({ jobId: inv.jobId, invoiceNumber: inv.invoiceNumber, code, severity, message: `${inv.jobId}: ${message}`, fix })
    for (const u of inv.unpricedLines) {
      add('unpriced-line', 'block', `line ${u.lineNo} "${u.description}" has no price`, 'Open the job, set a price for the line (or add the part to the price book), then mark it invoice-ready again')
    }
    if (inv.totalCents === null || inv.subtotalCents === null || inv.taxCents === null) {
      add('missing-totals', 'block', 'the invoice totals were never computed', 'Open the job and save it again so the rules price it')
    } else {
      const lines = sumCents(inv.lines.filter((l) => l.kind !== 'discount').map((l) => l.amountCents))
      if (lines !== inv.subtotalCents || inv.subtotalCents - inv.discountCents + inv.taxCents !== inv.totalCents) {
        add('totals-mismatch', 'block', 'the lines do not add up to the invoice total', 'Open the job and save it again so the rules re-price it')
      }
      if (inv.totalCents < 0 && format !== 'csv') add('negative-total', 'block', 'the invoice total is negative', 'Issue a credit memo in the accounting system instead, or correct the lines')
    }
    if (inv.lines.length === 0) add('empty-invoice', 'block', 'the invoice has no lines', 'Open the job and add the work performed, or void the job')
    const other = numbersOfOtherJobs.get(inv.invoiceNumber)
    const dup = seen.get(inv.invoiceNumber) ?? (other !== undefined && other !== inv.jobId ? other : undefined)
    if (dup !== undefined) add('duplicate-invoice-number', 'block', `invoice number ${inv.invoiceNumber} is also used by ${dup}`, 'Raise the next invoice number in Settings > Company so numbers are never reused')
    seen.set(inv.invoiceNumber, inv.jobId)
    if (system === null) continue
    for (const line of inv.lines) {
      if (!line.names[system]) {
        add('missing-item-mapping', 'block', `${lineLabel(line)} has no ${SYSTEM_LABEL[system]} item`, `Map it: ${mappingSetting(line, system)}`)
      }
    }
    const taxed = inv.tax !== null && inv.tax.rateMilli > 0
    // QuickBooks Online's US form writes the rate itself; every other form names the tax.
    const needsTaxName = system !== 'qbo' || qboForm === 'non-us'
    if (taxed && inv.tax && needsTaxName && !inv.tax.names[system] && inv.lines.some((l) => l.taxable)) {
      add('missing-item-mapping', 'block', `the sales tax "${inv.tax.name}" has no ${SYSTEM_LABEL[system]} name`, `Map it: Settings > Taxes > "${inv.tax.name}" (setup file: taxes[id=${inv.tax.id}].accountingName.${system})`)
    }
    const customer = inv.customerNames[system] ?? inv.customerName
    if (system === 'iif') checkIif(inv, customer, add)
    if (system === 'qbo') {
      if (inv.invoiceNumber.length > 21) add('invoice-number-too-long', 'block', `invoice number ${inv.invoiceNumber} is longer than 21 characters`, 'Shorten the invoice prefix in Settings > Company')
      if (inv.lines.length > QBO_MAX_ROWS) add('invoice-too-many-lines', 'block', `the invoice has ${inv.lines.length} lines; QuickBooks Online imports at most ${QBO_MAX_ROWS} rows a file`, 'Split the work into two jobs')
    }
    if (system === 'xero' && inv.lines.length > XERO_MAX_ROWS) {
      add('invoice-too-many-lines', 'block', `the invoice has ${inv.lines.length} lines; Xero imports at most ${XERO_MAX_ROWS} a file`, 'Split the work into two jobs')
    }
  }
  return findings
}

function checkIif(inv: ExportInvoice, customer: string, add: (code: string, severity: ExportFinding['severity'], message: string, fix: string) => void): void {
  if (inv.invoiceNumber.length > IIF_MAX_DOCNUM) {
    add('invoice-number-too-long', 'block', `invoice number ${inv.invoiceNumber} is longer than ${IIF_MAX_DOCNUM} characters (QuickBooks Desktop keeps only the last ${IIF_MAX_DOCNUM})`, 'Shorten the invoice prefix in Settings > Company')
  }
  const iifName = iifField(customer)
  if (iifName.length > IIF_MAX_NAME) {
    add('customer-name-too-long', 'block', `customer name "${customer}" is ${iifName.length} characters; QuickBooks Desktop allows ${IIF_MAX_NAME}`, `Set a shorter accounting name for customer ${inv.customerId ?? ''} in Settings > Customers (setup file: customers[].accountingName)`)
  }
  if (iifName !== customer) {
    add('text-transliterated', 'warning', `customer name "${customer}" is written as "${iifName}" (IIF is ASCII-only, without tabs or line breaks)`, `Use "${iifName}" as the customer's name in QuickBooks Desktop, or set that accounting name in Settings > Customers`)
  }
  const changed = inv.lines.filter((l) => iifField(l.description) !== l.description || (l.names.iif !== undefined && iifField(l.names.iif) !== l.names.iif))
  if (changed.length > 0) {
    add('text-transliterated', 'warning', `${changed.length} line description(s) or item name(s) were converted to plain ASCII`, 'Nothing to do unless an item name changed: then rename the item in QuickBooks Desktop to match')
  }
}
