import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import { postgresEngineDb, type EngineDb } from '../../../src-main/core/db/engine-db'
import { openPostgres, type PgDatabase } from '../../../src-main/core/db/pg/pool'
import { recordLineEdits } from '../../../src-main/core/jobs/edit-lines'
import { recordMatch } from '../../../src-main/core/jobs/review-match'
import { recordVoid } from '../../../src-main/core/jobs/void-job'
import { pgRuns, verifyLogOn as verify, type EngineOffices } from '../../support/engines'
import { job, openJobWritersOffices } from './job-writers-office'

/**
 * Issue #17: the office's writers on one job (an edit of its lines, a void, a match out of
 * needs-review) with several seats on one PostgreSQL database. Two seats acting on the same job
 * at the same moment never both apply: each runs in a SERIALIZABLE withTransaction, the one that
 * lost the race runs again on what the other committed, and is refused as a second window on
 * one PC is. The event log stays one unbroken chain.
 */
let engines: EngineOffices
const extraPools: Kysely<PgDatabase>[] = []

beforeAll(async () => {
  if (pgRuns) engines = (await openJobWritersOffices()).engines
}, 180_000)
afterAll(async () => {
  for (const pool of extraPools) await pool.destroy()
  await engines?.close()
})

describe('two seats on the same job at the same moment on PostgreSQL (issue #17)', () => {
  const seats = (n: number) =>
    Array.from({ length: n }, () => {
      const pool = openPostgres(engines.postgresUrl!, { max: 1 })
      extraPools.push(pool)
      return postgresEngineDb(pool)
    })

  it.runIf(pgRuns)(
    'two voids: one applies, the other is told the job is already void',
    async () => {
      const edb = engines.on('postgres')
      const [a, b] = seats(2)
      const at = new Date().toISOString()
      const outcomes = await Promise.allSettled([
        recordVoid(a!, { jobId: 'J-1047', reason: 'Seat A' }, 'U-1', at),
        recordVoid(b!, { jobId: 'J-1047', reason: 'Seat B' }, 'U-2', at),
      ])
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1)
      const [lost] = outcomes.filter((o) => o.status === 'rejected')
      expect(lost?.reason).toMatchObject({ code: 'invalid-transition', message: 'Job J-1047 is already void' })
      const voided = await edb.db
        .selectFrom('job_events')
        .select('data_json')
        .where('job_id', '=', 'J-1047')
        .where('type', '=', 'voided')
        .execute()
      expect(voided).toHaveLength(1)
      const winner = JSON.parse(voided[0]!.data_json) as { reason: string }
      expect((await job(edb, 'J-1047')).void_reason).toBe(winner.reason)
      expect(await verify(edb)).toMatchObject({ ok: true })
    },
    120_000,
  )

  it.runIf(pgRuns)(
    'two edits removing the same line: one applies, the other is told the line is gone',
    async () => {
      const edb = engines.on('postgres')
      const [a, b] = seats(2)
      const at = new Date().toISOString()
      const edit = (seat: EngineDb) =>
        recordLineEdits(seat, { jobId: 'J-1050', edits: [{ op: 'remove', lineNo: 3 }] }, 'U-1', at)
      const outcomes = await Promise.allSettled([edit(a!), edit(b!)])
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1)
      const [lost] = outcomes.filter((o) => o.status === 'rejected')
      expect(lost?.reason).toMatchObject({
        code: 'not-found',
        message: 'edits[0].lineNo: there is no line 3 on this closeout',
      })
      const edits = await edb.db
        .selectFrom('job_events')
        .select('id')
        .where('job_id', '=', 'J-1050')
        .where('type', '=', 'lines-edited')
        .execute()
      expect(edits).toHaveLength(1)
      expect(await verify(edb)).toMatchObject({ ok: true })
    },
    120_000,
  )

  it.runIf(pgRuns)(
    'a void and an edit at once: either the edit comes first and the void after it, or the edit is refused',
    async () => {
      const edb = engines.on('postgres')
      const [a, b] = seats(2)
      const at = new Date().toISOString()
      const [voided, edited] = await Promise.allSettled([
        recordVoid(a!, { jobId: 'J-1050', reason: 'Duplicate job' }, 'U-2', at),
        recordLineEdits(b!, { jobId: 'J-1050', edits: [{ op: 'update', lineNo: 1, quantity: '1.25' }] }, 'U-1', at),
      ])
      expect(voided.status).toBe('fulfilled')
      const types = (
        await edb.db
          .selectFrom('job_events')
          .select('type')
          .where('job_id', '=', 'J-1050')
          .where('type', 'in', ['voided', 'lines-edited'])
          .orderBy('id')
          .execute()
      ).map((e) => e.type)
      if (edited.status === 'fulfilled') expect(types).toEqual(['lines-edited', 'lines-edited', 'voided'])
      else {
        expect(edited.reason).toMatchObject({
          code: 'invalid-transition',
          message:
            'Job J-1050 is void; only a job that is needs-review or needs-approval or invoice-ready can be edited',
        })
        expect(types).toEqual(['lines-edited', 'voided'])
      }
      expect((await job(edb, 'J-1050')).status).toBe('void')
      expect(await verify(edb)).toMatchObject({ ok: true })
    },
    120_000,
  )

  it.runIf(pgRuns)(
    'two field jobs matched to the same dispatched job: one moves, the other is told it already has a closeout',
    async () => {
      const edb = engines.on('postgres')
      const [a, b] = seats(2)
      const at = new Date().toISOString()
      const outcomes = await Promise.allSettled([
        recordMatch(a!, { jobId: 'J-1098', toJobId: 'J-1051' }, 'U-1', at),
        recordMatch(b!, { jobId: 'J-1097', toJobId: 'J-1051' }, 'U-1', at),
      ])
      const won = outcomes.findIndex((o) => o.status === 'fulfilled')
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1)
      const [lost] = outcomes.filter((o) => o.status === 'rejected')
      const loser = won === 0 ? 'J-1097' : 'J-1098'
      const status = (await job(edb, 'J-1051')).status
      expect(lost?.reason).toMatchObject({
        code: 'invalid-transition',
        message: `J-1051 already has a closeout (it is ${status}); match ${loser} to a job still waiting for one`,
      })
      expect((await job(edb, loser)).status).toBe('needs-review')
      expect(await verify(edb)).toMatchObject({ ok: true })
    },
    120_000,
  )
})
