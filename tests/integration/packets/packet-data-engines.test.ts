import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EngineName } from '../../../src-main/core/db/engine-db'
import { runExport } from '../../../src-main/core/exports/export-batches'
import { loadPacketData, type PacketData } from '../../../src-main/core/packets/packet-data'
import { addScenarioJobs, EXPORT_NOW } from '../../support/export-scenario'
import { addReadyJob, mapAdjustments, repairLines } from '../../support/invoice-builder'
import { refusal } from '../../support/refusal'
import { ENGINES, engineRuns, openEngineOffices, pgRuns, type EngineOffices } from '../../support/engines'

/**
 * Issue #17: an invoice packet's data (everything the PDF prints, which is a pure function of it)
 * read on the async path. The same office on the SQLite file and on PostgreSQL gives the same
 * packet data for every kind of job (exported with photos and a signature, exported without a
 * signature, a draft not yet exported), and the same refusals.
 */
const JOBS = ['J-1042', 'J-1045', 'J-1046', 'J-1048']
let engines: EngineOffices
const seen: Partial<Record<EngineName, Record<string, PacketData>>> = {}

beforeAll(async () => {
  engines = await openEngineOffices(async ({ office }) => {
    mapAdjustments(office)
    await addScenarioJobs(office)
    await addReadyJob(office, {
      jobId: 'J-1045',
      submissionId: '00000000-0000-4000-8000-000000001045',
      lines: repairLines(),
      photos: [
        { fixture: 'before-1.jpg', category: 'before', takenAt: '2026-11-24T12:45:00-06:00' },
        { fixture: 'after-1.jpg', category: 'after' },
        { fixture: 'serial-plate-1.jpg', category: 'serial-plate' },
      ],
      signerName: 'Pat Doe',
    })
    await runExport(office, { format: 'qbo-csv', outDir: join(office.dataDir, 'out'), user: 'U-1' }, EXPORT_NOW)
    // Ready after the export: its packet is a draft.
    await addReadyJob(office, {
      jobId: 'J-1048',
      submissionId: '00000000-0000-4000-8000-000000001048',
      lines: repairLines(),
    })
  })
}, 180_000)
afterAll(async () => engines?.close())

describe.each(ENGINES)('packet data on %s (issue #17)', (engine) => {
  const runs = engineRuns(engine)

  it.runIf(runs)('reads each job’s packet: invoice, company, photos, signature, history, people', async () => {
    const edb = engines.on(engine)
    const packets: Record<string, PacketData> = {}
    for (const id of JOBS) packets[id] = await loadPacketData(edb, id)
    seen[engine] = packets
    const exported = packets['J-1045']!
    expect([exported.status, exported.invoiceNumber, exported.invoiceDate]).toEqual([
      'invoiced',
      'INV-1045',
      '2026-11-25',
    ])
    expect(exported.photos.map((p) => [p.file, p.category, p.takenAt])).toEqual([
      ['photos/before-1.jpg', 'before', '2026-11-24T12:45:00-06:00'],
      ['photos/after-1.jpg', 'after', null],
      ['photos/serial-plate-1.jpg', 'serial-plate', null],
    ])
    expect(exported.signature.signerName).toBe('Pat Doe')
    expect(exported.events.map((e) => e.type).slice(-2)).toEqual(['invoiced', 'status-changed'])
    expect(packets['J-1046']!.signature).toMatchObject({
      photo: null,
      exceptionReason: 'Tenant not home; left note on door',
    })
    expect([packets['J-1048']!.status, packets['J-1048']!.invoiceNumber]).toEqual(['invoice-ready', null])
  })

  it.runIf(runs)('refuses a job it does not know and a job with no closeout yet, in the same words', async () => {
    const edb = engines.on(engine)
    expect(await refusal(loadPacketData(edb, 'J-9999'))).toEqual({
      code: 'not-found',
      message: 'There is no job J-9999',
    })
    const scheduled = await edb.db
      .selectFrom('jobs')
      .select('id')
      .where('current_submission_id', 'is', null)
      .orderBy('id')
      .executeTakeFirstOrThrow()
    expect(await refusal(loadPacketData(edb, scheduled.id))).toEqual({
      code: 'no-closeout',
      message: `${scheduled.id} has no closeout yet: a packet needs the technician's submission`,
    })
  })
})

describe('packet data on both engines (issue #17)', () => {
  it.runIf(pgRuns)('is the same object on the SQLite file and on PostgreSQL, job for job', () => {
    expect(seen.sqlite).toBeDefined()
    expect(seen.postgres).toEqual(seen.sqlite)
  })
})
