import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EngineDb, EngineName } from '../../../src-main/core/db/engine-db'
import { previewImportOn, recordImport } from '../../../src-main/core/imports/import-service'
import { allPayments } from '../../../src-main/core/payments/payment-reads.repo'
import {
  BAD_TEMPLATE_CSV,
  historyPaymentFigures,
  seedInvoices,
  TEMPLATE_CSV,
  XERO_CSV,
} from '../../fixtures/payments/history'
import { ENGINES, engineRuns, openEngineOffices, pgRuns, verifyLogOn, type EngineOffices } from '../../support/engines'
import { openSeats, outcomeOf } from '../../support/seats'

/**
 * Issue #17, the payments import (imports.preview / imports.commit for kind `payments`) on the
 * async path: the file is checked again and written in one withTransaction, on the SQLite file
 * and on PostgreSQL. The same office on both records the same payments, the same events (to the
 * hash), the same payment figures and the same refusals; on PostgreSQL two seats importing the
 * same file at the same moment record each payment once, and the later seat reports the rows as
 * already recorded.
 */
const NOW = new Date('2026-12-31T18:00:00.000Z')
const JOBS = ['J-2001', 'J-2002', 'J-2003', 'J-2004']
/** The rest of INV-2004 (300.00, of which the template pays 100.00), in two payments. */
const RACED_CSV = ['invoiceNumber,paidDate,amountPaid', 'INV-2004,2027-01-04,150.00', 'INV-2004,2027-01-05,50.00'].join(
  '\n',
)

let engines: EngineOffices
const closers: (() => Promise<void>)[] = []
const transcripts = new Map<EngineName, unknown>()

beforeAll(async () => {
  engines = await openEngineOffices(async ({ office }) => {
    await seedInvoices(office)
  })
}, 180_000)
afterAll(async () => {
  for (const close of closers) await close()
  await engines?.close()
})

async function lastEventId(edb: EngineDb): Promise<number> {
  const row = await edb.db.selectFrom('job_events').select('id').orderBy('id', 'desc').executeTakeFirst()
  return Number(row?.id ?? 0)
}

async function eventsAfter(edb: EngineDb, id: number) {
  const rows = await edb.db.selectFrom('job_events').selectAll().where('id', '>', id).orderBy('id').execute()
  return rows.map((e) => ({ ...e, id: Number(e.id) }))
}

describe.each(ENGINES)('payments import on %s (issue #17)', (engine) => {
  const runs = engineRuns(engine)

  it.runIf(runs)(
    'checks the file, refuses bad rows with their field paths, records the payments once with their events',
    async () => {
      const edb = engines.on(engine)
      const preview = await previewImportOn(edb, { kind: 'payments', csv: TEMPLATE_CSV })
      expect(preview.counts).toEqual({ create: 5, update: 0, unchanged: 0, error: 0 })

      const badPreview = await previewImportOn(edb, { kind: 'payments', csv: BAD_TEMPLATE_CSV })
      const refused = await outcomeOf(
        recordImport(edb, { kind: 'payments', csv: BAD_TEMPLATE_CSV, skipBadRows: false }, 'U-1'),
      )
      expect(refused).toEqual({
        code: 'import-has-errors',
        message: '3 rows cannot be imported; nothing was written',
        details: [
          { path: 'row 3.invoiceNumber', message: 'no invoice INV-9999 in Closeout' },
          {
            path: 'row 4.amountPaid',
            message: '$400.01 brings INV-2001 to $1,000.01 paid, more than its total of $1,000.00',
          },
          { path: 'row 5.paidDate', message: '"13/45/2026" is not a date' },
        ],
      })
      const unknown = await outcomeOf(
        recordImport(edb, { kind: 'payments', csv: 'invoice,paid\nINV-2001,1.00\n', skipBadRows: false }),
      )
      expect(await allPayments(edb)).toEqual([])

      const before = await lastEventId(edb)
      const result = await recordImport(edb, { kind: 'payments', csv: TEMPLATE_CSV, skipBadRows: false }, 'U-1', NOW)
      expect(result).toEqual({ created: 5, updated: 0, unchanged: 0, skipped: 0 })
      const events = await eventsAfter(edb, before)
      expect(events.map((e) => [e.job_id, e.type, e.actor, e.at])).toEqual(
        ['J-2001', 'J-2001', 'J-2002', 'J-2003', 'J-2004'].map((id) => [
          id,
          'payment-recorded',
          'U-1',
          NOW.toISOString(),
        ]),
      )
      // The same file again, and the same payments in another format: already recorded, nothing added.
      const again = await recordImport(edb, { kind: 'payments', csv: TEMPLATE_CSV, skipBadRows: false }, 'U-1', NOW)
      expect(again).toEqual({ created: 0, updated: 0, unchanged: 5, skipped: 0 })
      const againXero = await recordImport(edb, { kind: 'payments', csv: XERO_CSV, skipBadRows: false }, 'U-1', NOW)
      expect(againXero.created).toBe(0)
      expect(await lastEventId(edb)).toBe(events[events.length - 1]!.id)
      expect(await verifyLogOn(edb)).toMatchObject({ ok: true })

      const payments = await allPayments(edb)
      const jobs = await edb.db
        .selectFrom('jobs')
        .select(['id', 'status', 'invoice_number', 'total_cents', 'updated_at'])
        .where('id', 'in', JOBS)
        .orderBy('id')
        .execute()
      expect(jobs.map((j) => j.status)).toEqual(['invoiced', 'invoiced', 'invoiced', 'invoiced'])
      const figures = await historyPaymentFigures(edb)
      expect(figures).not.toBeNull()
      transcripts.set(engine, {
        preview,
        badPreview,
        refused,
        unknown,
        result,
        again,
        againXero,
        events,
        payments,
        jobs,
        figures,
      })
    },
  )
})

describe('the payments import on both engines (issue #17)', () => {
  it.runIf(pgRuns)('records the same payments, events, figures and refusals on SQLite and PostgreSQL', () => {
    expect(transcripts.get('sqlite')).toBeDefined()
    expect(transcripts.get('postgres')).toEqual(transcripts.get('sqlite'))
  })

  it.runIf(pgRuns)(
    'records a file two seats import at the same moment once; the later seat finds it recorded',
    async () => {
      const { seats, close } = await openSeats(engines.postgresUrl!, 2)
      closers.push(close)
      const pg = engines.on('postgres')
      const before = await lastEventId(pg)
      const results = await Promise.all(
        seats.map((seat, i) =>
          recordImport(seat, { kind: 'payments', csv: RACED_CSV, skipBadRows: false }, `U-${i + 1}`, NOW),
        ),
      )
      expect(results.map((r) => r.created).sort()).toEqual([0, 2])
      expect(results.map((r) => r.unchanged).sort()).toEqual([0, 2])
      const paid = (await allPayments(pg)).filter((p) => p.jobId === 'J-2004')
      expect(paid.map((p) => [p.paidDate, p.amountCents])).toEqual([
        ['2026-11-25', 10_000],
        ['2027-01-04', 15_000],
        ['2027-01-05', 5_000],
      ])
      const events = await eventsAfter(pg, before)
      expect(events.map((e) => [e.job_id, e.type])).toEqual([
        ['J-2004', 'payment-recorded'],
        ['J-2004', 'payment-recorded'],
      ])
      expect(await verifyLogOn(pg)).toMatchObject({ ok: true })
    },
    60_000,
  )
})
