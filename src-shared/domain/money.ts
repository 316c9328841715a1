/**
 * Money and quantities as integers.
 *
 * - Money is integer cents. Decimal strings carry at most 2 places ("38.00", "-5", "0.5").
 * - Quantities, hours, percents and multipliers are integer thousandths ("1.5" -> 1500).
 *
 * Rounding rule (the only one in Closeout): when a product or quotient has to become whole
 * cents it is rounded **half away from zero** ("half-up" on the magnitude): 0.5 cent -> 1,
 * -0.5 cent -> -1. Each invoice line is rounded once; tax is computed once per invoice on the
 * rounded taxable subtotal. Arithmetic goes through BigInt so nothing is lost above 2^53.
 */

export type Cents = number
export type Milli = number

export class DecimalFormatError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DecimalFormatError'
  }
}

const DECIMAL = /^(-)?(\d{1,15})(?:\.(\d+))?$/

/**
 * The one money-input pattern: what every form field and every boundary (MoneySchema) accepts
 * as an amount: up to 13 whole digits and 2 decimal places, optionally negative.
 */
export const MONEY_TEXT = /^-?\d{1,13}(\.\d{1,2})?$/

/** Whether `text` is a money amount ("38", "38.5", "38.00"); negative only when the field allows it. */
export function isMoneyText(text: string, options: { negative?: boolean } = {}): boolean {
  return MONEY_TEXT.test(text) && (options.negative === true || !text.startsWith('-'))
}

function parseFixed(input: string, places: number, what: string): number {
  const text = input.trim()
  const match = DECIMAL.exec(text)
  if (!match) throw new DecimalFormatError(`"${input}" is not a ${what} (expected digits like 12.50)`)
  const [, sign, whole = '0', fraction = ''] = match
  if (fraction.length > places) {
    throw new DecimalFormatError(`"${input}" has more than ${places} decimal places`)
  }
  const scaled = BigInt(whole) * 10n ** BigInt(places) + BigInt(fraction.padEnd(places, '0') || '0')
  const value = Number(sign ? -scaled : scaled)
  if (!Number.isSafeInteger(value)) throw new DecimalFormatError(`"${input}" is too large`)
  return value === 0 ? 0 : value
}

function formatFixed(value: number, places: number, minPlaces: number): string {
  if (!Number.isSafeInteger(value)) throw new DecimalFormatError(`${value} is not a whole number of units`)
  const negative = value < 0
  const digits = Math.abs(value)
    .toString()
    .padStart(places + 1, '0')
  const whole = digits.slice(0, digits.length - places)
  let fraction = digits.slice(digits.length - places)
  while (fraction.length > minPlaces && fraction.endsWith('0')) fraction = fraction.slice(0, -1)
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`
}

/** "38.00" -> 3800. At most 2 decimal places; anything else throws DecimalFormatError. */
export function parseMoney(input: string): Cents {
  return parseFixed(input, 2, 'money amount')
}

/** 3800 -> "38.00"; -5 -> "-0.05". Always two places, no grouping, no currency sign. */
export function formatMoney(cents: Cents): string {
  return formatFixed(cents, 2, 2)
}

/**
 * "1.5" or 1.5 -> 1500. A JSON number is read through its shortest decimal form, so 0.1 is
 * exactly 100; numbers with more than 3 places (or in exponent form) are refused.
 */
export function parseMilli(input: string | number): Milli {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) throw new DecimalFormatError(`${input} is not a number`)
    const text = String(input)
    if (/e/i.test(text)) throw new DecimalFormatError(`${text} has too many digits`)
    return parseFixed(text, 3, 'quantity')
  }
  return parseFixed(input, 3, 'quantity')
}

/** 1500 -> "1.5"; 2000 -> "2". Trailing zeros dropped. */
export function formatMilli(milli: Milli): string {
  return formatFixed(milli, 3, 0)
}

/** Integer division rounded half away from zero. */
export function divRound(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero')
  const negative = numerator < 0n !== denominator < 0n
  const n = numerator < 0n ? -numerator : numerator
  const d = denominator < 0n ? -denominator : denominator
  const q = (n * 2n + d) / (d * 2n)
  return negative ? -q : q
}

function toSafe(value: bigint): number {
  const n = Number(value)
  if (!Number.isSafeInteger(n)) throw new RangeError('amount out of range')
  return n === 0 ? 0 : n
}

/** unit price (cents) x quantity (thousandths) -> cents, rounded once. */
export function lineAmount(unitCents: Cents, quantityMilli: Milli): Cents {
  return toSafe(divRound(BigInt(unitCents) * BigInt(quantityMilli), 1000n))
}

/** cents x multiplier (thousandths) x quantity (thousandths) -> cents, rounded once. */
export function lineAmountWithMultiplier(unitCents: Cents, multiplierMilli: Milli, quantityMilli: Milli): Cents {
  return toSafe(divRound(BigInt(unitCents) * BigInt(multiplierMilli) * BigInt(quantityMilli), 1_000_000n))
}

/** A percentage (in thousandths of a percent, "6.25" -> 6250) of an amount, rounded once. */
export function percentOf(cents: Cents, percentMilli: Milli): Cents {
  return toSafe(divRound(BigInt(cents) * BigInt(percentMilli), 100_000n))
}

export function sumCents(values: readonly Cents[]): Cents {
  return toSafe(values.reduce((acc, v) => acc + BigInt(v), 0n))
}

/** Building an Intl.NumberFormat costs far more than using one: one per currency and locale. */
const MONEY_FORMATS = new Map<string, { fmt: Intl.NumberFormat; decimalSep: string }>()

function moneyFormat(currency: string, locale: string | undefined): { fmt: Intl.NumberFormat; decimalSep: string } {
  const key = `${currency}|${locale ?? ''}`
  let format = MONEY_FORMATS.get(key)
  if (!format) {
    format = {
      fmt: new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: 2 }),
      decimalSep: new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.',
    }
    if (MONEY_FORMATS.size < 64) MONEY_FORMATS.set(key, format)
  }
  return format
}

/** Locale display, for screens only; never parsed back. */
export function displayMoney(cents: Cents, currency = 'USD', locale?: string): string {
  const negative = cents < 0
  const abs = Math.abs(cents)
  const whole = Math.trunc(abs / 100)
  const fraction = abs % 100
  const { fmt, decimalSep } = moneyFormat(currency, locale)
  // Format via parts so the decimal digits come from integers, not from float math.
  const parts = fmt.formatToParts(whole)
  const text = parts
    .map((p) =>
      p.type === 'fraction' ? String(fraction).padStart(2, '0') : p.type === 'decimal' ? decimalSep : p.value,
    )
    .join('')
  return negative ? `-${text}` : text
}
