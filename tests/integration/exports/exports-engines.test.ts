import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ExportFormat } from '../../../src-shared/api/exports'
import { postgresEngineDb, withTransaction, type EngineDb, type EngineName } from '../../../src-main/core/db/engine-db'
import { openPostgres, type PgDatabase } from '../../../src-main/core/db/pg/pool'
import { getBatch } from '../../../src-main/core/exports/batches.repo'
import { exportBatch, recordBatchVoid } from '../../../src-main/core/exports/export-batches'
import { readExport } from '../../../src-main/core/exports/export-plan'
import { saveNextInvoiceNumberIn } from '../../../src-main/core/exports/invoice-numbers.repo'
import { addScenarioJobs, EXPORT_NOW } from '../../support/export-scenario'
import { addReadyJob, cloneJob, mapAdjustments, repairLines } from '../../support/invoice-builder'
import { ENGINES, engineRuns, openEngineOffices, pgRuns, verifyLogOn, type EngineOffices } from '../../support/engines'

/**
 * Issue #17: exports on the async path. The same office on the SQLite file and on PostgreSQL
 * exports the same invoices as the same bytes (QuickBooks Online, Xero, QuickBooks Desktop IIF,
 * the plain CSV), with the same batch rows, statuses, invoice numbers, events (to the hash) and
 * owed receipts, and a log that verifies; a void puts the jobs back on both. On PostgreSQL,
 * seats exporting the same jobs at the same moment never invoice a job twice nor share a number.
 */
const FORMATS: ExportFormat[] = ['qbo-csv', 'xero-csv', 'qbd-iif', 'csv']
/** Jobs held back (needs-approval) until the seats race for them on PostgreSQL. */
const RACED = Array.from({ length: 12 }, (_, i) => `J-R${String(i).padStart(3, '0')}`)
let engines: EngineOffices
const extraPools: Kysely<PgDatabase>[] = []
const seen: Partial<Record<EngineName, unknown[]>> = {}

beforeAll(async () => {
  engines = await openEngineOffices(async ({ office }) => {
    mapAdjustments(office)
    await addScenarioJobs(office)
    for (const id of RACED) {
      cloneJob(office, 'J-1042', id)
      await addReadyJob(office, { jobId: id, lines: repairLines() })
    }
    const hold = office.sqlite.prepare(`UPDATE jobs SET status = 'needs-approval' WHERE id = ?`)
    for (const id of RACED) hold.run(id)
  })
}, 180_000)
afterAll(async () => {
  for (const pool of extraPools) await pool.destroy()
  await engines?.close()
})

const folder = (engine: EngineName, name: string) => join(engines.demo.root, `out-${engine}`, name)

/** What a user would compare after one export: files, batch, jobs, events, owed receipts, next number. */
async function exported(edb: EngineDb, format: ExportFormat, eventsAfter: number) {
  const outDir = folder(edb.engine, format)
  const done = await exportBatch(edb, folder(edb.engine, 'data'), { format, outDir, user: 'U-1' }, EXPORT_NOW)
  const normal = (text: string) => text.split(outDir).join('<out>')
  const batch = await getBatch(edb, done.batchId)
  const jobs = await edb.db
    .selectFrom('jobs')
    .select(['id', 'status', 'invoice_number', 'updated_at'])
    .where('id', 'in', ['J-1042', 'J-1044', 'J-1046'])
    .orderBy('id')
    .execute()
  const events = await edb.db.selectFrom('job_events').selectAll().where('id', '>', eventsAfter).orderBy('id').execute()
  const owed = await edb.db
    .selectFrom('pending_receipts')
    .select(['submission_id', 'since'])
    .orderBy('submission_id')
    .execute()
  return {
    files: done.files.map((f) => ({ name: f.name, bytes: readFileSync(f.path).toString('base64') })),
    batch: JSON.parse(normal(JSON.stringify(batch))) as unknown,
    batchJobs: await edb.db
      .selectFrom('export_batch_jobs')
      .select(['batch_id', 'job_id', 'invoice_number'])
      .where('batch_id', '=', done.batchId)
      .orderBy('job_id')
      .execute(),
    jobs,
    events: events.map((e) => ({ ...e, id: Number(e.id) })),
    owed,
    next: (await readExport(edb)).company.nextInvoiceNumber,
  }
}

async function lastEventId(edb: EngineDb): Promise<number> {
  const row = await edb.db.selectFrom('job_events').select('id').orderBy('id', 'desc').executeTakeFirst()
  return Number(row?.id ?? 0)
}

