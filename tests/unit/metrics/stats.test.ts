import { describe, expect, it } from 'vitest'
import { median, percentileSeconds, ratio } from '../../../src-main/core/metrics/stats'

describe('stats', () => {
  it('takes the mean of the two middle values for an even count', () => {
    expect(median([40, 10, 30, 20])).toBe(25)
  })

  it('interpolates p90 between ranks and rounds to whole seconds', () => {
    expect(percentileSeconds([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.9)).toBe(90)
    expect(percentileSeconds([1, 2], 0.9)).toBe(2)
    expect(percentileSeconds([7], 0.9)).toBe(7)
  })

  it('has no median of nothing and no rate of zero', () => {
    expect(median([])).toBeNull()
    expect(ratio(0, 0)).toEqual({ count: 0, of: 0, rate: null })
    expect(ratio(2, 3).rate).toBe(0.6667)
  })
})
