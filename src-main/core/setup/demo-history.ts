import { DEMO_WORK, HOUR } from './demo-catalog'

/**
 * Twelve believable weeks of the demo office, ending a day before `now`: mostly clean
 * closeouts, some discounts for approval, unpriced parts the office prices, send-backs for a
 * missing photo, the odd void and a few disputes; billing exports weekly at first, then twice a
 * week, then daily, so the dashboard's cycle time falls week by week. Deterministic for a given
 * `now`. demo-history-writer.ts plays it through the real rules and exports.
 */
export type DemoOutcome = 'clean' | 'approval' | 'edit' | 'send-back' | 'void'
export type DemoJobType = keyof typeof DEMO_WORK

export interface DemoHistoryJob {
  id: string
  technicianId: string
  customerId: string
  jobTypeId: DemoJobType
  /** Index into DEMO_WORK[jobTypeId]. */
  work: number
  outcome: DemoOutcome
  createdAt: number
  completedAt: number
  receivedAt: number
  /** When the office approved, priced, sent back or voided it. */
  decidedAt: number | null
  /** A send-back's corrected closeout. */
  resubmittedAt: number | null
  /** Invoice-ready from then on (null: voided). */
  readyAt: number | null
  /** The export that invoiced it, if one ran before `now`. */
  invoicedAt: number | null
  dispute: { at: number; reason: string } | null
}

export interface DemoHistory {
  jobs: DemoHistoryJob[]
  /** Billing's export runs, in time order; each invoices every job ready by then. */
  exports: number[]
}

const DAY = 24 * HOUR
const TECHS = ['T-07', 'T-08', 'T-09']
const TYPES: DemoJobType[] = ['repair', 'maintenance', 'install', 'plumbing', 'repair', 'maintenance']
const CUSTOMERS = [
  'C-100',
  'C-101',
  'C-102',
  'C-103',
  'C-104',
  'C-105',
  'C-106',
  'C-107',
  'C-108',
  'C-109',
  'C-110',
  'C-111',
]
const DISPUTES = [
  'Customer says the part was under warranty',
  'Hours billed do not match the timesheet',
  'Customer says the part was under warranty',
]
export const HISTORY_WEEKS = 12
/** About fifteen jobs a week for three technicians. */
export const DEMO_HISTORY_JOBS = 180
/** The newest history job finished this long before now; the live inbox covers the days after. */
const QUIET_DAYS = 1

/** Job ids run up to the demo setup's first job (J-1042), as the office numbered them before. */
export function demoHistoryJobId(k: number, count: number): string {
  const n = 1042 - count + k
  return n >= 1 ? `J-${String(n).padStart(4, '0')}` : `J-H${String(k + 1).padStart(6, '0')}`
}

/** Billing's export days: Fridays for the first four weeks, Tue and Fri for four, then every weekday; 15:00 in Chicago. */
function exportTimes(now: number): number[] {
  const start = now - HISTORY_WEEKS * 7 * DAY
  const out: number[] = []
  for (let day = Math.floor(start / DAY) * DAY; day < now; day += DAY) {
    const at = day + 21 * HOUR
    const weekday = new Date(at).getUTCDay()
    const week = Math.floor((at - start) / (7 * DAY))
    const runs = week < 4 ? weekday === 5 : week < 8 ? weekday === 2 || weekday === 5 : weekday >= 1 && weekday <= 5
    if (runs && at > start && at < now - HOUR) out.push(at)
  }
  return out
}

/** Midnight (UTC) of every Monday to Friday from `from` to `to`. */
function workdaysBetween(from: number, to: number): number[] {
  const out: number[] = []
  for (let day = Math.floor(from / DAY) * DAY; day < to; day += DAY) {
    const weekday = new Date(day).getUTCDay()
    if (weekday >= 1 && weekday <= 5) out.push(day)
  }
  return out
}

export function planDemoHistory(now: number, count = DEMO_HISTORY_JOBS): DemoHistory {
  let seed = 7
  const rand = () => (seed = (seed * 48271) % 2147483647) / 2147483647
  const exports = exportTimes(now)
  const workdays = workdaysBetween(now - HISTORY_WEEKS * 7 * DAY + DAY, now - QUIET_DAYS * DAY)
  const jobs: DemoHistoryJob[] = []
  let disputes = 0
  for (let k = 0; k < count; k++) {
    const age = (count - k) / count // 1 = twelve weeks ago
    // Weekdays, between 8:00 and 16:00 in Chicago.
    const completedAt = workdays[Math.floor((k * workdays.length) / count)]! + (14 + rand() * 8) * HOUR
    const receivedAt = completedAt + (5 + rand() * 40) * 60_000
    const jobTypeId = TYPES[k % TYPES.length]!
    // Technicians learn the checklist: fewer exceptions as the weeks go by.
    const roll = rand() / (0.6 + 0.6 * age)
    const outcome: DemoOutcome =
      k % 41 === 20 ? 'void' : roll < 0.16 ? 'approval' : roll < 0.27 ? 'edit' : roll < 0.36 ? 'send-back' : 'clean'
    // Early on the office decides in hours to a day; by the end, within the hour or two.
    const decide =
      outcome === 'clean'
        ? 0
        : outcome === 'approval'
          ? 0.5 + rand() * (age > 0.5 ? 9 : 4)
          : outcome === 'edit'
            ? 2 + rand() * 20 * age
            : 1 + rand() * 6
    const decidedAt = outcome === 'clean' ? null : receivedAt + decide * HOUR
    const resubmittedAt = outcome === 'send-back' ? decidedAt! + (4 + rand() * 26) * HOUR : null
    const readyAt = outcome === 'void' ? null : outcome === 'clean' ? receivedAt : (resubmittedAt ?? decidedAt)
    const invoicedAt = readyAt === null ? null : (exports.find((t) => t >= readyAt) ?? null)
    let dispute: DemoHistoryJob['dispute'] = null
    if (invoicedAt !== null && k % 17 === 5 && disputes < DISPUTES.length && invoicedAt + 72 * HOUR < now)
      dispute = { at: invoicedAt + 72 * HOUR, reason: DISPUTES[disputes++]! }
    jobs.push({
      id: demoHistoryJobId(k, count),
      technicianId: TECHS[k % TECHS.length]!,
      customerId: CUSTOMERS[k % CUSTOMERS.length]!,
      jobTypeId,
      work: k % DEMO_WORK[jobTypeId].length,
      outcome,
      createdAt: completedAt - (2 + (k % 4)) * DAY,
      completedAt,
      receivedAt,
      decidedAt,
      resubmittedAt,
      readyAt,
      invoicedAt,
      dispute,
    })
  }
  return { jobs, exports }
}
