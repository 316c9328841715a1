import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Receipt } from '../../../src-shared/schemas/bundle'
import type { EngineDb, EngineName } from '../../../src-main/core/db/engine-db'
import { peekInvoiceNumber } from '../../../src-main/core/exports/invoice-numbers.repo'
import type { ArchivedBundle } from '../../../src-main/core/rebuild/archived-bundles'
import { settleFromReceipts } from '../../../src-main/core/rebuild/settle-from-receipts'
import { addScenarioJobs } from '../../support/export-scenario'
import { addReadyJob, cloneJob, repairLines } from '../../support/invoice-builder'
import { ENGINES, engineRuns, openEngineOffices, pgRuns, verifyLogOn, type EngineOffices } from '../../support/engines'

/**
 * Issue #17, the last step of a rebuild from the archive on the async path: each rebuilt job is
 * settled from its closeout's receipt (invoiced with the receipt's number, void, or left for the
 * office to decide again), marked in its history, and the invoice numbers move past every number
 * that came back, in one withTransaction. The same office on the SQLite file and on PostgreSQL
 * settles the same way: the same report, job rows, events to the hash and next invoice number.
 */
const NOW = new Date('2026-11-27T10:00:00.000Z')
const SUBMISSION = (n: string) => `00000000-0000-4000-8000-00000000${n}`
let engines: EngineOffices
const transcripts = new Map<EngineName, unknown>()

beforeAll(async () => {
  engines = await openEngineOffices(async ({ office }) => {
    await addScenarioJobs(office)
    for (const n of ['2001', '2002']) {
      cloneJob(office, 'J-1042', `J-${n}`)
      await addReadyJob(office, { jobId: `J-${n}`, submissionId: SUBMISSION(n), lines: repairLines() })
    }
  })
}, 180_000)
afterEach(() => {
  vi.useRealTimers()
})
afterAll(async () => engines?.close())

/** What the archive holds for a submission: only the manifest's id and the receipt matter here. */
function bundle(n: string, receipt: Partial<Receipt> | null): ArchivedBundle {
  const submissionId = SUBMISSION(n)
  return {
    manifest: { submissionId },
    receipt:
      receipt && ({ schema: 'closeout-receipt/v1', submissionId, findings: [], comment: null, ...receipt } as Receipt),
  } as ArchivedBundle
}

const BUNDLES = [
  bundle('1042', { status: 'invoiced', invoiceNumber: 'INV-1107' }),
  bundle('1044', { status: 'void' }),
  bundle('1046', { status: 'approved' }),
  bundle('2001', { status: 'invoiced', invoiceNumber: 'INV-1107' }),
  bundle('2002', null),
  bundle('9999', { status: 'invoiced', invoiceNumber: 'INV-9999' }),
]

async function lastEventId(edb: EngineDb): Promise<number> {
  const row = await edb.db.selectFrom('job_events').select('id').orderBy('id', 'desc').executeTakeFirst()
  return Number(row?.id ?? 0)
}

describe.each(ENGINES)('settling a rebuild from receipts on %s (issue #17)', (engine) => {
  const runs = engineRuns(engine)

  it.runIf(runs)('restores invoiced and void jobs, names the ones to decide again, moves the numbers on', async () => {
    const edb = engines.on(engine)
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(NOW)
    const before = await lastEventId(edb)
    const settlement = await settleFromReceipts(edb, BUNDLES, 'U-3')
    expect(settlement).toEqual({
      jobs: 5,
      invoiced: [
        { jobId: 'J-1042', invoiceNumber: 'INV-1107' },
        // The same number twice: the second job comes back invoiced without it.
        { jobId: 'J-2001', invoiceNumber: null },
      ],
      voided: ['J-1044'],
      decideAgain: [{ jobId: 'J-1046', was: 'approved', now: 'invoice-ready' }],
      noReceipt: ['J-2002'],
    })
    const jobs = await edb.db
      .selectFrom('jobs')
      .select(['id', 'status', 'invoice_number', 'void_reason', 'updated_at'])
      .where('id', 'in', ['J-1042', 'J-1044', 'J-1046', 'J-2001', 'J-2002'])
      .orderBy('id')
      .execute()
    expect(jobs.map((j) => [j.id, j.status, j.invoice_number])).toEqual([
      ['J-1042', 'invoiced', 'INV-1107'],
      ['J-1044', 'void', null],
      ['J-1046', 'invoice-ready', null],
      ['J-2001', 'invoiced', null],
      ['J-2002', 'invoice-ready', null],
    ])
    const events = (
      await edb.db.selectFrom('job_events').selectAll().where('id', '>', before).orderBy('id').execute()
    ).map((e) => ({ ...e, id: Number(e.id) }))
    expect(events.filter((e) => e.type === 'rebuilt-from-archive').map((e) => [e.job_id, e.actor])).toEqual(
      ['J-1042', 'J-1044', 'J-1046', 'J-2001', 'J-2002'].map((id) => [id, 'U-3']),
    )
    const company = await edb.db.selectFrom('company').select('next_invoice_number').executeTakeFirstOrThrow()
    const next = await peekInvoiceNumber(edb.db, edb.engine, company.next_invoice_number)
    expect(next).toBe(1108)
    expect(await verifyLogOn(edb)).toMatchObject({ ok: true })
    transcripts.set(engine, { settlement, jobs, events, next })
  })
})

describe('settling a rebuild on both engines (issue #17)', () => {
  it.runIf(pgRuns)('settles the same jobs the same way on SQLite and PostgreSQL', () => {
    expect(transcripts.get('sqlite')).toBeDefined()
    expect(transcripts.get('postgres')).toEqual(transcripts.get('sqlite'))
  })
})
