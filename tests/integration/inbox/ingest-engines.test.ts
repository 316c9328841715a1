import type { Kysely } from 'kysely'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { postgresEngineDb, type EngineName } from '../../../src-main/core/db/engine-db'
import { openPostgres, type PgDatabase } from '../../../src-main/core/db/pg/pool'
import { recogniseBundle } from '../../../src-main/core/inbox/bundle-recognition'
import { ENGINES, engineRuns, openEngineOffices, pgRuns, verifyLogOn, type EngineOffices } from '../../support/engines'
import { buildBundle } from './bundle-builder'
import { fingerprintOf, ingest, snapshot, unscheduledWork } from './engine-ingest'

/**
 * Issue #17: the ingest on the async path. The same bundles committed into the same office on
 * the SQLite file and on PostgreSQL (the inbox's own prepare and group commit, one
 * withTransaction) give the same jobs and statuses, submissions, lines in cents, findings,
 * attachments, inbox rows and events to their hashes, and a log that verifies; a bundle stored
 * already is recognised as such on both, and committed a second time (a second seat that read it
 * before the first committed) is refused without a row written twice. On PostgreSQL two seats
 * committing the same bundles at the same moment store each once.
 */
const NOW = '2026-12-06T15:00:00.000Z'
/** J-1042's closeout (its technician, the builder's lines: an unpriced part, a discount). */
const dispatched = buildBundle({ id: 'a0a0a0a0-0000-4000-8000-000000000001', jobId: 'J-1042' })
const field = unscheduledWork('b0b0b0b0-0000-4000-8000-000000000002')
/** J-1042's correction of its first closeout. */
const correction = buildBundle({
  id: 'c0c0c0c0-0000-4000-8000-000000000003',
  jobId: 'J-1042',
  doc: { supersedes: dispatched.id, parts: [{ sku: 'CAP-45-5', description: 'capacitor', quantity: 1 }] },
})
/** Closeouts two PostgreSQL seats race to commit. */
const raced = ['J-1044', 'J-1045', 'J-1046'].map((jobId, i) =>
  buildBundle({
    id: `d0d0d0d0-0000-4000-8000-00000000001${i}`,
    jobId,
    doc: { technician: { id: jobId === 'J-1045' ? 'T-07' : jobId === 'J-1044' ? 'T-09' : 'T-08' } },
  }),
)

let engines: EngineOffices
let seeded = 0
const extraPools: Kysely<PgDatabase>[] = []

beforeAll(async () => {
  engines = await openEngineOffices(({ office }) => {
    seeded = (office.sqlite.prepare(`SELECT MAX(id) AS n FROM job_events`).get() as { n: number }).n
  })
}, 180_000)
// The rules date their verdict by the clock: the same clock on both engines, so the same hashes.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(new Date(NOW))
})
afterEach(() => {
  vi.useRealTimers()
})
afterAll(async () => {
  for (const pool of extraPools) await pool.destroy()
  await engines?.close()
})

const seen: Partial<Record<EngineName, Awaited<ReturnType<typeof snapshot>>>> = {}

