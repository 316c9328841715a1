import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { EngineName } from '../../../src-main/core/db/engine-db'
import { ENGINES, engineRuns, openEngineOffices, verifyLogOn, type EngineOffices } from '../../support/engines'
import { buildBundle, type TestBundle } from './bundle-builder'
import { ingest, snapshot, unscheduledWork } from './engine-ingest'

/**
 * Issue #17: a group of closeouts is written the quick way (a few statements for the whole
 * group, which on PostgreSQL is most of the ingest's time) and must leave exactly what writing
 * them one at a time leaves: the same jobs and statuses, closeouts, lines in cents, findings,
 * attachments, inbox rows and events in the same order. The group here has what makes that
 * hard: a correction of a closeout earlier in the same group, two closeouts for a job the
 * office does not know yet, a job created for unscheduled work, and a closeout sent as another
 * technician (held, but checked). Should a bundle fail the quick way, the group is written the
 * careful way: that bundle fails alone and the others commit.
 */
const NOW = '2026-12-06T15:00:00.000Z'
const FALLBACK = /written again one savepoint per bundle/

const id = (n: number) => `e0e0e0e0-0000-4000-8000-${String(n).padStart(12, '0')}`
const closeout = (n: number, jobId: string, technician: string, doc: Record<string, unknown> = {}) =>
  buildBundle({ id: id(n), jobId, doc: { technician: { id: technician, name: technician }, ...doc } })

const first1042 = closeout(1, 'J-1042', 'T-07')
const first7001 = closeout(5, 'J-7001', 'T-07')
const group: TestBundle[] = [
  first1042,
  unscheduledWork(id(2)),
  closeout(3, 'J-1044', 'T-09', { labor: [{ role: 'journeyman', hours: '9', billable: true, overtime: true }] }),
  closeout(4, 'J-1045', 'T-07'),
  first7001,
  // The same job again: a correction of the group's first closeout.
  closeout(6, 'J-1042', 'T-07', {
    supersedes: first1042.id,
    parts: [{ sku: 'CAP-45-5', description: 'capacitor', quantity: 1 }],
  }),
  closeout(7, 'J-7001', 'T-07', { supersedes: first7001.id }),
  // J-1045 is T-07's and has a closeout: this one is held, and checked.
  closeout(8, 'J-1045', 'T-08'),
  closeout(9, 'J-1046', 'T-08', { discount: { percent: '40', reason: 'Goodwill' } }),
]
const ids = group.map((b) => b.id)

let grouped: EngineOffices
let oneByOne: EngineOffices
const seeded: Record<string, number> = {}

beforeAll(async () => {
  const remember =
    (name: string) =>
    async ({ office }: { office: { sqlite: import('better-sqlite3').Database } }) => {
      seeded[name] = (office.sqlite.prepare(`SELECT MAX(id) AS n FROM job_events`).get() as { n: number }).n
    }
  grouped = await openEngineOffices(remember('grouped'))
  oneByOne = await openEngineOffices(remember('oneByOne'))
}, 240_000)
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(new Date(NOW))
})
afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})
afterAll(async () => {
  await grouped?.close()
  await oneByOne?.close()
})

/** A snapshot without the chain's hashes: the two offices' logs start from different demo histories. */
async function rowsOf(offices: EngineOffices, engine: EngineName, afterEvent: number) {
  const now = await snapshot(offices.on(engine), afterEvent, ids)
  return { ...now, events: now.events.map(({ prev_hash: _p, hash: _h, ...event }) => event) }
}

describe.each(ENGINES)('a group of closeouts on %s', (engine) => {
  it.runIf(engineRuns(engine))(
    'written the quick way leaves what writing them one at a time leaves, row for row and event for event',
    async () => {
      const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined)
      const together = await ingest(grouped, grouped.on(engine), `${engine}-group`, group, NOW)
      expect(together.map((r) => r.kind)).toEqual(group.map(() => 'ingested'))
      expect(errors.mock.calls.filter((c) => FALLBACK.test(String(c[0])))).toEqual([])
      for (const bundle of group) {
        const [alone] = await ingest(oneByOne, oneByOne.on(engine), `${engine}-alone`, [bundle], NOW)
        expect(alone?.kind).toBe('ingested')
      }

      const quick = await rowsOf(grouped, engine, seeded.grouped!)
      expect(quick).toEqual(await rowsOf(oneByOne, engine, seeded.oneByOne!))
      // What the group holds, as the office shows it.
      const status = Object.fromEntries(quick.jobs.map((j) => [j.id, j.current_submission_id]))
      expect(status).toMatchObject({ 'J-1042': id(6), 'J-7001': id(7), 'J-1045': id(4), 'F-e0e0e0e0': id(2) })
      const held = quick.events.find((e) => e.type === 'submission-received' && e.data_json.includes(id(8)))
      expect(JSON.parse(held!.data_json)).toMatchObject({ heldBecause: 'job J-1045 is assigned to T-07, not T-08' })
      expect(quick.submissions.find((s) => s.id === id(8))?.findings_json).toContain('wrong-technician')
      expect(quick.events.filter((e) => e.type === 'job-created').map((e) => e.job_id)).toEqual([
        'F-e0e0e0e0',
        'J-7001',
      ])
      expect((await verifyLogOn(grouped.on(engine))).ok).toBe(true)
      expect((await verifyLogOn(oneByOne.on(engine))).ok).toBe(true)
    },
  )

  it.runIf(engineRuns(engine))(
    'with a bundle that fails, is written the careful way: that bundle fails alone, the others commit',
    async () => {
      const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined)
      const fresh = [closeout(21, 'J-1043', 'T-07'), closeout(22, 'J-1044', 'T-09')]
      // group[0] is stored already (the test above): committing it again fails on its row.
      const results = await ingest(
        grouped,
        grouped.on(engine),
        `${engine}-again`,
        [fresh[0]!, group[0]!, fresh[1]!],
        NOW,
      )
      expect(results.map((r) => r.kind)).toEqual(['ingested', 'failed', 'ingested'])
      expect(errors.mock.calls.filter((c) => FALLBACK.test(String(c[0])))).toHaveLength(1)
      const stored = await grouped
        .on(engine)
        .db.selectFrom('submissions')
        .select('id')
        .where(
          'id',
          'in',
          fresh.map((b) => b.id),
        )
        .execute()
      expect(stored.map((s) => s.id).sort()).toEqual(fresh.map((b) => b.id).sort())
      expect((await verifyLogOn(grouped.on(engine))).ok).toBe(true)
    },
  )
})
