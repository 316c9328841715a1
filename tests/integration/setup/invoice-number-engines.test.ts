import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { withTransaction, type EngineDb, type EngineName } from '../../../src-main/core/db/engine-db'
import { exportBatch } from '../../../src-main/core/exports/export-batches'
import { raiseInvoiceNumbersIn } from '../../../src-main/core/exports/invoice-numbers.repo'
import { exportSetup } from '../../../src-main/core/setup/setup-export'
import { recordSetupImport } from '../../../src-main/core/setup/setup-import'
import { refuseInvoiceNumberBelowFloor } from '../../../src-main/core/setup/setup-money'
import { addScenarioJobs, EXPORT_NOW } from '../../support/export-scenario'
import { mapAdjustments } from '../../support/invoice-builder'
import { refusalWithPaths } from '../../support/refusal'
import { ENGINES, engineRuns, openEngineOffices, pgRuns, verifyLogOn, type EngineOffices } from '../../support/engines'

/**
 * Issue #17: the next invoice number Settings > Company saves (and a setup file's
 * company.nextInvoiceNumber) is the one the next export draws, on both engines: on PostgreSQL it
 * raises the shared sequence exports draw from, and Settings reads the sequence back. A number
 * that is already used is refused with the field's path alike; an old file's lower number is
 * not taken, and says so.
 */
let engines: EngineOffices
const seen: Partial<Record<EngineName, unknown[]>> = {}

beforeAll(async () => {
  engines = await openEngineOffices(async ({ office }) => {
    mapAdjustments(office)
    await addScenarioJobs(office)
    // J-1046 waits for approval until the second export.
    office.sqlite.prepare(`UPDATE jobs SET status = 'needs-approval' WHERE id = 'J-1046'`).run()
  })
}, 180_000)
afterAll(async () => {
  await engines?.close()
})

/** What Settings > Company saves: the company as the screen shows it, with a new next number. */
async function saveNextNumber(edb: EngineDb, next: number) {
  const current = await exportSetup(edb, { withJobs: false })
  await refuseInvoiceNumberBelowFloor(edb, current.company.invoicePrefix ?? 'INV-', next)
  return recordSetupImport(
    edb,
    {
      schema: 'closeout-setup/v1',
      company: { ...current.company, nextInvoiceNumber: next },
      approvalPolicy: current.approvalPolicy,
    },
    'settings',
  )
}

/** The number Settings > Company shows (the setup document it is read from). */
const shown = async (edb: EngineDb) => (await exportSetup(edb, { withJobs: false })).company.nextInvoiceNumber

async function exportReady(edb: EngineDb, name: string) {
  const outDir = join(engines.demo.root, `out-${edb.engine}`, name)
  mkdirSync(join(engines.demo.root, `data-${edb.engine}`), { recursive: true })
  await exportBatch(
    edb,
    join(engines.demo.root, `data-${edb.engine}`),
    { format: 'qbo-csv', outDir, user: 'U-1' },
    EXPORT_NOW,
  )
  const jobs = await edb.db
    .selectFrom('jobs')
    .select(['id', 'invoice_number'])
    .where('invoice_number', 'is not', null)
    .orderBy('id')
    .execute()
  return jobs.map((j) => `${j.id} ${j.invoice_number}`)
}

describe.each(ENGINES)('the next invoice number on %s (issue #17)', (engine) => {
  it.runIf(engineRuns(engine))(
    'Settings sets 5000: two exported jobs get 5000 and 5001, Settings then shows 5002; a used number is refused',
    async () => {
      const edb = engines.on(engine)
      const results: unknown[] = []
      await saveNextNumber(edb, 5000)
      expect(await shown(edb)).toBe(5000)
      expect(await exportReady(edb, 'first')).toEqual(['J-1042 INV-5000', 'J-1044 INV-5001'])
      expect(await shown(edb)).toBe(5002)

      const refused = await refusalWithPaths(saveNextNumber(edb, 4000))
      expect(refused).toEqual({
        code: 'invalid-input',
        message: 'Invoice INV-5001 already exists: the next number must be at least 5002',
        details: [{ path: 'company.nextInvoiceNumber', message: 'must be at least 5002' }],
      })
      results.push(refused)

      // An old setup file's lower number is not taken, and the import says why.
      const old = await exportSetup(edb, { withJobs: false })
      const summary = await recordSetupImport(
        edb,
        { ...old, company: { ...old.company, nextInvoiceNumber: 1042 } },
        'setup-import',
      )
      expect(summary.notes).toEqual([
        'company.nextInvoiceNumber: the file says 1042, but INV-5001 is already used; the next invoice number stays 5002',
      ])
      expect(summary.company).toEqual({ created: 0, updated: 0, unchanged: 1 })
      expect(await shown(edb)).toBe(5002)

      // Raised again: the next export starts there.
      await saveNextNumber(edb, 6000)
      await edb.db.updateTable('jobs').set({ status: 'invoice-ready' }).where('id', '=', 'J-1046').execute()
      expect(await exportReady(edb, 'second')).toEqual(['J-1042 INV-5000', 'J-1044 INV-5001', 'J-1046 INV-6000'])
      expect(await shown(edb)).toBe(6001)
      // A rebuild that brought back higher numbers moves past them; a lower one never moves it back.
      await withTransaction(edb, (trx) => raiseInvoiceNumbersIn(trx, edb.engine, 6100))
      await withTransaction(edb, (trx) => raiseInvoiceNumbersIn(trx, edb.engine, 1500))
      expect(await shown(edb)).toBe(6100)
      expect((await verifyLogOn(edb)).ok).toBe(true)
      results.push(summary, await exportSetup(edb, { withJobs: false }))
      seen[engine] = results
    },
    120_000,
  )
})

describe('both engines (issue #17)', () => {
  it.runIf(pgRuns)('refuse, note and show the same', () => {
    expect(seen.postgres).toEqual(seen.sqlite)
  })

  it.runIf(pgRuns)(
    'on PostgreSQL a number above every used one but below the shared sequence is refused: the sequence never goes back',
    async () => {
      const pg = engines.on('postgres')
      await saveNextNumber(pg, 7000)
      expect(await refusalWithPaths(saveNextNumber(pg, 6500))).toEqual({
        code: 'invalid-input',
        message:
          'Invoice numbers below INV-7000 are already given out or skipped: the next number must be at least 7000',
        details: [{ path: 'company.nextInvoiceNumber', message: 'must be at least 7000' }],
      })
      expect(await shown(pg)).toBe(7000)
      // The SQLite office, whose numbers are only the company row's, may still go back to an unused one.
      const sqlite = engines.on('sqlite')
      await saveNextNumber(sqlite, 7000)
      await saveNextNumber(sqlite, 6500)
      expect(await shown(sqlite)).toBe(6500)
    },
    60_000,
  )
})
