import type { GroupRow } from '../../../src-shared/api/metrics'
import { median, perUnit, ratio } from './stats'
import { cycleSeconds, inIdOrder, touchesOf, type Job } from './timeline'

export type GroupKey = (job: Job) => string | null

export interface GroupInput {
  key: GroupKey
  names: Readonly<Record<string, string>>
  /** The row name for jobs without a technician or job type. */
  fallback: string
  invoiced: readonly Job[]
  received: readonly Job[]
  ready: readonly Job[]
  /** Each job's place in id order (compute's `all`). */
  rank: ReadonlyMap<Job, number>
}

const NONE = '(none)'

/**
 * One row per technician or job type with activity in the range: jobs received, invoiced,
 * first-time-right among those first ready, send-backs on any of its jobs in the range, and
 * touches and disputes on its invoiced jobs. Sorted by name.
 */
export function groupRows(input: GroupInput): GroupRow[] {
  const keyOf = (j: Job) => input.key(j) ?? NONE
  const rows = new Map<string, { received: Job[]; invoiced: Job[]; ready: Job[] }>()
  const bucket = (k: string) => {
    let row = rows.get(k)
    if (!row) rows.set(k, (row = { received: [], invoiced: [], ready: [] }))
    return row
  }
  for (const j of input.received) bucket(keyOf(j)).received.push(j)
  for (const j of input.invoiced) bucket(keyOf(j)).invoiced.push(j)
  for (const j of input.ready) bucket(keyOf(j)).ready.push(j)

  return [...rows]
    .map(([id, row]): GroupRow => {
      const jobs = [...new Set([...row.received, ...row.invoiced, ...row.ready])]
      const touches = row.invoiced.reduce((sum, j) => sum + touchesOf(j.t), 0)
      return {
        id,
        name: id === NONE ? input.fallback : (input.names[id] ?? id),
        received: row.received.length,
        invoiced: row.invoiced.length,
        medianCycleSeconds: median(row.invoiced.map((j) => cycleSeconds(j.t)!)),
        firstTimeRight: ratio(row.ready.filter((j) => j.t.touchesBeforeReady === 0).length, row.ready.length),
        sendBacks: jobs.reduce((sum, j) => sum + j.t.sendBacks, 0),
        touches,
        touchesPerInvoice: perUnit(touches, row.invoiced.length),
        disputed: row.invoiced.filter((j) => j.t.disputedAt !== null || j.facts.disputeReason !== null).length,
        jobIds: inIdOrder(jobs, input.rank).map((j) => j.facts.id),
      }
    })
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
}
