import { formatMilli, formatMoney } from '../../../src-shared/domain/money'
import {
  describeTaxRounding,
  divRoundHalf,
  taxOfLines,
  taxRoundingFor,
  type HalfRule,
  type QboForm,
  type TaxRounding,
} from '../../../src-shared/domain/tax-rounding'
import type { ExportFormat } from '../../../src-shared/api/exports'
import type { ExportInvoice } from './export-invoice'
import type { AccountingSystem, ExportLine } from './invoice-source'

/** Unit prices are written with up to 4 decimals: Xero's limit (unitdp=4), and enough for QBO and IIF. */
export const UNIT_DECIMALS = 4

/** 187500 (ten-thousandths) -> "18.75"; 1875 -> "0.1875". At least 2 decimals, at most 4. */
export function formatUnitE4(e4: number): string {
  const negative = e4 < 0
  const digits = Math.abs(e4).toString().padStart(5, '0')
  let fraction = digits.slice(-4)
  while (fraction.length > 2 && fraction.endsWith('0')) fraction = fraction.slice(0, -1)
  return `${negative ? '-' : ''}${digits.slice(0, -4)}.${fraction}`
}

/** quantity (thousandths) x unit (ten-thousandths) -> cents, ties by the system's rule. */
export function amountOf(quantityMilli: number, unitE4: number, half: HalfRule): number {
  return Number(divRoundHalf(BigInt(quantityMilli) * BigInt(unitE4), 100_000n, half))
}

export interface LineForm {
  quantityMilli: number
  unitE4: number
  description: string
  /** The real quantity and unit price are written; false: 1 x amount, the quantity in the description. */
  kept: boolean
}

/**
 * How a line is written for a system that computes quantity x unit price with `half` ties: the
 * real quantity and unit price when that gives the line's amount to the cent; else (unless only
 * the tie rule differs) a unit price of whole cents that does (2 x 62.50); else 1 x amount with the real quantity and price in the
 * description (a warning says so).
 */
export function lineForm(line: ExportLine, half: HalfRule): LineForm {
  const q = line.quantityMilli
  if (line.unitE4 !== null && amountOf(q, line.unitE4, half) === line.amountCents) {
    return { quantityMilli: q, unitE4: line.unitE4, description: line.description, kept: true }
  }
  // Where only the tie rule differs (0.5 x 0.25), a derived price (0.26) would mislead; a price that
  // changed since the line was priced is not the line's price, so the amount decides then.
  const tieOnly = line.unitE4 !== null && amountOf(q, line.unitE4, half === 'up' ? 'even' : 'up') === line.amountCents
  if (!tieOnly && q !== 0 && (line.amountCents * 1000) % q === 0) {
    const rate = (line.amountCents * 1000) / q
    return { quantityMilli: q, unitE4: rate * 100, description: line.description, kept: true }
  }
  if (q === 0 && line.amountCents === 0)
    return { quantityMilli: 0, unitE4: 0, description: line.description, kept: true }
  const price = tieOnly && line.unitE4 !== null ? ` x ${formatUnitE4(line.unitE4)}` : ''
  return {
    quantityMilli: 1000,
    unitE4: line.amountCents * 100,
    description: `${line.description} (quantity ${formatMilli(q)}${price})`,
    kept: false,
  }
}

/** The packet shows the lines as Closeout priced them (either tie rule): the real quantity and unit price. */
export function packetLineForm(line: ExportLine): LineForm {
  const up = lineForm(line, 'up')
  return up.kept ? up : lineForm(line, 'even')
}

export const SYSTEM_OF_FORMAT: Record<ExportFormat, AccountingSystem | null> = {
  'qbo-csv': 'qbo',
  'qbd-iif': 'iif',
  'xero-csv': 'xero',
  csv: null,
}

/**
 * The rule the target system applies to the file, or null when the file states the tax itself
 * (IIF's AUTOSTAX line, the plain CSV): then Closeout's figure stands as written.
 */
export function targetRounding(format: ExportFormat, qboForm: QboForm): TaxRounding | null {
  const system = SYSTEM_OF_FORMAT[format]
  if (system === 'qbo' || system === 'xero') return taxRoundingFor(system, qboForm)
  return null
}

/** The tax the target system computes from the lines as written (the taxable ones, discount part included). */
export function systemTax(inv: ExportInvoice, rounding: TaxRounding): number {
  if (!inv.tax || inv.tax.rateMilli <= 0) return 0
  return taxOfLines(
    inv.lines.filter((l) => l.taxable).map((l) => l.amountCents),
    inv.tax.rateMilli,
    rounding,
  )
}

/**
 * Where the target system will compute another tax than Closeout's invoice shows, an explicit
 * non-taxable rounding line makes up the difference (Xero's guidance in "Rounding in Xero"), so
 * the receivable equals the invoice to the cent.
 */
export function withRoundingLine(inv: ExportInvoice, rounding: TaxRounding | null): ExportInvoice {
  if (rounding === null || inv.taxCents === null) return inv
  const difference = inv.taxCents - systemTax(inv, rounding)
  if (difference === 0) return inv
  const last = inv.lines.reduce((max, l) => Math.max(max, l.lineNo), 0)
  const line: ExportLine = {
    lineNo: last + 1,
    kind: 'rounding',
    ref: 'rounding',
    mappingKind: 'adjustment',
    description: `Tax rounding (this system taxes ${describeTaxRounding(rounding)}; the invoice's tax is ${formatMoney(inv.taxCents)})`,
    quantityMilli: 1000,
    amountCents: difference,
    unitE4: difference * 100,
    taxable: false,
    names: inv.roundingNames,
    inPriceBook: false,
  }
  return { ...inv, lines: [...inv.lines, line] }
}
