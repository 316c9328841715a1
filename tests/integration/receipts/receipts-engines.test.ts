import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { withTransaction, type EngineName } from '../../../src-main/core/db/engine-db'
import {
  oweReceiptsIn,
  payOwedReceipts,
  payReceiptsTogether,
  type ReceiptPlace,
} from '../../../src-main/core/receipts/receipt-outbox'
import { buildReceiptsOn, sameReceiptAnswer } from '../../../src-main/core/receipts/receipts'
import { ReceiptSchema } from '../../../src-shared/schemas/bundle'
import { addScenarioJobs } from '../../support/export-scenario'
import { addReadyJob, cloneJob, repairLines } from '../../support/invoice-builder'
import { ENGINES, engineRuns, openEngineOffices, pgRuns, type EngineOffices } from '../../support/engines'
import { openSeats } from '../../support/seats'

/**
 * Issue #17, receipts owed and paid on the async path: a status change owes the receipt in its
 * transaction; paying builds it from the database, writes the file (temp + rename) outside any
 * transaction and clears the debt after. The same office on the SQLite file and on PostgreSQL
 * writes the very same files, byte for byte, into its shared folder, one at a time
 * (payOwedReceipts, the office's start) and in slices (payReceiptsTogether, an export's batch).
 * On PostgreSQL, seats paying the same owed receipts at the same moment leave every file whole and
 * right and every debt cleared.
 */
const NOW = new Date('2026-11-26T15:00:00.000Z')
const SINCE = '2026-11-26T14:59:00.000Z'
const UNKNOWN = '00000000-0000-4000-8000-00000000dead'
const SCENARIO = ['1042', '1044', '1046'].map((n) => `00000000-0000-4000-8000-00000000${n}`)
const CLONES = Array.from({ length: 20 }, (_, i) => `J-R${String(i).padStart(3, '0')}`)
let engines: EngineOffices
let clones: string[] = []
const transcripts = new Map<EngineName, unknown>()
const closers: (() => Promise<void>)[] = []

beforeAll(async () => {
  engines = await openEngineOffices(async ({ office }) => {
    await addScenarioJobs(office)
    clones = []
    for (const id of CLONES) {
      cloneJob(office, 'J-1042', id)
      clones.push(await addReadyJob(office, { jobId: id, lines: repairLines() }))
    }
    // One invoiced, one sent back with a comment, as receipts tell them.
    office.sqlite.prepare(`UPDATE jobs SET status = 'invoiced', invoice_number = 'INV-1042' WHERE id = 'J-1042'`).run()
    office.sqlite.prepare(`UPDATE jobs SET status = 'sent-back' WHERE id = 'J-1044'`).run()
    office.sqlite
      .prepare(
        `INSERT INTO approvals (job_id, submission_id, user_id, level, decision, comment, at) VALUES ('J-1044', ?, 'U-2', 1, 'sent-back', 'Which unit was it?', ?)`,
      )
      .run(SCENARIO[1], SINCE)
  })
}, 180_000)
afterEach(() => {
  vi.useRealTimers()
})
afterAll(async () => {
  for (const close of closers) await close()
  await engines?.close()
})

/** The engine's office with its own shared folder (PostgreSQL's seats share theirs). */
function placeOn(engine: EngineName): ReceiptPlace {
  const edb = engines.on(engine)
  return edb.engine === 'sqlite' ? engines.demo.office : { ...edb, sharedDir: join(engines.demo.root, 'shared-pg') }
}

function receiptFiles(place: ReceiptPlace): Record<string, string> {
  const dir = join(place.sharedDir, 'receipts')
  return Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]))
}

async function owe(place: ReceiptPlace, ids: readonly string[], since: string): Promise<void> {
  await withTransaction(place, (trx) => oweReceiptsIn(trx, ids, since))
}

async function owedNow(place: ReceiptPlace): Promise<string[]> {
  const rows = await place.db.selectFrom('pending_receipts').select('submission_id').orderBy('submission_id').execute()
  return rows.map((r) => r.submission_id)
}

describe.each(ENGINES)('receipts on %s (issue #17)', (engine) => {
  const runs = engineRuns(engine)

  it.runIf(runs)('pays what is owed one by one and in slices, the same files, and clears the debts', async () => {
    const place = placeOn(engine)
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(NOW)
    await owe(place, [...SCENARIO, UNKNOWN], SINCE)
    expect(await owedNow(place)).toEqual([...SCENARIO, UNKNOWN].sort())
    const one = await payOwedReceipts(place)
    // An id with no submission has no receipt to write: its debt is settled like the others.
    expect(one).toEqual({ written: 4, failed: 0 })
    expect(await owedNow(place)).toEqual([])
    const afterOne = receiptFiles(place)
    expect(Object.keys(afterOne).sort()).toEqual(SCENARIO.map((id) => `${id}.json`))
    const receipt = (id: string) => ReceiptSchema.parse(JSON.parse(afterOne[`${id}.json`]!))
    expect(receipt(SCENARIO[0]!)).toMatchObject({ status: 'invoiced', invoiceNumber: 'INV-1042', comment: null })
    expect(receipt(SCENARIO[1]!)).toMatchObject({ status: 'sent-back', comment: 'Which unit was it?' })
    expect(receipt(SCENARIO[2]!)).toMatchObject({
      jobId: 'J-1046',
      status: 'invoice-ready',
      updatedAt: NOW.toISOString(),
    })

    await owe(place, clones, SINCE)
    const together = await payReceiptsTogether(place, [...clones].reverse(), 7)
    expect(together).toEqual({ written: clones.length, failed: 0 })
    expect(await owedNow(place)).toEqual([])
    transcripts.set(engine, { one, together, files: receiptFiles(place) })
  })
})

describe('receipts on both engines (issue #17)', () => {
  it.runIf(pgRuns)('writes the same receipt files, byte for byte, from SQLite and from PostgreSQL', () => {
    expect(transcripts.get('sqlite')).toBeDefined()
    expect(transcripts.get('postgres')).toEqual(transcripts.get('sqlite'))
  })

  it.runIf(pgRuns)(
    'three seats paying the same owed receipts at once leave each file whole and right, and every debt cleared',
    async () => {
      const { seats, close } = await openSeats(engines.postgresUrl!, 3)
      closers.push(close)
      const sharedDir = placeOn('postgres').sharedDir
      const [a, b, c] = seats.map((seat): ReceiptPlace => ({ ...seat, sharedDir }))
      const all = [...SCENARIO, ...clones]
      await owe(a!, all, '2026-11-27T09:00:00.000Z')
      const results = await Promise.all([payOwedReceipts(a!), payOwedReceipts(b!), payReceiptsTogether(c!, all, 5)])
      expect(results.map((r) => r.failed)).toEqual([0, 0, 0])
      expect(await owedNow(a!)).toEqual([])
      const files = receiptFiles(a!)
      // No temp file left behind, no second copy: one receipt per submission.
      expect(Object.keys(files).sort()).toEqual(all.map((id) => `${id}.json`).sort())
      const expected = await buildReceiptsOn(a!.db, all)
      for (const id of all) {
        const written = ReceiptSchema.parse(JSON.parse(files[`${id}.json`]!))
        expect(sameReceiptAnswer(written, expected.get(id)!)).toBe(true)
      }
    },
    60_000,
  )
})
