import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import { postgresEngineDb } from '../../../src-main/core/db/engine-db'
import { openPostgres, type PgDatabase } from '../../../src-main/core/db/pg/pool'
import { recordAdoption, recordJobFromCloseout } from '../../../src-main/core/jobs/review-ways-out'
import { ENGINES, engineRuns, pgRuns, verifyLogOn as verify } from '../../support/engines'
import {
  eventsAfter,
  job,
  lastEventId,
  openJobWritersOffices,
  owed,
  type JobWritersOffices,
} from './job-writers-office'

/**
 * Issue #17: the last way out of needs-review on the async path. A closeout sent under a number
 * the office never dispatched becomes a real job (review.createJob: a customer picked or new,
 * the job type and site; jobs.create with the closeout's number: Dispatch's fields), and the
 * rules check the closeout against it, in one withTransaction on the SQLite file and on
 * PostgreSQL: the same customer (numbered after the highest "C-<n>"), job, events, verdict and
 * refusals on both; on PostgreSQL two seats at once never both apply, and two new customers
 * never share a number.
 */
let office: JobWritersOffices
const extraPools: Kysely<PgDatabase>[] = []

beforeAll(async () => {
  office = await openJobWritersOffices()
}, 180_000)
afterAll(async () => {
  for (const pool of extraPools) await pool.destroy()
  await office?.engines.close()
})

const newCustomer = { name: 'Walk-in Dental', address: '1 Main St, Evanston, IL', requiresSignature: false }

describe.each(ENGINES)('a job made from its closeout on %s (issue #17)', (engine) => {
  const runs = engineRuns(engine)
  const edb = () => office.engines.on(engine)

  it.runIf(runs)('with a new customer: the customer, the job and the verdict commit together', async () => {
    const at = '2026-12-06T11:00:00.000Z'
    const before = await lastEventId(edb())
    const submissionId = office.submissionOf.get('J-1099')!
    const outcome = await recordJobFromCloseout(
      edb(),
      { jobId: 'J-1099', customer: newCustomer, jobTypeId: 'repair', siteAddress: '1 Main St, Evanston, IL' },
      'U-1',
      at,
    )
    expect(outcome).toEqual({ jobId: 'J-1099', status: 'invoice-ready', findings: [], submissionId })
    const customer = await edb()
      .db.selectFrom('customers')
      .select(['id', 'name', 'requires_signature'])
      .where('name', '=', 'Walk-in Dental')
      .execute()
    // The demo's customers run to C-111 (and the office's own C-901 is not counted as a gap).
    expect(customer).toEqual([{ id: 'C-112', name: 'Walk-in Dental', requires_signature: 0 }])
    expect(await job(edb(), 'J-1099')).toMatchObject({ status: 'invoice-ready', origin: 'dispatch', updated_at: at })
    const events = (await eventsAfter(edb(), before)).map((e) => [e.job_id, e.type, JSON.parse(e.data_json)])
    expect(events).toEqual([
      ['J-1099', 'job-updated', { via: 'closeout', fields: ['customerId', 'jobTypeId', 'siteAddress'] }],
      [
        'J-1099',
        'status-changed',
        { from: 'needs-review', to: 'invoice-ready', reason: 'job created from its closeout', findings: [] },
      ],
    ])
    expect(await owed(edb(), submissionId)).toEqual({ since: at })
    expect(await verify(edb())).toMatchObject({ ok: true })
  })

  it.runIf(runs)(
    'refuses an unknown job type by its field, a job that is not a field job, writing nothing',
    async () => {
      const before = await lastEventId(edb())
      const at = '2026-12-06T11:05:00.000Z'
      await expect(
        recordJobFromCloseout(
          edb(),
          { jobId: 'J-1098', customer: { id: 'C-100' }, jobTypeId: 'boat', siteAddress: 'x' },
          'U-1',
          at,
        ),
      ).rejects.toMatchObject({
        code: 'invalid-input',
        message: 'jobTypeId: there is no job type boat',
        details: [{ path: 'jobTypeId', message: 'there is no job type boat' }],
      })
      await expect(
        recordJobFromCloseout(
          edb(),
          { jobId: 'J-1043', customer: { id: 'C-100' }, jobTypeId: 'repair', siteAddress: 'x' },
          'U-1',
          at,
        ),
      ).rejects.toMatchObject({
        code: 'invalid-transition',
        message:
          'Job J-1043 was dispatched by the office; only a closeout for a job the office did not know can be created from its closeout',
      })
      expect(await lastEventId(edb())).toBe(before)
      expect((await job(edb(), 'J-1098')).status).toBe('needs-review')
    },
  )

  it.runIf(runs)("Dispatch's new job with the closeout's number adopts the field job with its fields", async () => {
    const at = '2026-12-06T11:10:00.000Z'
    const outcome = await recordAdoption(
      edb(),
      'J-1098',
      { customerId: 'C-101', siteAddress: '88 Maple Grove Ct', jobTypeId: 'repair', description: 'Capacitor' },
      'U-1',
      at,
    )
    expect(outcome).toMatchObject({ jobId: 'J-1098', status: 'invoice-ready', findings: [] })
    expect(await job(edb(), 'J-1098')).toMatchObject({ status: 'invoice-ready', origin: 'dispatch' })
    const row = await edb()
      .db.selectFrom('jobs')
      .select(['customer_id', 'site_address', 'description'])
      .where('id', '=', 'J-1098')
      .executeTakeFirstOrThrow()
    expect(row).toEqual({ customer_id: 'C-101', site_address: '88 Maple Grove Ct', description: 'Capacitor' })
  })
})

describe('two seats making jobs from closeouts at once on PostgreSQL (issue #17)', () => {
  it.runIf(pgRuns)(
    'the same closeout twice: one applies, the other is refused; two new customers never share a number',
    async () => {
      const edb = office.engines.on('postgres')
      const seat = () => {
        const pool = openPostgres(office.engines.postgresUrl!, { max: 1 })
        extraPools.push(pool)
        return postgresEngineDb(pool)
      }
      const at = new Date().toISOString()
      const make = (jobId: string, name: string) =>
        recordJobFromCloseout(
          seat(),
          { jobId, customer: { ...newCustomer, name }, jobTypeId: 'repair', siteAddress: '2 Main St' },
          'U-1',
          at,
        )
      const same = await Promise.allSettled([make('J-1097', 'Seat A Dental'), make('J-1097', 'Seat B Dental')])
      expect(same.filter((o) => o.status === 'fulfilled')).toHaveLength(1)
      const [lost] = same.filter((o) => o.status === 'rejected')
      expect(lost?.reason).toMatchObject({
        code: 'invalid-transition',
        message: 'Job J-1097 is invoice-ready; only a job that needs review can be created from its closeout',
      })
      const made = await edb.db
        .selectFrom('customers')
        .select('id')
        .where('name', 'in', ['Seat A Dental', 'Seat B Dental'])
        .execute()
      expect(made).toHaveLength(1)
      expect(await verify(edb)).toMatchObject({ ok: true })
    },
    120_000,
  )
})
