import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EngineDb, EngineName } from '../../../src-main/core/db/engine-db'
import { recordNewJob, recordJobUpdate } from '../../../src-main/core/dispatch/dispatch-writes'
import type { JobFields } from '../../../src-main/core/dispatch/job-fields'
import { ENGINES, engineRuns, openEngineOffices, pgRuns, verifyLogOn, type EngineOffices } from '../../support/engines'
import { openSeats, outcomeOf } from '../../support/seats'

/**
 * Issue #17, the Dispatch screen's writers on the async path: creating a job (jobs.create) and
 * changing its dispatch fields and estimate (jobs.update) check the names they are given, write
 * the job's row, its estimate lines and their event in one transaction (withTransaction) on the
 * SQLite file and on PostgreSQL. The same office on both: the same new ids, rows, estimate lines
 * in cents, events and refusals (code, message, field paths); the log verifies; and on
 * PostgreSQL seats creating jobs at the same moment each get their own number.
 */
let engines: EngineOffices
const closers: (() => Promise<void>)[] = []

beforeAll(async () => {
  engines = await openEngineOffices(({ office }) => {
    // A job a closeout has reached (only its paperwork may change) and an invoiced one (nothing may).
    office.sqlite.prepare(`UPDATE jobs SET status = 'needs-review' WHERE id = 'J-1050'`).run()
    office.sqlite.prepare(`UPDATE jobs SET status = 'invoiced' WHERE id = 'J-1042'`).run()
  })
}, 180_000)
afterAll(async () => {
  for (const close of closers) await close()
  await engines?.close()
})

const NEW_JOB: JobFields = {
  customerId: 'C-103',
  siteAddress: '510 Main St, Evanston, IL 60202',
  jobTypeId: 'repair',
  technicianId: 'T-09',
  scheduledFor: '2026-12-03T09:00:00-06:00',
  poNumber: 'PO-1',
  notToExceed: '450',
  description: 'Walk-in cooler warm',
  estimate: [
    { kind: 'part', sku: 'CAP-45-5', quantity: '1' },
    { kind: 'part', sku: 'SPECIAL-1', quantity: '2.5', description: 'Special order', unitPrice: '12.35' },
    { kind: 'labor', role: 'journeyman', hours: '1.5' },
  ],
}

