/**
 * Calendar days written "YYYY-MM-DD", with no time and no zone: due dates, report ranges, week
 * starts. Arithmetic runs in UTC, where every day has 24 hours, so a daylight-saving change never
 * shifts a date.
 */
export function parseDay(day: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  if (!m) throw new RangeError(`not a day: ${day}`)
  return [Number(m[1]), Number(m[2]), Number(m[3])]
}

/** `day` moved by `days` calendar days: addDays('2026-12-15', 30) -> '2027-01-14'. */
export function addDays(day: string, days: number): string {
  // A timestamp's date part counts as its day: '2026-11-25T14:03:00-05:00' -> '2026-11-25'.
  const [y, m, d] = parseDay(day.slice(0, 10))
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10)
}
