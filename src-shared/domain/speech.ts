import { displayMoney, divRound, formatMoney, type Cents, type Milli } from './money'

/**
 * Numbers in findings and messages, said the way a person says them: "66%", not "65.517%";
 * "$96.00" when the office's currency is known. Exact figures stay in the data; this is wording.
 */

/** Thousandths of a percent rounded to `places` decimals (half away from zero), trailing zeros kept. */
function fixedPercent(milli: Milli, places: number): string {
  const scale = 10n ** BigInt(3 - places)
  const rounded = divRound(BigInt(milli), scale)
  const negative = rounded < 0n
  const digits = (negative ? -rounded : rounded).toString().padStart(places + 1, '0')
  const whole = digits.slice(0, digits.length - places)
  const fraction = places ? `.${digits.slice(digits.length - places)}` : ''
  return `${negative ? '-' : ''}${whole}${fraction}`
}

/**
 * A whole percent where that is honest. A decimal is kept when the whole number would hide the
 * point: 0.4% is not "0%", and 15.026% over a 15% `limit` is "15.03%", not "15%".
 */
export function percentWords(milli: Milli, limit?: Milli): string {
  for (let places = 0; places <= 3; places++) {
    const text = fixedPercent(milli, places)
    const hidesValue = milli !== 0 && Number(text) === 0
    const readsAsLimit = limit !== undefined && milli !== limit && text === fixedPercent(limit, places)
    if (!hidesValue && !readsAsLimit) return `${text.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '')}%`
  }
  return `${fixedPercent(milli, 3)}%`
}

/** "$96.00" with the office's currency (US-style grouping, as printed on the packet); "96.00" without one. */
export function moneyWords(cents: Cents, currency?: string): string {
  return currency ? displayMoney(cents, currency, 'en-US') : moneyText(cents)
}

/** Money for a sentence: "2,350.00" (no currency sign; the office may bill in any currency). */
export function moneyText(cents: Cents): string {
  const [whole = '0', fraction = '00'] = formatMoney(cents).split('.')
  const negative = whole.startsWith('-')
  const digits = negative ? whole.slice(1) : whole
  return `${negative ? '-' : ''}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction}`
}
