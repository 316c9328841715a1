import type { GroupRow } from '../../../src-shared/api/metrics'
import { median, perUnit, ratio } from './stats'
import { cycleSeconds, touchesOf, type Job } from './timeline'

export type GroupKey = (job: Job) => string | null

/** What a job of `active` is in the range: bits of GroupInput.roles. */
export const RECEIVED = 1
export const INVOICED = 2
export const READY = 4

export interface GroupInput {
  key: GroupKey
  names: Readonly<Record<string, string>>
  /** The row name for jobs without a technician or job type. */
  fallback: string
  /** The jobs received, invoiced or first ready in the range, in id order. */
  active: readonly Job[]
  /** For each job of `active`, which of the three it is (RECEIVED | INVOICED | READY). */
  roles: Uint8Array
}

const NONE = '(none)'

/**
 * One row per technician or job type with activity in the range: jobs received, invoiced,
 * first-time-right among those first ready, send-backs on any of its jobs in the range, and
 * touches and disputes on its invoiced jobs. Sorted by name. One pass over the jobs: each row's
 * jobs come out in id order.
 */
export function groupRows(input: GroupInput): GroupRow[] {
  interface Row {
    jobs: Job[]
    received: number
    cycles: number[]
    ready: number
    right: number
    sendBacks: number
    touches: number
    disputed: number
  }
  const rows = new Map<string, Row>()
  input.active.forEach((j, i) => {
    const k = input.key(j) ?? NONE
    let row = rows.get(k)
    if (!row) {
      row = { jobs: [], received: 0, cycles: [], ready: 0, right: 0, sendBacks: 0, touches: 0, disputed: 0 }
      rows.set(k, row)
    }
    const roles = input.roles[i]!
    row.jobs.push(j)
    row.sendBacks += j.t.sendBacks
    if (roles & RECEIVED) row.received++
    if (roles & INVOICED) {
      row.cycles.push(cycleSeconds(j.t)!)
      row.touches += touchesOf(j.t)
      if (j.t.disputedAt !== null || j.facts.disputeReason !== null) row.disputed++
    }
    if (roles & READY) {
      row.ready++
      if (j.t.touchesBeforeReady === 0) row.right++
    }
  })

  return [...rows]
    .map(([id, row]): GroupRow => ({
      id,
      name: id === NONE ? input.fallback : (input.names[id] ?? id),
      received: row.received,
      invoiced: row.cycles.length,
      medianCycleSeconds: median(row.cycles),
      firstTimeRight: ratio(row.right, row.ready),
      sendBacks: row.sendBacks,
      touches: row.touches,
      touchesPerInvoice: perUnit(row.touches, row.cycles.length),
      disputed: row.disputed,
      jobIds: row.jobs.map((j) => j.facts.id),
    }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
}
