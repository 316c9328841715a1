import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EngineDb } from '../../../src-main/core/db/engine-db'
import { recordLineEdits } from '../../../src-main/core/jobs/edit-lines'
import { recordMatch, recordReprocess } from '../../../src-main/core/jobs/review-match'
import { recordVoid } from '../../../src-main/core/jobs/void-job'
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
 * Issue #17, steps 1 and 2: the office's writers on one job move onto the async path. An edit of
 * a closeout's lines (jobs.editLines), a void (jobs.void) and the ways out of needs-review
 * (review.reprocess, review.matchToJob) each write their checks, rows, events and the receipt
 * they owe in one withTransaction, on the SQLite file and on PostgreSQL. The same office on both
 * (job-writers-office.ts): the same statuses, totals in cents, line rows, events (to their
 * hashes) and refusals, and a log that verifies. (Two seats at once: job-writers-seats.test.ts.)
 */
let office: JobWritersOffices
const submissionOf = { get: (jobId: string) => office.submissionOf.get(jobId) }

beforeAll(async () => {
  office = await openJobWritersOffices()
}, 180_000)
afterAll(async () => {
  await office?.engines.close()
})

/** What the writers leave behind, to compare the engines row for row. */
async function snapshot(edb: EngineDb) {
  const jobIds = ['J-1043', 'J-1044', 'J-1045', 'J-1046', 'J-1048', 'J-1099']
  const jobs = await edb.db
    .selectFrom('jobs')
    .select(['id', 'status', 'total_cents', 'current_submission_id', 'void_reason', 'origin', 'updated_at'])
    .where('id', 'in', jobIds)
    .orderBy('id')
    .execute()
  const submissions = await edb.db
    .selectFrom('submissions')
    .select(['id', 'job_id', 'findings_json', 'subtotal_cents', 'discount_total_cents', 'tax_cents', 'total_cents'])
    .where('job_id', 'in', jobIds)
    .orderBy('received_at')
    .execute()
  const lines = await edb.db
    .selectFrom('submission_lines as l')
    .innerJoin('submissions as s', 's.id', 'l.submission_id')
    .select([
      's.job_id',
      'l.line_no',
      'l.kind',
      'l.description',
      'l.quantity_milli',
      'l.unit_price_cents',
      'l.amount_cents',
      'l.taxable',
      'l.billable',
      'l.edited',
      'l.removed',
    ])
    .where('s.job_id', 'in', jobIds)
    .orderBy('s.job_id')
    .orderBy('l.line_no')
    .execute()
  const approvals = await edb.db
    .selectFrom('approvals')
    .select(['job_id', 'user_id', 'level', 'decision'])
    .orderBy('id')
    .execute()
  const receipts = await edb.db.selectFrom('pending_receipts').selectAll().orderBy('submission_id').execute()
  return { jobs, submissions, lines, approvals, receipts, events: await eventsAfter(edb, office.seededEvents) }
}

const snapshots = new Map<string, Awaited<ReturnType<typeof snapshot>>>()

