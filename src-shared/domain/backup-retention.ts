/**
 * Which automatic backups to keep: the newest of each of the last 7 days, 4 ISO weeks and 12
 * months that have a backup (days, weeks and months counted in UTC), and always the newest
 * good one, whatever its age. Everything else may go. Pure: the caller lists and deletes.
 */
export interface RetainedBackup {
  name: string
  /** ISO 8601 time the backup was made. */
  createdAt: string
}

export const RETENTION = { daily: 7, weekly: 4, monthly: 12 } as const

export function backupsToKeep(backups: readonly RetainedBackup[]): Set<string> {
  const newestFirst = [...backups].sort((a, b) => b.createdAt.localeCompare(a.createdAt))
  const keep = new Set<string>()
  if (newestFirst[0]) keep.add(newestFirst[0].name)
  const buckets: [number, (d: Date) => string][] = [
    [RETENTION.daily, (d) => d.toISOString().slice(0, 10)],
    [RETENTION.weekly, isoWeek],
    [RETENTION.monthly, (d) => d.toISOString().slice(0, 7)],
  ]
  for (const [count, bucketOf] of buckets) {
    const seen = new Set<string>()
    for (const b of newestFirst) {
      const bucket = bucketOf(new Date(b.createdAt))
      if (seen.has(bucket)) continue
      if (seen.size >= count) break
      seen.add(bucket)
      keep.add(b.name)
    }
  }
  return keep
}

function isoWeek(d: Date): string {
  const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()))
  const weekday = day.getUTCDay() || 7
  day.setUTCDate(day.getUTCDate() + 4 - weekday)
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1)
  const week = Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7)
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, '0')}`
}
