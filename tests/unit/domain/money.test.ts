import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  DecimalFormatError,
  displayMoney,
  divRound,
  formatMilli,
  formatMoney,
  lineAmount,
  lineAmountWithMultiplier,
  parseMilli,
  parseMoney,
  percentOf,
  sumCents,
} from '../../../src-shared/domain/money'

describe('parseMoney / formatMoney', () => {
  it.each([
    ['38.00', 3800],
    ['38', 3800],
    ['38.5', 3850],
    ['0.01', 1],
    ['-5', -500],
    ['-0.05', -5],
    ['0', 0],
    ['-0', 0],
    [' 12.30 ', 1230],
    ['99999999999.99', 9_999_999_999_999],
  ])('reads %s as %i cents', (text, cents) => {
    expect(parseMoney(text)).toBe(cents)
  })

  it.each(['38.001', '1,000.00', '$5', '5.', '.5', '', 'abc', '1e3', '--5', 'NaN'])('refuses %j', (text) => {
    expect(() => parseMoney(text)).toThrow(DecimalFormatError)
  })

  it.each([
    [3800, '38.00'],
    [1, '0.01'],
    [-5, '-0.05'],
    [-1250, '-12.50'],
    [0, '0.00'],
  ])('writes %i cents as %s', (cents, text) => {
    expect(formatMoney(cents)).toBe(text)
  })

  it('round-trips every amount exactly', () => {
    fc.assert(fc.property(fc.integer({ min: -1e13, max: 1e13 }), (cents) => parseMoney(formatMoney(cents)) === cents))
  })
})

describe('parseMilli / formatMilli', () => {
  it.each([
    ['1.5', 1500],
    [1.5, 1500],
    [2, 2000],
    ['0.125', 125],
    [0.1, 100],
    ['-0.5', -500],
  ])('reads %j as %i thousandths', (input, milli) => {
    expect(parseMilli(input)).toBe(milli)
  })

  it.each(['1.2345', 1.2345, Number.NaN, Number.POSITIVE_INFINITY, 1e21, 'x'])('refuses %j', (input) => {
    expect(() => parseMilli(input)).toThrow(DecimalFormatError)
  })

  it('drops trailing zeros when writing', () => {
    expect(formatMilli(1500)).toBe('1.5')
    expect(formatMilli(2000)).toBe('2')
    expect(formatMilli(125)).toBe('0.125')
    expect(formatMilli(-500)).toBe('-0.5')
  })
})

describe('rounding: half away from zero, once per line', () => {
  it('rounds exact halves away from zero', () => {
    expect(divRound(5n, 10n)).toBe(1n)
    expect(divRound(-5n, 10n)).toBe(-1n)
    expect(divRound(15n, 10n)).toBe(2n)
    expect(divRound(-15n, 10n)).toBe(-2n)
    expect(divRound(14n, 10n)).toBe(1n)
    expect(divRound(-14n, 10n)).toBe(-1n)
  })

  it('prices a line from cents and thousandths', () => {
    expect(lineAmount(3800, 1000)).toBe(3800)
    expect(lineAmount(9500, 1500)).toBe(14250)
    expect(lineAmount(333, 1500)).toBe(500) // 499.5 -> 500
    expect(lineAmount(-333, 1500)).toBe(-500)
    expect(lineAmount(1, 499)).toBe(0)
    expect(lineAmount(1, 500)).toBe(1)
  })

  it('applies an overtime multiplier before rounding, not after', () => {
    // 95.00 x 1.5 x 1.333 h = 189.9525 -> 189.95
    expect(lineAmountWithMultiplier(9500, 1500, 1333)).toBe(18995)
  })

  it('takes a percent of an amount', () => {
    expect(percentOf(10000, 6250)).toBe(625) // 6.25% of 100.00
    expect(percentOf(1999, 10250)).toBe(205) // 204.8975 -> 2.05
    expect(percentOf(-1000, 10000)).toBe(-100)
  })

  it('sums beyond 2^53 without losing cents, and refuses results out of range', () => {
    expect(sumCents([1, 2, 3])).toBe(6)
    expect(() => sumCents([Number.MAX_SAFE_INTEGER, 1])).toThrow(RangeError)
  })

  it('never disagrees with exact rational arithmetic', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 1e6 }), (cents, milli) => {
        const exact = BigInt(cents) * BigInt(milli) * 2n // twice the value in thousandths of a cent
        const rounded = BigInt(lineAmount(cents, milli))
        // |rounded*1000 - cents*milli| <= 500 (within half a cent)
        const diff = rounded * 2000n - exact
        return diff <= 1000n && diff >= -1000n
      }),
    )
  })
})

describe('displayMoney', () => {
  it('formats for a locale from integer cents', () => {
    expect(displayMoney(123456, 'USD', 'en-US')).toBe('$1,234.56')
    expect(displayMoney(-5, 'USD', 'en-US')).toBe('-$0.05')
    expect(displayMoney(123456, 'EUR', 'de-DE')).toBe('1.234,56\u00a0€')
  })
})