describe.each(ENGINES)('exports on %s (issue #17)', (engine) => {
  const runs = engineRuns(engine)

  it.runIf(runs)(
    'exports each format as one batch: numbered, invoiced with its events, receipts owed; a void puts the jobs back',
    async () => {
      const edb = engines.on(engine)
      mkdirSync(folder(engine, 'data'), { recursive: true })
      const results: unknown[] = []
      for (const format of FORMATS) {
        const result = await exported(edb, format, await lastEventId(edb))
        // The same three invoices each time: the first export numbered them, the others keep the numbers.
        expect(result.jobs).toEqual([
          { id: 'J-1042', status: 'invoiced', invoice_number: 'INV-1042', updated_at: EXPORT_NOW.toISOString() },
          { id: 'J-1044', status: 'invoiced', invoice_number: 'INV-1043', updated_at: EXPORT_NOW.toISOString() },
          { id: 'J-1046', status: 'invoiced', invoice_number: 'INV-1044', updated_at: EXPORT_NOW.toISOString() },
        ])
        expect(result.batchJobs.map((j) => [j.job_id, j.invoice_number])).toEqual([
          ['J-1042', 'INV-1042'],
          ['J-1044', 'INV-1043'],
          ['J-1046', 'INV-1044'],
        ])
        expect(result.events.map((e) => [e.job_id, e.type])).toEqual(
          ['J-1042', 'J-1044', 'J-1046'].flatMap((id) => [
            [id, 'invoiced'],
            [id, 'status-changed'],
          ]),
        )
        expect(result.owed.map((o) => o.since)).toEqual([
          EXPORT_NOW.toISOString(),
          EXPORT_NOW.toISOString(),
          EXPORT_NOW.toISOString(),
        ])
        expect(result.next).toBe(1045)
        expect(result.files.length).toBeGreaterThan(0)
        expect(await verifyLogOn(edb)).toMatchObject({ ok: true })
        results.push(result)
        // Void it so the next format exports the same jobs again, under the same numbers.
        const moved = await recordBatchVoid(edb, (result.batch as { id: number }).id, 'next format', 'U-1', EXPORT_NOW)
        expect(moved).toHaveLength(3)
      }
      const states = await edb.db
        .selectFrom('jobs')
        .select('status')
        .where('id', 'in', ['J-1042', 'J-1044', 'J-1046'])
        .execute()
      expect(states.map((s) => s.status)).toEqual(['invoice-ready', 'invoice-ready', 'invoice-ready'])
      await expect(recordBatchVoid(edb, 1, 'again', 'U-1', EXPORT_NOW)).rejects.toMatchObject({
        code: 'already-void',
      })
      await expect(recordBatchVoid(edb, 99, 'none', 'U-1', EXPORT_NOW)).rejects.toMatchObject({ code: 'not-found' })
      expect(await verifyLogOn(edb)).toMatchObject({ ok: true })
      seen[engine] = results
    },
    120_000,
  )
})

describe('the same export on both engines (issue #17)', () => {
  it.runIf(pgRuns)('writes the same bytes, rows, numbers, events (to the hash) and owed receipts', () => {
    expect(seen.sqlite).toBeDefined()
    expect(seen.postgres).toEqual(seen.sqlite)
  })
})

describe('seats exporting at once on PostgreSQL (issue #17)', () => {
  it.runIf(pgRuns)(
    'never invoice a job twice nor share a number: every job in exactly one batch',
    async () => {
      const edb = engines.on('postgres')
      await edb.db.updateTable('jobs').set({ status: 'invoice-ready' }).where('id', 'in', RACED).execute()
      const before = await lastEventId(edb)
      const seats = Array.from({ length: 3 }, () => {
        const pool = openPostgres(engines.postgresUrl!, { max: 1 })
        extraPools.push(pool)
        return postgresEngineDb(pool)
      })
      const outcomes = await Promise.allSettled(
        seats.map((seat, i) =>
          exportBatch(
            seat,
            folder('postgres', `seat-${i}`),
            { format: 'qbo-csv', outDir: folder('postgres', `race-${i}`), user: `U-${i + 1}` },
            EXPORT_NOW,
          ),
        ),
      )
      const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as { code?: string }] : []))
      expect(refused.map((r) => r.code)).toEqual(refused.map(() => 'nothing-to-export'))
      const batchIds = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value.batchId] : []))
      expect(batchIds.length).toBeGreaterThanOrEqual(1)
      // Every job (the three voided ones and the twelve raced) in exactly one of the seats' batches.
      const inBatches = await edb.db
        .selectFrom('export_batch_jobs')
        .select(['job_id', 'invoice_number'])
        .where('batch_id', 'in', batchIds)
        .execute()
      expect(inBatches.map((r) => r.job_id).sort()).toEqual(['J-1042', 'J-1044', 'J-1046', ...RACED].sort())
      const jobs = await edb.db
        .selectFrom('jobs')
        .select(['id', 'status', 'invoice_number'])
        .where('invoice_number', 'is not', null)
        .execute()
      const numbers = jobs.map((j) => j.invoice_number)
      expect(new Set(numbers).size).toBe(numbers.length)
      expect(jobs.filter((j) => RACED.includes(j.id)).map((j) => j.status)).toEqual(RACED.map(() => 'invoiced'))
      // Each job invoiced once: one `invoiced` event per job since the race began.
      const invoiced = await edb.db
        .selectFrom('job_events')
        .select('job_id')
        .where('id', '>', before)
        .where('type', '=', 'invoiced')
        .execute()
      expect(invoiced.map((e) => e.job_id).sort()).toEqual(['J-1042', 'J-1044', 'J-1046', ...RACED].sort())
      expect(await verifyLogOn(edb)).toMatchObject({ ok: true })
    },
    120_000,
  )

  it.runIf(pgRuns)('Settings raising the next number raises the sequence, and never lowers it', async () => {
    const edb = engines.on('postgres')
    const next = async () => (await readExport(edb)).company.nextInvoiceNumber
    const drawnPast = await next()
    await withTransaction(edb, (trx) => saveNextInvoiceNumberIn(trx, 'postgres', drawnPast + 100))
    expect(await next()).toBe(drawnPast + 100)
    await withTransaction(edb, (trx) => saveNextInvoiceNumberIn(trx, 'postgres', 1001))
    expect(await next()).toBe(drawnPast + 100)
  })
})

describe('Settings saving the next invoice number on SQLite (issue #17)', () => {
  it('keeps it on the company row, where the next export starts', async () => {
    const edb = engines.on('sqlite')
    await withTransaction(edb, (trx) => saveNextInvoiceNumberIn(trx, 'sqlite', 2000))
    expect((await readExport(edb)).company.nextInvoiceNumber).toBe(2000)
  })
})