describe.each(ENGINES)('the ingest on %s (issue #17)', (engine) => {
  const runs = engineRuns(engine)
  const edb = () => engines.on(engine)

  it.runIf(runs)(
    'commits a group (a dispatched job, unscheduled work) and then a correction: jobs, closeouts, lines, events',
    async () => {
      const first = await ingest(engines, edb(), engine, [dispatched, field], NOW)
      expect(first.map((r) => r.kind)).toEqual(['ingested', 'ingested'])
      const second = await ingest(engines, edb(), engine, [correction], NOW)
      expect(second.map((r) => r.kind)).toEqual(['ingested'])
      const ids = [dispatched.id, field.id, correction.id]
      const now = await snapshot(edb(), seeded, ids)
      seen[engine] = now

      const fieldJob = now.jobs.find((j) => j.origin === 'field')
      expect(fieldJob).toMatchObject({
        id: 'F-b0b0b0b0',
        customer_id: 'C-102',
        site_address: '12 Calle Mayor',
        job_type_id: 'repair',
        technician_id: 'T-08',
        current_submission_id: field.id,
      })
      const j1042 = now.jobs.find((j) => j.id === 'J-1042')
      expect(j1042).toMatchObject({ current_submission_id: correction.id, updated_at: NOW })
      expect(now.submissions.find((s) => s.id === correction.id)).toMatchObject({
        supersedes: dispatched.id,
        archived_path: `archive/2026-12/${correction.id}`,
        fingerprint: fingerprintOf(correction),
      })
      const signed = now.submissions.find((s) => s.id === field.id)!
      const signature = now.attachments.find((a) => a.category === 'signature')
      expect(signature).toMatchObject({ submission_id: field.id, file: 'signature.png', mime: 'image/png' })
      expect(signed.signature_attachment_id).toBe(signature?.id)
      // The field job's two capacitors: 2 x 22.00 from the price book, taxable as it says.
      expect(
        now.lines
          .filter((l) => l.submission_id === field.id && l.kind === 'part')
          .map((l) => [l.sku, l.quantity_milli, l.amount_cents, l.taxable]),
      ).toEqual([['CAP-10', 2000, 4400, 1]])
      expect(now.bundles.map((b) => [b.folder, b.state, JSON.parse(b.detail_json)])).toEqual(
        ids.map((id) => [id, 'ingested', { movedTo: `archive/2026-12/${id}` }]),
      )
      expect(now.events.map((e) => [e.job_id, e.type, e.actor]).slice(0, 3)).toEqual([
        ['J-1042', 'submission-received', 'tech:T-07'],
        ['J-1042', 'status-changed', 'inbox'],
        ['J-1042', 'status-changed', 'rules'],
      ])
      expect(now.events.filter((e) => e.type === 'job-created')).toMatchObject([
        { job_id: 'F-b0b0b0b0', actor: 'tech:T-08', data_json: JSON.stringify({ via: 'closeout' }) },
      ])
      expect(await verifyLogOn(edb())).toEqual({ ok: true, rows: now.events.at(-1)?.id })
    },
  )

  it.runIf(runs)(
    'recognises a bundle it holds: a duplicate, a copy under another name, other content refused',
    async () => {
      const fingerprint = fingerprintOf(dispatched)
      expect(await recogniseBundle(edb().db, dispatched.id, dispatched.id, fingerprint)).toEqual({
        kind: 'stored',
        existing: { fingerprint, archivedPath: `archive/2026-12/${dispatched.id}`, jobId: 'J-1042' },
      })
      expect(await recogniseBundle(edb().db, `${dispatched.id} (1)`, dispatched.id, fingerprint)).toEqual({
        kind: 'copy',
      })
      expect(await recogniseBundle(edb().db, dispatched.id, dispatched.id, 'f'.repeat(64))).toMatchObject({
        kind: 'refused',
        refusal: { reason: 'conflicting-resubmission' },
      })
      expect(await recogniseBundle(edb().db, raced[0]!.id, raced[0]!.id, fingerprintOf(raced[0]!))).toEqual({
        kind: 'new',
      })
    },
  )

  it.runIf(runs)('refuses the same bundle committed a second time, and writes nothing twice', async () => {
    const before = await snapshot(edb(), seeded, [dispatched.id, field.id, correction.id])
    const again = await ingest(engines, edb(), `${engine}-again`, [dispatched], NOW)
    expect(again).toMatchObject([{ kind: 'failed' }])
    expect(await snapshot(edb(), seeded, [dispatched.id, field.id, correction.id])).toEqual(before)
    expect((await verifyLogOn(edb())).ok).toBe(true)
  })
})

describe('both engines (issue #17)', () => {
  it.runIf(pgRuns)('gave the same rows, lines in cents, findings and events to their hashes', () => {
    expect(seen.sqlite).toBeDefined()
    expect(seen.postgres).toEqual(seen.sqlite)
  })

  it.runIf(pgRuns)('two PostgreSQL seats committing the same bundles at once store each exactly once', async () => {
    const url = engines.postgresUrl!
    const second = openPostgres(url, { max: 2 })
    extraPools.push(second)
    const seats = [engines.on('postgres'), postgresEngineDb(second)]
    const results = await Promise.all(seats.map((seat, i) => ingest(engines, seat, `pg-seat-${i}`, raced, NOW)))
    for (const [k] of raced.entries()) expect(results.map((r) => r[k]!.kind).sort()).toEqual(['failed', 'ingested'])
    const pg = engines.on('postgres')
    const ids = raced.map((b) => b.id)
    const stored = await pg.db.selectFrom('submissions').select('id').where('id', 'in', ids).execute()
    expect(stored).toHaveLength(3)
    const received = await pg.db
      .selectFrom('job_events')
      .select('job_id')
      .where('type', '=', 'submission-received')
      .where('job_id', 'in', ['J-1044', 'J-1045', 'J-1046'])
      .execute()
    expect(received).toHaveLength(3)
    expect((await verifyLogOn(pg)).ok).toBe(true)
  })
})
