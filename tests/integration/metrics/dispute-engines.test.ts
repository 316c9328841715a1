import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import type { EngineDb } from '../../../src-main/core/db/engine-db'
import { postgresEngineDb } from '../../../src-main/core/db/engine-db'
import { openPostgres, type PgDatabase } from '../../../src-main/core/db/pg/pool'
import { recordDispute } from '../../../src-main/core/metrics/dispute'
import type { TimelineState } from '../../../src-main/core/metrics/timeline'
import { ENGINES, engineRuns, openEngineOffices, pgRuns, verifyLogOn, type EngineOffices } from '../../support/engines'

/**
 * Issue #17, the first writer on the async path: a customer's dispute (jobs.dispute) writes the
 * job's dispute fields, the `disputed` event with its place in the hash chain, and the
 * dashboard's summary in one transaction (withTransaction) on the SQLite file and on PostgreSQL.
 * The same office on both: the same refusals, the same rows, a log that verifies; and on
 * PostgreSQL, seats disputing at the same moment all commit on one unbroken chain.
 */
const INVOICED = ['J-1042', 'J-1043', 'J-1044', 'J-1045', 'J-1046', 'J-1047']
let engines: EngineOffices
const extraPools: Kysely<PgDatabase>[] = []

beforeAll(async () => {
  engines = await openEngineOffices(({ office }) => {
    const invoice = office.sqlite.prepare(`UPDATE jobs SET status = 'invoiced' WHERE id = ?`)
    office.sqlite.transaction(() => INVOICED.forEach((id) => invoice.run(id)))()
  })
}, 180_000)
afterAll(async () => {
  for (const pool of extraPools) await pool.destroy()
  await engines?.close()
})

async function eventCount(edb: EngineDb): Promise<number> {
  const row = await edb.db
    .selectFrom('job_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

describe.each(ENGINES)('a customer dispute on %s (issue #17)', (engine) => {
  const runs = engineRuns(engine)

  it.runIf(runs)('records the dispute, its event in the chain and the summary together, once', async () => {
    const edb = engines.on(engine)
    const before = await eventCount(edb)
    const out = await recordDispute(edb, { id: 'J-1042', reason: 'Says the second visit was free' }, 'U-1')
    expect(out).toEqual({
      id: 'J-1042',
      disputedAt: expect.any(String),
      disputeReason: 'Says the second visit was free',
    })

    const job = await edb.db
      .selectFrom('jobs')
      .select(['disputed_at', 'dispute_reason'])
      .where('id', '=', 'J-1042')
      .executeTakeFirstOrThrow()
    expect(job).toEqual({ disputed_at: out.disputedAt, dispute_reason: 'Says the second visit was free' })
    const events = await edb.db
      .selectFrom('job_events')
      .select(['job_id', 'type', 'actor', 'data_json', 'at'])
      .orderBy('id', 'desc')
      .limit(1)
      .execute()
    expect(events).toEqual([
      {
        job_id: 'J-1042',
        type: 'disputed',
        actor: 'U-1',
        data_json: JSON.stringify({ reason: 'Says the second visit was free' }),
        at: out.disputedAt,
      },
    ])
    expect(await eventCount(edb)).toBe(before + 1)
    const summary = await edb.db
      .selectFrom('job_timelines')
      .select('state_json')
      .where('job_id', '=', 'J-1042')
      .executeTakeFirstOrThrow()
    const state = JSON.parse(summary.state_json) as TimelineState
    expect(state.t.disputedAt).toBe(Date.parse(out.disputedAt))
    expect(state.t.disputeReason).toBe('Says the second visit was free')
    expect(await verifyLogOn(edb)).toMatchObject({ ok: true, rows: before + 1 })

    // Once only, and only an invoiced job: refused with nothing written.
    await expect(recordDispute(edb, { id: 'J-1042', reason: 'Again' }, 'U-1')).rejects.toMatchObject({
      code: 'already-disputed',
    })
    await expect(recordDispute(edb, { id: 'J-1050', reason: 'Not invoiced yet' }, 'U-1')).rejects.toMatchObject({
      code: 'not-invoiced',
      details: [{ path: 'id', message: 'must be an invoiced job' }],
    })
    await expect(recordDispute(edb, { id: 'J-0000', reason: 'No such job' }, 'U-1')).rejects.toMatchObject({
      code: 'not-found',
    })
    expect(await eventCount(edb)).toBe(before + 1)
    expect(await verifyLogOn(edb)).toMatchObject({ ok: true })
  })
})

describe('seats writing at once on PostgreSQL (issue #17)', () => {
  it.runIf(pgRuns)(
    'seats disputing at the same moment all commit, one after another on one unbroken chain',
    async () => {
      const edb = engines.on('postgres')
      // Five seats, each its own pool, each disputing a different job at once: they all read
      // the same head of the log, so all but one lose the race and run again on the new head.
      const seats = await Promise.all(
        INVOICED.slice(1).map(async () => {
          const pool = openPostgres(engines.postgresUrl!, { max: 1 })
          extraPools.push(pool)
          return postgresEngineDb(pool)
        }),
      )
      const before = await eventCount(edb)
      const outs = await Promise.all(
        seats.map((seat, i) => recordDispute(seat, { id: INVOICED[i + 1]!, reason: `Seat ${i + 1}` }, `U-${i + 1}`)),
      )
      expect(outs.map((o) => o.id)).toEqual(INVOICED.slice(1))
      expect(await eventCount(edb)).toBe(before + seats.length)
      expect(await verifyLogOn(edb)).toMatchObject({ ok: true, rows: before + seats.length })
      const disputed = await edb.db
        .selectFrom('jobs')
        .select('id')
        .where('id', 'in', INVOICED)
        .where('disputed_at', 'is not', null)
        .orderBy('id')
        .execute()
      expect(disputed.map((r) => r.id)).toEqual(INVOICED)
    },
    120_000,
  )
})
