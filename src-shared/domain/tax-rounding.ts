import { formatMilli, type Cents, type Milli } from './money'

/**
 * How an accounting system computes and rounds sales tax (docs/rules.md, "Tax rounding"), so
 * Closeout's totals are the totals the office's system will show.
 *
 * - Xero: tax on each line, rounded to the cent, then summed ("Rounding in Xero", Xero developer
 *   guide). Xero's rounding of a half cent is not published; Closeout uses half-even, as the
 *   .NET default and one integrator's write-up say. Line amounts (quantity x unit price) are
 *   rounded the same way.
 * - QuickBooks Online, US sales tax: the taxable subtotal times the rate (Intuit's help "How is
 *   sales tax calculated?"). Non-US (VAT/GST) companies: line by line (Intuit community answer
 *   306952, en-ca). Half a cent rounds up.
 * - QuickBooks Desktop (IIF): the IIF file carries the tax amount itself; QuickBooks Desktop's own
 *   rule is the taxable subtotal times the rate, half up.
 * - No system chosen: one tax on the taxable subtotal, half up (Closeout's rule before v1.1).
 */
export type AccountingSystem = 'qbo' | 'xero' | 'iif'
export type HalfRule = 'up' | 'even'

export interface TaxRounding {
  /** Tax computed and rounded on each taxable line, then summed; else once on the taxable subtotal. */
  perLine: boolean
  /** A half cent: 'up' rounds away from zero, 'even' to the even cent. */
  half: HalfRule
}

export const PER_INVOICE_HALF_UP: TaxRounding = { perLine: false, half: 'up' }
export const PER_LINE_HALF_UP: TaxRounding = { perLine: true, half: 'up' }
export const PER_LINE_HALF_EVEN: TaxRounding = { perLine: true, half: 'even' }

/** Every rule a stored tax may have been computed with (an office may change its system). */
export const ALL_TAX_ROUNDINGS: readonly TaxRounding[] = [PER_INVOICE_HALF_UP, PER_LINE_HALF_UP, PER_LINE_HALF_EVEN]

export type QboForm = 'us' | 'non-us'

export function taxRoundingFor(system: AccountingSystem | null | undefined, qboForm: QboForm = 'us'): TaxRounding {
  if (system === 'xero') return PER_LINE_HALF_EVEN
  if (system === 'qbo' && qboForm === 'non-us') return PER_LINE_HALF_UP
  return PER_INVOICE_HALF_UP
}

export function describeTaxRounding(r: TaxRounding): string {
  return `${r.perLine ? 'on each line' : 'on the taxable subtotal'}, half a cent ${r.half === 'even' ? 'to even' : 'up'}`
}

/** n / d rounded to an integer: ties away from zero ('up') or to the even neighbour ('even'). */
export function divRoundHalf(n: bigint, d: bigint, half: HalfRule): bigint {
  if (d === 0n) throw new RangeError('division by zero')
  const negative = n < 0n !== d < 0n
  const a = n < 0n ? -n : n
  const b = d < 0n ? -d : d
  let q = a / b
  const twice = (a % b) * 2n
  if (twice > b || (twice === b && (half === 'up' || q % 2n === 1n))) q += 1n
  return negative ? -q : q
}

function safe(value: bigint): number {
  const n = Number(value)
  if (!Number.isSafeInteger(n)) throw new RangeError('amount out of range')
  return n === 0 ? 0 : n
}

/** unit (cents) x quantity (thousandths) -> cents, ties by `half`. */
export function roundLine(unitCents: Cents, quantityMilli: Milli, half: HalfRule): Cents {
  return safe(divRoundHalf(BigInt(unitCents) * BigInt(quantityMilli), 1000n, half))
}

/** unit (cents) x multiplier (thousandths) x quantity (thousandths) -> cents, ties by `half`. */
export function roundLineWithMultiplier(
  unitCents: Cents,
  multiplierMilli: Milli,
  quantityMilli: Milli,
  half: HalfRule,
): Cents {
  return safe(divRoundHalf(BigInt(unitCents) * BigInt(multiplierMilli) * BigInt(quantityMilli), 1_000_000n, half))
}

/** One amount's tax at `rateMilli` (thousandths of a percent), ties by `half`. */
export function lineTax(amount: Cents, rateMilli: Milli, half: HalfRule): Cents {
  return safe(divRoundHalf(BigInt(amount) * BigInt(rateMilli), 100_000n, half))
}

/**
 * The tax of an invoice whose taxable lines have these amounts (a discount's taxable part is one
 * negative amount, as the export writes it). Per invoice: the subtotal (never below zero) times
 * the rate, rounded once. Per line: each amount's tax rounded, then summed.
 */
export function taxOfLines(taxableAmounts: readonly Cents[], rateMilli: Milli | null, rounding: TaxRounding): Cents {
  if (!rateMilli) return 0
  if (rounding.perLine) {
    let sum = 0
    for (const a of taxableAmounts) sum += lineTax(a, rateMilli, rounding.half)
    return sum
  }
  let base = 0
  for (const a of taxableAmounts) base += a
  return lineTax(Math.max(0, base), rateMilli, rounding.half)
}

/** True when a line's tax at this rate is exactly half a cent: there the tie rule decides. */
export function isHalfCentTax(amount: Cents, rateMilli: Milli): boolean {
  const product = BigInt(amount) * BigInt(rateMilli)
  const rem = product % 100_000n
  return rem === 50_000n || rem === -50_000n
}

/** "6.25%" */
export function rateText(rateMilli: Milli): string {
  return `${formatMilli(rateMilli)}%`
}
