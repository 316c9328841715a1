import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { withTransaction } from '../../../src-main/core/db/engine-db'
import { changeJobStatusIn } from '../../../src-main/core/lifecycle/job-status'
import { oweReceiptsIn } from '../../../src-main/core/receipts/receipt-outbox'
import { ENGINES, engineRuns, openEngineOffices, type EngineOffices } from '../../support/engines'

/**
 * Issue #17: the one way a job's status changes, on the async path (changeJobStatusIn) with the
 * receipt it owes (oweReceiptsIn), run in withTransaction on the SQLite file and on PostgreSQL.
 * The writers that move onto the async path (decisions, voids, edits, exports) build on these, so
 * both engines must give the same row, the same event and the same refusals.
 */
let engines: EngineOffices

beforeAll(async () => {
  // One job waiting for approval with its closeout (the demo office's jobs are all scheduled).
  engines = await openEngineOffices(({ office }) => {
    const at = '2026-12-05T09:00:00.000Z'
    office.sqlite
      .prepare(
        `INSERT INTO submissions (id, job_id, technician_id, fingerprint, document_json, completed_at, received_at)
         VALUES ('S-77', 'J-1042', 'T-07', 'S-77', '{}', ?, ?)`,
      )
      .run(at, at)
    office.sqlite
      .prepare(`UPDATE jobs SET status = 'needs-approval', current_submission_id = 'S-77' WHERE id = 'J-1042'`)
      .run()
  })
}, 180_000)
afterAll(async () => {
  await engines?.close()
})

describe.each(ENGINES)('a status change in a transaction on %s (issue #17)', (engine) => {
  const runs = engineRuns(engine)

  it.runIf(runs)('moves the job, logs status-changed and owes the receipt, all in one commit', async () => {
    const edb = engines.on(engine)
    const job = { id: 'J-1042', current_submission_id: 'S-77' }
    const at = '2026-12-06T10:00:00.000Z'
    await withTransaction(edb, async (trx) => {
      await changeJobStatusIn(trx, {
        jobId: job.id,
        from: 'needs-approval',
        to: 'approved',
        actor: 'U-2',
        reason: 'fine by me',
        at,
      })
      await oweReceiptsIn(trx, [job.current_submission_id, null], at)
    })
    const after = await edb.db
      .selectFrom('jobs')
      .select(['status', 'updated_at'])
      .where('id', '=', job.id)
      .executeTakeFirstOrThrow()
    expect(after).toEqual({ status: 'approved', updated_at: at })
    const event = await edb.db
      .selectFrom('job_events')
      .select(['job_id', 'type', 'actor', 'data_json'])
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow()
    expect(event).toEqual({
      job_id: job.id,
      type: 'status-changed',
      actor: 'U-2',
      data_json: JSON.stringify({ from: 'needs-approval', to: 'approved', reason: 'fine by me' }),
    })
    const owed = await edb.db
      .selectFrom('pending_receipts')
      .select('since')
      .where('submission_id', '=', 'S-77')
      .executeTakeFirst()
    expect(owed).toEqual({ since: at })
  })

  it.runIf(runs)('refuses a job that moved meanwhile, and a step the machine forbids, writing nothing', async () => {
    const edb = engines.on(engine)
    const job = await edb.db
      .selectFrom('jobs')
      .select(['id', 'status'])
      .where('status', '=', 'scheduled')
      .orderBy('id')
      .executeTakeFirstOrThrow()
    const events = async () =>
      Number(
        (
          await edb.db
            .selectFrom('job_events')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    const before = await events()
    const at = new Date().toISOString()
    await expect(
      withTransaction(edb, (trx) =>
        changeJobStatusIn(trx, { jobId: job.id, from: 'needs-approval', to: 'approved', actor: 'U-2', at }),
      ),
    ).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('reload and try again') })
    await expect(
      withTransaction(edb, (trx) =>
        changeJobStatusIn(trx, { jobId: job.id, from: 'scheduled', to: 'invoiced', actor: 'U-2', at }),
      ),
    ).rejects.toMatchObject({
      code: 'invalid-transition',
      message: `Job ${job.id} is scheduled and cannot become invoiced`,
    })
    expect(await events()).toBe(before)
    const still = await edb.db.selectFrom('jobs').select('status').where('id', '=', job.id).executeTakeFirstOrThrow()
    expect(still.status).toBe('scheduled')
  })
})
