import { addDays, parseDay } from '../../../src-shared/domain/calendar-day'

export { addDays }

/**
 * Calendar arithmetic in an IANA time zone with nothing but Intl, so weeks and days follow the
 * office's wall clock across daylight-saving changes (a week can be 167 or 169 hours long).
 * Days are 'YYYY-MM-DD' strings; instants are epoch milliseconds.
 */
const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    formatters.set(timeZone, f)
  }
  return f
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone)
    return true
  } catch {
    return false
  }
}

interface WallClock {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
}

function wallClock(ms: number, timeZone: string): WallClock {
  const parts: Record<string, number> = {}
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value)
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  }
}

/** The zone's offset from UTC at that instant, in milliseconds (Chicago in winter: -6 h). */
function offsetAt(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone)
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second)
  return asUtc - Math.floor(ms / 1000) * 1000
}

/** The calendar day an instant falls on in the zone. */
export function dayOf(ms: number, timeZone: string): string {
  const w = wallClock(ms, timeZone)
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`
}

/**
 * The first instant of a day in the zone. Where midnight does not exist (a spring-forward at
 * 00:00), the day starts at the first wall-clock time that does.
 */
export function startOfDay(day: string, timeZone: string): number {
  const [y, m, d] = parseDay(day)
  const wall = Date.UTC(y, m - 1, d)
  let guess = wall - offsetAt(wall, timeZone)
  for (let i = 0; i < 3; i++) {
    const next = wall - offsetAt(guess, timeZone)
    if (next === guess) break
    guess = next
  }
  // A skipped midnight lands the guess on the previous day's evening: move to the gap's end.
  if (dayOf(guess, timeZone) < day) guess += -offsetAt(guess, timeZone) + offsetAt(guess + 3 * 3600_000, timeZone)
  return guess
}

/** The Monday of the week that contains `day` (ISO weeks). */
export function mondayOf(day: string): string {
  const [y, m, d] = parseDay(day)
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay()
  return addDays(day, -((weekday + 6) % 7))
}

function pad(n: number): string {
  return String(n).padStart(2, '0')
}
