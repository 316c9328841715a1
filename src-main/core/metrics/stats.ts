/**
 * Percentiles by linear interpolation between closest ranks (Excel's PERCENTILE.INC, R's type
 * 7): the median of an even count is the mean of the two middle values. Results are rounded
 * to whole seconds, half up, so a figure reads the same in the CLI, the UI and the tests.
 */
export function percentileSeconds(values: readonly number[], p: number): number | null {
  return percentileOfSorted(sortedValues(values), p)
}

/** The values sorted once, for several percentiles of the same list (percentileOfSorted). */
export function sortedValues(values: readonly number[]): Float64Array {
  // A typed array sorts numbers natively (whole seconds: no NaN), several times faster than a comparator.
  return Float64Array.from(values).sort()
}

/** percentileSeconds of values already sorted (sortedValues). */
export function percentileOfSorted(sorted: Float64Array, p: number): number | null {
  if (sorted.length === 0) return null
  const rank = (sorted.length - 1) * p
  const lo = Math.floor(rank)
  const hi = Math.ceil(rank)
  const value = sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo)
  return Math.floor(value + 0.5)
}

export function median(values: readonly number[]): number | null {
  return percentileSeconds(values, 0.5)
}

export function ratio(count: number, of: number): { count: number; of: number; rate: number | null } {
  return { count, of, rate: of === 0 ? null : round4(count / of) }
}

/** Fractions and averages to 4 decimal places: enough for a percentage with two decimals. */
export function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000
}

export function perUnit(total: number, units: number): number | null {
  return units === 0 ? null : round4(total / units)
}