async function eventCount(edb: EngineDb): Promise<number> {
  const row = await edb.db
    .selectFrom('job_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** A job as a user would notice it: its row (times left out), its estimate lines and its events. */
async function jobState(edb: EngineDb, id: string) {
  const row = await edb.db
    .selectFrom('jobs')
    .select([
      'id',
      'customer_id',
      'site_address',
      'job_type_id',
      'technician_id',
      'scheduled_for',
      'po_number',
      'not_to_exceed_cents',
      'description',
      'status',
      'origin',
    ])
    .where('id', '=', id)
    .executeTakeFirst()
  const lines = await edb.db
    .selectFrom('estimate_lines')
    .select(['line_no', 'kind', 'sku', 'role', 'description', 'quantity_milli', 'unit_price_cents'])
    .where('job_id', '=', id)
    .orderBy('line_no')
    .execute()
  const events = await edb.db
    .selectFrom('job_events')
    .select(['type', 'actor', 'data_json'])
    .where('job_id', '=', id)
    .orderBy('id')
    .execute()
  return { row, lines, events: events.map((e) => ({ ...e, data: JSON.parse(e.data_json) as unknown })) }
}

/** What a refused call told the user, or 'written' when it was not refused. */

/** The whole dispatch scenario on one engine, as a transcript to compare across engines. */
const transcripts = new Map<EngineName, unknown>()

describe.each(ENGINES)('the Dispatch screen writing on %s (issue #17)', (engine) => {
  const runs = engineRuns(engine)

  it.runIf(runs)('creates, changes and refuses jobs with the same rows, lines and events', async () => {
    const edb = engines.on(engine)
    const before = await eventCount(edb)

    // A new job gets the next number, its estimate in cents and thousandths, one job-created event.
    const id = await recordNewJob(edb, NEW_JOB, 'U-1')
    expect(id).toBe('J-1062')
    const created = await jobState(edb, id)
    expect(created.row).toEqual({
      id: 'J-1062',
      customer_id: 'C-103',
      site_address: '510 Main St, Evanston, IL 60202',
      job_type_id: 'repair',
      technician_id: 'T-09',
      scheduled_for: '2026-12-03T09:00:00-06:00',
      po_number: 'PO-1',
      not_to_exceed_cents: 45000,
      description: 'Walk-in cooler warm',
      status: 'scheduled',
      origin: 'dispatch',
    })
    expect(created.lines).toEqual([
      {
        line_no: 1,
        kind: 'part',
        sku: 'CAP-45-5',
        role: null,
        description: null,
        quantity_milli: 1000,
        unit_price_cents: null,
      },
      {
        line_no: 2,
        kind: 'part',
        sku: 'SPECIAL-1',
        role: null,
        description: 'Special order',
        quantity_milli: 2500,
        unit_price_cents: 1235,
      },
      {
        line_no: 3,
        kind: 'labor',
        sku: null,
        role: 'journeyman',
        description: null,
        quantity_milli: 1500,
        unit_price_cents: null,
      },
    ])
    expect(created.events.map((e) => [e.type, e.actor, e.data])).toEqual([['job-created', 'U-1', { via: 'dispatch' }]])

    // A number given by hand is taken as it is; a number already used is refused.
    expect(await recordNewJob(edb, { ...NEW_JOB, id: 'J-5000', estimate: [] }, 'U-1')).toBe('J-5000')
    const taken = await outcomeOf(recordNewJob(edb, { ...NEW_JOB, id: 'J-1062' }, 'U-1'))
    expect(taken).toEqual({
      code: 'already-exists',
      message: 'There is already a job J-1062',
      details: [{ path: 'id', message: 'job J-1062 already exists' }],
    })

    // Every unknown name, by its path; nothing written.
    const unknown = await outcomeOf(
      recordNewJob(
        edb,
        {
          ...NEW_JOB,
          customerId: 'C-999',
          jobTypeId: 'nope',
          technicianId: 'T-99',
          estimate: [
            { kind: 'part', sku: 'NOPE', quantity: '1' },
            { kind: 'labor', role: 'wizard', hours: '1' },
          ],
        },
        'U-1',
      ),
    )
    expect(unknown).toEqual({
      code: 'invalid-input',
      message:
        'customerId: there is no customer C-999; jobTypeId: there is no job type nope; technicianId: there is no technician T-99; estimate[0].sku: "NOPE" is not in the price book: give a unit price; estimate[1].role: there is no labor rate for "wizard"',
      details: [
        { path: 'customerId', message: 'there is no customer C-999' },
        { path: 'jobTypeId', message: 'there is no job type nope' },
        { path: 'technicianId', message: 'there is no technician T-99' },
        { path: 'estimate[0].sku', message: '"NOPE" is not in the price book: give a unit price' },
        { path: 'estimate[1].role', message: 'there is no labor rate for "wizard"' },
      ],
    })

    // A change writes only what differs, the fields it changed in its event, the new estimate.
    await recordJobUpdate(
      edb,
      'J-1062',
      {
        technicianId: 'T-07',
        notToExceed: '450.00',
        estimate: [{ kind: 'labor', role: 'journeyman', hours: '2.25' }],
      },
      'U-2',
    )
    const changed = await jobState(edb, 'J-1062')
    expect(changed.row?.technician_id).toBe('T-07')
    expect(changed.row?.not_to_exceed_cents).toBe(45000)
    expect(changed.lines).toEqual([
      {
        line_no: 1,
        kind: 'labor',
        sku: null,
        role: 'journeyman',
        description: null,
        quantity_milli: 2250,
        unit_price_cents: null,
      },
    ])
    expect(changed.events.at(-1)).toMatchObject({
      type: 'job-updated',
      actor: 'U-2',
      data: { via: 'dispatch', fields: ['technicianId', 'estimate'] },
    })
    // The same values again: nothing to write, no event.
    const settled = await eventCount(edb)
    await recordJobUpdate(edb, 'J-1062', { technicianId: 'T-07', notToExceed: '450' }, 'U-2')
    expect(await eventCount(edb)).toBe(settled)

    // After a closeout only the paperwork may change; an invoiced job not at all; a missing job is missing.
    const late = await outcomeOf(recordJobUpdate(edb, 'J-1050', { customerId: 'C-100', poNumber: 'PO-77' }, 'U-2'))
    expect(late).toEqual({
      code: 'job-locked',
      message: 'A closeout has arrived for this job: only the PO number, not-to-exceed and notes can change.',
      details: [{ path: 'customerId', message: 'cannot change any more' }],
    })
    await recordJobUpdate(edb, 'J-1050', { poNumber: 'PO-77' }, 'U-2')
    expect((await jobState(edb, 'J-1050')).row?.po_number).toBe('PO-77')
    const invoiced = await outcomeOf(recordJobUpdate(edb, 'J-1042', { poNumber: 'PO-78' }, 'U-2'))
    expect(invoiced).toMatchObject({ code: 'job-locked', details: [{ path: 'poNumber' }] })
    const missing = await outcomeOf(recordJobUpdate(edb, 'J-0000', { poNumber: 'PO-79' }, 'U-2'))
    expect(missing).toEqual({ code: 'not-found', message: 'There is no job J-0000', details: [] })
    const badRef = await outcomeOf(recordJobUpdate(edb, 'J-1062', { jobTypeId: 'nope' }, 'U-2'))
    expect(badRef).toMatchObject({ code: 'invalid-input', details: [{ path: 'jobTypeId' }] })

    // Two creates, two updates written (one of them late paperwork): four events, the log verifies.
    expect(await eventCount(edb)).toBe(before + 4)
    expect(await verifyLogOn(edb)).toMatchObject({ ok: true, rows: before + 4 })

    transcripts.set(engine, {
      jobs: [await jobState(edb, 'J-1062'), await jobState(edb, 'J-5000'), await jobState(edb, 'J-1050')],
      refusals: [taken, unknown, late, invoiced, missing, badRef],
    })
  })
})

describe('the same Dispatch writes on both engines (issue #17)', () => {
  it.runIf(pgRuns)('leaves the very same jobs, lines, events and refusals on SQLite and PostgreSQL', () => {
    expect(transcripts.get('sqlite')).toBeDefined()
    expect(transcripts.get('postgres')).toEqual(transcripts.get('sqlite'))
  })

  it.runIf(pgRuns)(
    'gives three seats creating jobs at the same moment three different numbers, each job there once',
    async () => {
      const edb = engines.on('postgres')
      const { seats, close } = await openSeats(engines.postgresUrl!, 3)
      closers.push(close)
      const before = await eventCount(edb)
      const numbered = await edb.db.selectFrom('jobs').select('id').where('id', 'like', 'J-%').execute()
      const n = Math.max(...numbered.map((j) => Number(j.id.slice(2))).filter(Number.isFinite))
      const ids = await Promise.all(
        seats.map((seat, i) => recordNewJob(seat, { ...NEW_JOB, description: `Seat ${i + 1}` }, `U-${i + 1}`)),
      )
      expect(new Set(ids).size).toBe(3)
      expect([...ids].sort()).toEqual([`J-${n + 1}`, `J-${n + 2}`, `J-${n + 3}`])
      const rows = await edb.db.selectFrom('jobs').select(['id', 'description']).where('id', 'in', ids).execute()
      expect(rows.map((r) => r.description).sort()).toEqual(['Seat 1', 'Seat 2', 'Seat 3'])
      for (const id of ids) {
        const state = await jobState(edb, id)
        expect(state.lines).toHaveLength(3)
        expect(state.events.map((e) => e.type)).toEqual(['job-created'])
      }
      expect(await eventCount(edb)).toBe(before + 3)
      expect(await verifyLogOn(edb)).toMatchObject({ ok: true, rows: before + 3 })
    },
    120_000,
  )

  it.runIf(pgRuns)(
    'lets only one of two seats take the same number by hand',
    async () => {
      const { seats, close } = await openSeats(engines.postgresUrl!, 2)
      closers.push(close)
      const outcomes = await Promise.all(
        seats.map((seat) => outcomeOf(recordNewJob(seat, { ...NEW_JOB, id: 'J-7000' }, 'U-1'))),
      )
      expect(outcomes.filter((o) => o === 'written')).toHaveLength(1)
      expect(outcomes.filter((o) => o !== 'written')).toEqual([expect.objectContaining({ code: 'already-exists' })])
      const edb = engines.on('postgres')
      expect((await jobState(edb, 'J-7000')).events).toHaveLength(1)
    },
    120_000,
  )
})
