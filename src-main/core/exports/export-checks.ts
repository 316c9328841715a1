import type { ExportFinding, ExportFormat } from '../../../src-shared/api/exports'
import { formatMilli, formatMoney, sumCents } from '../../../src-shared/domain/money'
import { ALL_TAX_ROUNDINGS, PER_INVOICE_HALF_UP, taxOfLines } from '../../../src-shared/domain/tax-rounding'
import type { ExportInvoice } from './export-invoice'
import { iifField } from './export-text'
import { SYSTEM_OF_FORMAT } from './export-lines'
import type { AccountingSystem, ExportLine } from './invoice-source'
import { checkFormulaText, checkNames } from './name-checks'
import { IIF_MAX_DOCNUM, IIF_MAX_NAME } from './qbd-iif'
import { QBO_MAX_ROWS } from './qbo-csv'
import { XERO_MAX_ROWS } from './xero-csv'

export const SYSTEM_LABEL: Record<AccountingSystem, string> = {
  qbo: 'QuickBooks Online',
  iif: 'QuickBooks Desktop',
  xero: 'Xero',
}

/**
 * Where a line's accounting name is set, naming the screen and field that exist (Settings >
 * Accounting names lists the price book, labor roles and taxes; Exports > Export settings the
 * rest) and the setup-file field.
 */
function mappingSetting(line: ExportLine, system: AccountingSystem): string {
  const label = SYSTEM_LABEL[system]
  const exportSettings = (row: string, kind: string, ref: string) =>
    `Exports > Export settings > Accounting names > "${row}" > ${label} (accounting mapping kind "${kind}", ref "${ref}", system "${system}")`
  if (line.kind === 'part' && line.inPriceBook) {
    return `Settings > Accounting names > Item "${line.ref ?? ''}" > ${label} (setup file: priceBook[sku=${line.ref ?? ''}].accountingItem.${system})`
  }
  if (line.kind === 'part') {
    const why = line.ref ? `SKU ${line.ref} is not in the price book` : 'the part has no SKU'
    return `${why}: add it to the price book and name it in Settings > Accounting names, or set ${exportSettings('Parts without a price-book item', 'item', '*')}`
  }
  if (line.kind === 'labor') {
    return `Settings > Accounting names > Labor "${line.ref ?? '?'}" > ${label} (setup file: laborRates[role=${line.ref ?? '?'}].accountingItem.${system})`
  }
  if (line.kind === 'discount') return exportSettings('discount', 'adjustment', 'discount')
  if (line.kind === 'rounding')
    return `${exportSettings('rounding', 'adjustment', 'rounding')}, or the default for every adjustment, "*"`
  const ref = line.ref ?? '*'
  return `${exportSettings(ref, 'adjustment', ref)}, or the default for every adjustment, "*"`
}

function lineLabel(line: ExportLine): string {
  const what =
    line.kind === 'part'
      ? `part ${line.ref ?? '(no SKU)'}`
      : line.kind === 'labor'
        ? `labor "${line.ref ?? '?'}"`
        : line.kind === 'discount'
          ? 'discount'
          : `adjustment "${line.ref ?? '?'}"`
  if (line.kind === 'rounding') return 'the tax rounding line'
  return line.kind === 'discount'
    ? `the discount line "${line.description}"`
    : `line ${line.lineNo} "${line.description}" (${what})`
}

/**
 * Everything that would make the accounting system refuse the file, or import it wrong, per
 * invoice, each with the fix. Severity `block` stops the export; `warning` only informs.
 */
