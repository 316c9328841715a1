import { describe, expect, it } from 'vitest'
import { moneyWords, percentWords } from '../../../src-shared/domain/speech'

describe('findings speak money and percent like a person', () => {
  it('rounds a percent to a whole number: 65.517% is "66%"', () => {
    expect(percentWords(65_517)).toBe('66%')
    expect(percentWords(15_000)).toBe('15%')
    expect(percentWords(25_880)).toBe('26%')
  })

  it('keeps a decimal only where the whole number would read as the limit itself', () => {
    // 15.026% over a 15% limit must not read "15% over (the limit is 15%)".
    expect(percentWords(15_026, 15_000)).toBe('15.03%')
    expect(percentWords(10_400, 10_000)).toBe('10.4%')
    expect(percentWords(57_895, 15_000)).toBe('58%')
  })

  it('keeps a small percent readable: 0.4% is not "0%"', () => {
    expect(percentWords(400)).toBe('0.4%')
    expect(percentWords(2_500)).toBe('3%')
  })

  it('puts the currency sign on money when the office has a currency', () => {
    expect(moneyWords(9600, 'USD')).toBe('$96.00')
    expect(moneyWords(123456, 'USD')).toBe('$1,234.56')
    expect(moneyWords(-500, 'USD')).toBe('-$5.00')
    expect(moneyWords(9600)).toBe('96.00')
  })
})