describe.each(ENGINES)("the office's writers on a job on %s (issue #17)", (engine) => {
  const runs = engineRuns(engine)
  const edb = () => office.engines.on(engine)

  it.runIf(runs)(
    'an edit prices the part, the rules run again and move the job; lines, event and receipt commit together',
    async () => {
      const at = '2026-12-06T10:00:00.000Z'
      const before = await lastEventId(edb())
      expect((await job(edb(), 'J-1043')).status).toBe('needs-review')
      const result = await recordLineEdits(
        edb(),
        { jobId: 'J-1043', edits: [{ op: 'update', lineNo: 3, unitPrice: '0.25' }] },
        'U-1',
        at,
      )
      const submissionId = submissionOf.get('J-1043')!
      expect(result).toEqual({
        jobId: 'J-1043',
        submissionId,
        status: 'invoice-ready',
        edits: [{ lineNo: 3, field: 'unitPrice', from: null, to: '0.25' }],
      })
      // 187.50 + 38.00 + 2.50 = 228.00; tax 9% of 40.50 = 3.645 -> 3.65.
      expect(await job(edb(), 'J-1043')).toMatchObject({ status: 'invoice-ready', total_cents: 23_165, updated_at: at })
      const line = await edb()
        .db.selectFrom('submission_lines')
        .select(['edited', 'unit_price_cents', 'amount_cents'])
        .where('submission_id', '=', submissionId)
        .where('line_no', '=', 3)
        .executeTakeFirstOrThrow()
      expect(line).toEqual({ edited: 1, unit_price_cents: 25, amount_cents: 250 })
      const events = await eventsAfter(edb(), before)
      expect(events.map((e) => [e.job_id, e.type, e.actor, JSON.parse(e.data_json)])).toEqual([
        [
          'J-1043',
          'lines-edited',
          'U-1',
          { submissionId, edits: [{ lineNo: 3, field: 'unitPrice', from: null, to: '0.25' }] },
        ],
        [
          'J-1043',
          'status-changed',
          'U-1',
          { from: 'needs-review', to: 'invoice-ready', reason: 'lines edited', findings: [] },
        ],
      ])
      expect(await owed(edb(), submissionId)).toEqual({ since: at })
    },
  )

  it.runIf(runs)('an edit after an approval: the approval no longer counts, a line added is priced', async () => {
    const at = '2026-12-06T10:05:00.000Z'
    const result = await recordLineEdits(
      edb(),
      {
        jobId: 'J-1044',
        edits: [
          { op: 'add', kind: 'part', sku: 'FITTING-KIT', description: 'Fittings', quantity: '2' },
          { op: 'update', lineNo: 1, quantity: '3.5', billable: true },
        ],
      },
      'U-1',
      at,
    )
    expect(result).toMatchObject({
      status: 'needs-approval',
      edits: [
        { lineNo: 6, field: 'added', from: null, to: 'part: Fittings' },
        { lineNo: 1, field: 'quantity', from: '4', to: '3.5' },
      ],
    })
    const approvals = await edb()
      .db.selectFrom('approvals')
      .select(['user_id', 'decision'])
      .where('job_id', '=', 'J-1044')
      .execute()
    expect(approvals).toEqual([{ user_id: 'U-2', decision: 'approved-before-edit' }])
    const added = await edb()
      .db.selectFrom('submission_lines')
      .select(['kind', 'sku', 'quantity_milli', 'unit_price_cents', 'amount_cents', 'edited'])
      .where('submission_id', '=', submissionOf.get('J-1044')!)
      .where('line_no', '=', 6)
      .executeTakeFirstOrThrow()
    expect(added).toEqual({
      kind: 'part',
      sku: 'FITTING-KIT',
      quantity_milli: 2000,
      unit_price_cents: null,
      amount_cents: 3000,
      edited: 1,
    })
  })

  it.runIf(runs)('refuses a wrong edit by its path, a job in the wrong status and no job; writes nothing', async () => {
    const before = await lastEventId(edb())
    const lines = () =>
      edb()
        .db.selectFrom('submission_lines')
        .selectAll()
        .where('submission_id', '=', submissionOf.get('J-1043')!)
        .orderBy('line_no')
        .execute()
    const linesBefore = await lines()
    const at = '2026-12-06T10:10:00.000Z'
    await expect(
      recordLineEdits(
        edb(),
        {
          jobId: 'J-1043',
          edits: [
            { op: 'update', lineNo: 1, quantity: 2 },
            { op: 'remove', lineNo: 9 },
          ],
        },
        'U-1',
        at,
      ),
    ).rejects.toMatchObject({
      code: 'not-found',
      message: 'edits[1].lineNo: there is no line 9 on this closeout',
      details: [{ path: 'edits[1].lineNo', message: 'no line 9' }],
    })
    await expect(
      recordLineEdits(edb(), { jobId: 'J-1043', edits: [{ op: 'update', lineNo: 1, unitPrice: '1.2.3' }] }, 'U-1', at),
    ).rejects.toMatchObject({ code: 'invalid-input', details: [{ path: 'edits[0].unitPrice' }] })
    await expect(
      recordLineEdits(edb(), { jobId: 'J-1048', edits: [{ op: 'remove', lineNo: 1 }] }, 'U-1', at),
    ).rejects.toMatchObject({
      code: 'invalid-transition',
      message:
        'Job J-1048 is scheduled; only a job that is needs-review or needs-approval or invoice-ready can be edited',
    })
    await expect(
      recordLineEdits(edb(), { jobId: 'J-0000', edits: [{ op: 'remove', lineNo: 1 }] }, 'U-1', at),
    ).rejects.toMatchObject({ code: 'not-found', message: 'There is no job J-0000' })
    expect(await lines()).toEqual(linesBefore)
    expect(await lastEventId(edb())).toBe(before)
  })

  it.runIf(runs)('voids a job with its reason; refuses a second void and an empty reason', async () => {
    const at = '2026-12-06T10:15:00.000Z'
    const before = await lastEventId(edb())
    const submissionId = submissionOf.get('J-1046')!
    expect((await job(edb(), 'J-1046')).status).toBe('invoice-ready')
    expect(await recordVoid(edb(), { jobId: 'J-1046', reason: '  Customer cancelled  ' }, 'U-1', at)).toEqual({
      jobId: 'J-1046',
      submissionId,
      status: 'void',
    })
    expect(await job(edb(), 'J-1046')).toMatchObject({ status: 'void', void_reason: 'Customer cancelled' })
    const events = await eventsAfter(edb(), before)
    expect(events.map((e) => [e.job_id, e.type, e.actor, e.at, JSON.parse(e.data_json)])).toEqual([
      ['J-1046', 'voided', 'U-1', at, { reason: 'Customer cancelled' }],
      ['J-1046', 'status-changed', 'U-1', at, { from: 'invoice-ready', to: 'void', reason: 'Customer cancelled' }],
    ])
    expect(await owed(edb(), submissionId)).toEqual({ since: at })

    await expect(recordVoid(edb(), { jobId: 'J-1046', reason: 'Again' }, 'U-1', at)).rejects.toMatchObject({
      code: 'invalid-transition',
      message: 'Job J-1046 is already void',
    })
    await expect(recordVoid(edb(), { jobId: 'J-1048', reason: '   ' }, 'U-1', at)).rejects.toMatchObject({
      code: 'reason-required',
      message: 'Say why the job is void: voiding needs a reason',
      details: [{ path: 'reason', message: 'must not be empty' }],
    })
    await expect(
      recordLineEdits(edb(), { jobId: 'J-1046', edits: [{ op: 'remove', lineNo: 1 }] }, 'U-1', at),
    ).rejects.toMatchObject({
      code: 'invalid-transition',
      message: 'Job J-1046 is void; only a job that is needs-review or needs-approval or invoice-ready can be edited',
    })
    expect(await lastEventId(edb())).toBe(before + 2)
  })

  it.runIf(runs)("reprocess checks the same closeout again against today's price book", async () => {
    const at = '2026-12-06T10:20:00.000Z'
    const first = await recordReprocess(edb(), 'J-1045', 'U-1', at)
    expect(first.status).toBe('needs-review')
    expect(first.findings.map((f) => f.code)).toContain('unpriced-part')
    await edb()
      .db.insertInto('price_book')
      .values({ sku: 'NEW-1', description: 'Float switch', unit_price_cents: 2400, taxable: 1 })
      .execute()
    const second = await recordReprocess(edb(), 'J-1045', 'U-1', '2026-12-06T10:21:00.000Z')
    expect(second).toMatchObject({ jobId: 'J-1045', submissionId: submissionOf.get('J-1045') })
    expect(second.findings.map((f) => f.code)).not.toContain('unpriced-part')
    expect((await job(edb(), 'J-1045')).status).toBe(second.status)
    expect(second.status).not.toBe('needs-review')
    await expect(recordReprocess(edb(), 'J-1045', 'U-1', at)).rejects.toMatchObject({
      code: 'invalid-transition',
      message: `Job J-1045 is ${second.status}; only a job that needs review can be reprocessed`,
    })
  })

  it.runIf(runs)('match moves the closeout to the dispatched job and voids the guessed one', async () => {
    const at = '2026-12-06T10:25:00.000Z'
    const submissionId = submissionOf.get('J-1099')!
    expect(await job(edb(), 'J-1099')).toMatchObject({ status: 'needs-review', origin: 'field' })
    const before = await lastEventId(edb())
    const outcome = await recordMatch(edb(), { jobId: 'J-1099', toJobId: 'J-1048' }, 'U-1', at)
    expect(outcome).toMatchObject({ jobId: 'J-1048', submissionId })
    expect(outcome.findings.map((f) => f.code)).not.toContain('unknown-job')
    expect(await job(edb(), 'J-1048')).toMatchObject({ status: outcome.status, current_submission_id: submissionId })
    expect(await job(edb(), 'J-1099')).toMatchObject({
      status: 'void',
      current_submission_id: null,
      total_cents: null,
      void_reason: 'Its closeout was matched to J-1048',
    })
    const moved = { submissionId, from: 'J-1099', to: 'J-1048' }
    const events = (await eventsAfter(edb(), before)).map((e) => [e.job_id, e.type, JSON.parse(e.data_json)])
    expect(events.slice(0, 4)).toEqual([
      ['J-1099', 'closeout-moved', moved],
      ['J-1099', 'voided', { reason: 'Its closeout was matched to J-1048' }],
      ['J-1099', 'status-changed', { from: 'needs-review', to: 'void', reason: 'Its closeout was matched to J-1048' }],
      ['J-1048', 'closeout-moved', moved],
    ])
    expect(await owed(edb(), submissionId)).toEqual({ since: at })

    await expect(recordMatch(edb(), { jobId: 'J-1098', toJobId: 'J-1048' }, 'U-1', at)).rejects.toMatchObject({
      code: 'invalid-transition',
      message: `J-1048 already has a closeout (it is ${outcome.status}); match J-1098 to a job still waiting for one`,
    })
    await expect(recordMatch(edb(), { jobId: 'J-1098', toJobId: 'J-1098' }, 'U-1', at)).rejects.toMatchObject({
      code: 'invalid-input',
      details: [{ path: 'toJobId', message: 'J-1098 is not a dispatched job' }],
    })
    await expect(recordMatch(edb(), { jobId: 'J-1043', toJobId: 'J-1049' }, 'U-1', at)).rejects.toMatchObject({
      code: 'invalid-transition',
      message: 'Job J-1043 is invoice-ready; only a job that needs review can be matched to another job',
    })
  })

  it.runIf(runs)('leaves a log that verifies', async () => {
    expect(await verify(edb())).toMatchObject({ ok: true })
    snapshots.set(engine, await snapshot(edb()))
  })
})

describe('both engines after the same writers (issue #17)', () => {
  it.runIf(pgRuns)('hold the same jobs, closeouts, lines, approvals, receipts owed and events to their hashes', () => {
    const sqlite = snapshots.get('sqlite')
    expect(sqlite?.events.length).toBeGreaterThan(10)
    expect(snapshots.get('postgres')).toEqual(sqlite)
  })
})