export function checkInvoices(
  format: ExportFormat,
  invoices: readonly ExportInvoice[],
  numbersOfOtherJobs: ReadonlyMap<string, string>,
): ExportFinding[] {
  const findings: ExportFinding[] = []
  const system = SYSTEM_OF_FORMAT[format]
  const seen = new Map<string, string>()
  for (const inv of invoices) {
    const add = (code: string, severity: ExportFinding['severity'], message: string, fix: string) =>
      findings.push({
        jobId: inv.jobId,
        invoiceNumber: inv.invoiceNumber,
        code,
        severity,
        message: `${inv.jobId}: ${message}`,
        fix,
      })
    for (const u of inv.unpricedLines) {
      add(
        'unpriced-line',
        'block',
        `line ${u.lineNo} "${u.description}" has no price`,
        'Open the job, set a price for the line (or add the part to the price book), then mark it invoice-ready again',
      )
    }
    if (inv.totalCents === null || inv.subtotalCents === null || inv.taxCents === null) {
      add(
        'missing-totals',
        'block',
        'the invoice totals were never computed',
        'Open the job and save it again so the rules price it',
      )
    } else {
      const lines = sumCents(
        inv.lines.filter((l) => l.kind !== 'discount' && l.kind !== 'rounding').map((l) => l.amountCents),
      )
      if (lines !== inv.subtotalCents || inv.subtotalCents - inv.discountCents + inv.taxCents !== inv.totalCents) {
        add(
          'totals-mismatch',
          'block',
          'the lines do not add up to the invoice total',
          'Open the job and save it again so the rules re-price it',
        )
      }
      // QBO and Xero compute the tax themselves from today's rate, and IIF prints it: it must still be ours.
      // Any of Closeout's tax rules counts (the office may have changed its system since): the
      // rounding line reconciles it with the target system.
      const taxed = inv.lines.filter((l) => l.taxable).map((l) => l.amountCents)
      const rate = inv.tax && inv.tax.rateMilli > 0 ? inv.tax.rateMilli : null
      const expectedTax = taxOfLines(taxed, rate, PER_INVOICE_HALF_UP)
      if (!ALL_TAX_ROUNDINGS.some((r) => taxOfLines(taxed, rate, r) === inv.taxCents)) {
        add(
          'tax-changed',
          'block',
          `the tax ${formatMoney(inv.taxCents)} was priced with another rate than the customer's tax now gives (${formatMoney(expectedTax)}${inv.tax ? ` at ${formatMilli(inv.tax.rateMilli)}%` : ', no tax'})`,
          'Open the job and edit a line (the rules then re-price it with the current tax), or restore the tax rate in Settings > Taxes',
        )
      }
      if (inv.totalCents < 0 && format !== 'csv')
        add(
          'negative-total',
          'block',
          'the invoice total is negative',
          'Issue a credit memo in the accounting system instead, or correct the lines',
        )
    }
    if (inv.lines.length === 0)
      add(
        'empty-invoice',
        'block',
        'the invoice has no lines',
        'Open the job and add the work performed, or void the job',
      )
    const other = numbersOfOtherJobs.get(inv.invoiceNumber)
    const dup = seen.get(inv.invoiceNumber) ?? (other !== undefined && other !== inv.jobId ? other : undefined)
    if (dup !== undefined)
      add(
        'duplicate-invoice-number',
        'block',
        `invoice number ${inv.invoiceNumber} is also used by ${dup}`,
        'Raise the next invoice number in Settings > Company so numbers are never reused',
      )
    seen.set(inv.invoiceNumber, inv.jobId)
    if (system === null) continue
    const fixes = new Set<string>()
    for (const line of inv.lines) {
      const fix = `Map it: ${mappingSetting(line, system)}`
      // The discount's taxable and untaxed halves share one name: one problem, not two.
      if (!line.names[system] && !(line.kind === 'discount' && fixes.has(fix))) {
        fixes.add(fix)
        add('missing-item-mapping', 'block', `${lineLabel(line)} has no ${SYSTEM_LABEL[system]} item`, fix)
      }
    }
    const taxed = inv.tax !== null && inv.tax.rateMilli > 0
    // Every form names the tax (QuickBooks Online's US form in TaxRate, by the rate's name).
    // IIF writes the AUTOSTAX line on every invoice of a taxed customer, taxable lines or not.
    const taxNamed = system === 'iif' || inv.lines.some((l) => l.taxable)
    if (taxed && inv.tax && !inv.tax.names[system] && taxNamed) {
      add(
        'missing-item-mapping',
        'block',
        `the sales tax "${inv.tax.name}" has no ${SYSTEM_LABEL[system]} name`,
        `Map it: Settings > Accounting names > Tax "${inv.tax.id}" > ${SYSTEM_LABEL[system]} (setup file: taxes[id=${inv.tax.id}].accountingName.${system})`,
      )
    }
    const customer = inv.customerNames[system] ?? inv.customerName
    checkNames(inv, system, add)
    if (system !== 'iif') checkFormulaText(inv, system, add)
    if (system === 'iif') checkIif(inv, customer, add)
    if (system === 'qbo') {
      if (inv.invoiceNumber.length > 21)
        add(
          'invoice-number-too-long',
          'block',
          `invoice number ${inv.invoiceNumber} is longer than 21 characters`,
          'Shorten the invoice prefix in Settings > Company',
        )
      if (inv.lines.length > QBO_MAX_ROWS)
        add(
          'invoice-too-many-lines',
          'block',
          `the invoice has ${inv.lines.length} lines; QuickBooks Online imports at most ${QBO_MAX_ROWS} rows a file`,
          'Split the work into two jobs',
        )
    }
    if (system === 'xero' && inv.lines.length > XERO_MAX_ROWS) {
      add(
        'invoice-too-many-lines',
        'block',
        `the invoice has ${inv.lines.length} lines; Xero imports at most ${XERO_MAX_ROWS} a file`,
        'Split the work into two jobs',
      )
    }
  }
  return findings
}

function checkIif(
  inv: ExportInvoice,
  customer: string,
  add: (code: string, severity: ExportFinding['severity'], message: string, fix: string) => void,
): void {
  if (inv.invoiceNumber.length > IIF_MAX_DOCNUM) {
    add(
      'invoice-number-too-long',
      'block',
      `invoice number ${inv.invoiceNumber} is longer than ${IIF_MAX_DOCNUM} characters (QuickBooks Desktop keeps only the last ${IIF_MAX_DOCNUM})`,
      'Shorten the invoice prefix in Settings > Company',
    )
  }
  const iifName = iifField(customer)
  if (iifName.length > IIF_MAX_NAME) {
    add(
      'customer-name-too-long',
      'block',
      `customer name "${customer}" is ${iifName.length} characters; QuickBooks Desktop allows ${IIF_MAX_NAME}`,
      `Give customer ${inv.customerId ?? ''} an accounting name of at most ${IIF_MAX_NAME} characters, as in QuickBooks Desktop (setup file: customers[id=${inv.customerId ?? ''}].accountingName, then closeout setup import FILE)`,
    )
  }
  if (iifName !== customer) {
    add(
      'text-transliterated',
      'warning',
      `customer name "${customer}" is written as "${iifName}" (IIF is ASCII-only, without tabs or line breaks)`,
      `Use "${iifName}" as the customer's name in QuickBooks Desktop, or give the customer that accounting name (setup file: customers[id=${inv.customerId ?? ''}].accountingName)`,
    )
  }
  const changed = inv.lines.filter(
    (l) =>
      iifField(l.description) !== l.description || (l.names.iif !== undefined && iifField(l.names.iif) !== l.names.iif),
  )
  if (changed.length > 0) {
    add(
      'text-transliterated',
      'warning',
      `${changed.length} line description(s) or item name(s) were converted to plain ASCII`,
      'Nothing to do unless an item name changed: then rename the item in QuickBooks Desktop to match',
    )
  }
}
