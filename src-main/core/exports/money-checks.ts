import type { ExportFinding, ExportFormat } from '../../../src-shared/api/exports'
import { formatMilli, formatMoney } from '../../../src-shared/domain/money'
import { isHalfCentTax, taxRoundingFor, type QboForm } from '../../../src-shared/domain/tax-rounding'
import type { ExportInvoice } from './export-invoice'
import { formatUnitE4, lineForm, SYSTEM_OF_FORMAT } from './export-lines'

const LABEL = { qbo: 'QuickBooks Online', xero: 'Xero', iif: 'QuickBooks Desktop' } as const

/**
 * Money warnings that do not stop an export but say what the accounting system will show:
 * a line written as 1 x amount, a rounding line added, a tax that lands on half a cent in Xero.
 */
export function checkMoney(
  format: ExportFormat,
  invoices: readonly ExportInvoice[],
  qboForm: QboForm,
): ExportFinding[] {
  const system = SYSTEM_OF_FORMAT[format]
  if (system === null) return []
  const half = taxRoundingFor(system, qboForm).half
  const findings: ExportFinding[] = []
  for (const inv of invoices) {
    const warn = (code: string, message: string, fix: string) =>
      findings.push({
        jobId: inv.jobId,
        invoiceNumber: inv.invoiceNumber,
        code,
        severity: 'warning',
        message: `${inv.jobId}: ${message}`,
        fix,
      })
    for (const line of inv.lines) {
      if (lineForm(line, half).kept) continue
      const price = line.unitE4 === null ? 'an unknown unit price' : `${formatUnitE4(line.unitE4)} each`
      warn(
        'quantity-not-kept',
        `line ${line.lineNo} "${line.description}" (${formatMilli(line.quantityMilli)} at ${price}, ${formatMoney(line.amountCents)}) is written as 1 x ${formatMoney(line.amountCents)} with the quantity in the description: ${LABEL[system]} would compute another amount from the quantity and unit price (at most 4 decimals, its own rounding)`,
        'Nothing to do: the amount is right. To keep the quantity, give the line a unit price of at most 4 decimals (Settings > Price book or Labor rates, then edit the line)',
      )
    }
    const rounding = inv.lines.find((l) => l.kind === 'rounding')
    if (rounding) {
      warn(
        'tax-rounding-line',
        `${LABEL[system]} computes this invoice's tax ${formatMoney(rounding.amountCents)} away from Closeout's ${formatMoney(inv.taxCents ?? 0)}; a non-taxable "Tax rounding" line of ${formatMoney(rounding.amountCents)} keeps the total at ${formatMoney(inv.totalCents ?? 0)}`,
        `To avoid rounding lines, set Settings > Company > Accounting system to ${LABEL[system]} (setup file: company.accountingSystem "${system}"); jobs priced after that match it`,
      )
    }
    if (system === 'xero' && inv.tax && inv.tax.rateMilli > 0) {
      const ties = inv.lines.filter((l) => l.taxable && isHalfCentTax(l.amountCents, inv.tax!.rateMilli))
      if (ties.length > 0)
        warn(
          'tax-half-cent',
          `${ties.length} taxable line(s) have a tax of exactly half a cent; Closeout rounds those to the even cent as Xero is reported to, which Xero does not publish`,
          "After the import, compare this invoice's total in Xero with Closeout's; if it differs by a cent, void the batch and tell us",
        )
    }
  }
  return findings
}
