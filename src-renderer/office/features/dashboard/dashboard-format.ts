import type { Stage } from '../../../../src-shared/api/metrics'

/** "45 min", "3 h 20 min", "1 d 6 h": durations as a billing clerk says them. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds == null) return '—'
  const minutes = Math.round(seconds / 60)
  if (minutes < 60) return `${minutes} min`
  const hours = Math.floor(minutes / 60)
  if (hours < 24) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`
  const days = Math.floor(hours / 24)
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`
}

export function formatPercent(rate: number | null | undefined): string {
  return rate == null ? '—' : `${Math.round(rate * 100)}%`
}

export function formatRatio(value: number | null | undefined): string {
  return value == null ? '—' : value.toLocaleString(undefined, { maximumFractionDigits: 2 })
}

const weekLabel = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' })

/** A 'YYYY-MM-DD' day as "Nov 2" (the day itself, whatever the viewer's zone). */
export function formatDayShort(day: string): string {
  return weekLabel.format(new Date(`${day}T00:00:00Z`))
}

export function addDaysTo(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

export function mondayOfDay(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay()
  return addDaysTo(day, -((weekday + 6) % 7))
}

/**
 * Where the clock of a set of jobs stops: at the send where one is recorded, at the export
 * otherwise (docs/metrics.md, "The moments of a job").
 */
export function clockLabel(sent: number, count: number): string {
  if (count > 0 && sent === count) return 'completed → sent'
  if (sent === 0) return 'completed → exported'
  return 'completed → sent or exported'
}

/** "2 sent, 1 exported only" for a mix; nothing when every clock stops at the same moment. */
export function clockMix(sent: number, count: number): string | null {
  return sent > 0 && sent < count ? `${sent} sent, ${count - sent} exported only` : null
}

export const STAGE_LOOK: Record<Stage, { label: string; hint: string; color: string }> = {
  transit: { label: 'In transit', hint: 'Finished on site → at the office', color: 'gray' },
  review: { label: 'Office review', hint: 'Held for missing evidence', color: 'orange' },
  approval: { label: 'Waiting on approval', hint: 'Exception awaiting a supervisor', color: 'yellow' },
  technician: { label: 'Waiting on technician', hint: 'Sent back → corrected', color: 'red' },
  billing: { label: 'Waiting on billing', hint: 'Invoice-ready → exported', color: 'teal' },
  sending: { label: 'Waiting to be sent', hint: 'Exported → packet sent', color: 'blue' },
}
