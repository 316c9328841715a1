import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { copyOfficeToPostgres } from '../../../src-main/core/db/pg/copy-office'
import { parseDatabaseOption } from '../../../src-main/core/db/pg/engine'
import { openPostgres, type PgDatabase } from '../../../src-main/core/db/pg/pool'
import { verifyPostgresEventLog } from '../../../src-main/core/db/pg/verify-log'
import { blobPath } from '../../../src-main/core/store/attachment-store'
import type { Kysely } from 'kysely'
import { pgRuns } from '../../support/engines'
import { startPostgres, type PgCluster } from '../../support/postgres'
import { DEMO_BILLING } from '../../support/signed-in'
import { buildBundle, deliverBundle } from '../inbox/bundle-builder'
import { openDemoOffice } from '../office/office-fixture'
import { CloseoutProcess, runCloseout } from './closeout-process'

/**
 * Issue #17's acceptance test for several seats: three `closeout serve` processes (three PCs)
 * on one PostgreSQL database and one shared folder, 300 closeouts dropped into the inbox while
 * seats are SIGKILLed at random (at least 10 kills, each seat started again at once, as a PC
 * that lost power comes back). Every bundle is ingested exactly once, none is rejected, every
 * photo is in the attachment store the seats share; then two seats export at the same moment
 * and never share an invoice number nor invoice a job twice; the event log verifies.
 */
const BUNDLES = 300
const MIN_KILLS = 10
const SEATS = 3
const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3])
const JOBS = Array.from({ length: BUNDLES }, (_, i) => `J-${7000 + i}`)

let cluster: PgCluster
let root: string
let url: string
let pg: Kysely<PgDatabase>
const seats: (CloseoutProcess | null)[] = []

const paths = () => ({
  shared: join(root, 'shared'),
  attachments: join(root, 'attachments'),
  seat: (n: number) => join(root, `seat-${n}`),
})

function globalArgs(n: number): string[] {
  const p = paths()
  return ['--data', p.seat(n), '--shared', p.shared, '--attachments', p.attachments, '--database', url]
}

async function startSeat(n: number): Promise<CloseoutProcess> {
  const seat = CloseoutProcess.start([...globalArgs(n), 'serve', '--port', '0', '--office-port', '0', '--rescan', '2'])
  await seat.waitFor(/Press Ctrl\+C to stop/, 90_000)
  return seat
}

const count = async (table: 'submissions' | 'attachments'): Promise<number> =>
  Number(
    (
      await pg
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

beforeAll(async () => {
  if (!pgRuns) return
  root = mkdtempSync(join(tmpdir(), 'closeout-seats-'))
  mkdirSync(join(paths().shared, 'inbox'), { recursive: true })
  cluster = await startPostgres()
  // The demo company, with 300 maintenance visits scheduled (after photo, no signature needed),
  // moved to PostgreSQL as `closeout db migrate` does.
  const demo = await openDemoOffice()
  try {
    const now = '2026-12-01T09:00:00.000Z'
    await demo.office.db
      .insertInto('jobs')
      .values(
        JOBS.map((id) => ({
          id,
          customer_id: 'C-100',
          site_address: `${id.slice(2)} Test Ave, Chicago, IL`,
          description: 'Seasonal maintenance',
          job_type_id: 'maintenance',
          technician_id: 'T-07',
          status: 'scheduled',
          origin: 'dispatch',
          created_at: now,
          updated_at: now,
        })),
      )
      .execute()
    demo.office.sqlite.pragma('wal_checkpoint(TRUNCATE)')
    url = cluster.url(await cluster.createDatabase('seats'))
    const target = parseDatabaseOption(url)
    if (target.engine !== 'postgres') throw new Error('not a PostgreSQL string')
    const report = await copyOfficeToPostgres(demo.office.dataDir, target)
    if (!report.ok) throw new Error(`copy failed: ${JSON.stringify(report)}`)
  } finally {
    await demo.close()
  }
  pg = openPostgres(url, { max: 2 })
}, 240_000)

afterAll(async () => {
  for (const seat of seats) await seat?.kill()
  await pg?.destroy()
  cluster?.stop()
  if (root && !process.env.CLOSEOUT_KEEP_TEMP) rmSync(root, { recursive: true, force: true })
})

describe.runIf(pgRuns)('three seats on one PostgreSQL database (issue #17)', () => {
  it(
    `ingest ${BUNDLES} closeouts exactly once while seats are killed at random at least ${MIN_KILLS} times, then export at the same moment without sharing a number`,
    async () => {
      const p = paths()
      for (let n = 0; n < SEATS; n++) seats.push(await startSeat(n))

      // The phones deliver in waves while the seats work and die.
      const bundles = JOBS.map((jobId) =>
        buildBundle({
          jobId,
          photos: 2,
          photoSize: 2048,
          doc: {
            parts: [],
            adjustments: [],
            discount: null,
            exceptions: [],
            signature: { file: 'signature.png', signerName: 'Front desk' },
          },
          extraFiles: { 'signature.png': SIGNATURE },
        }),
      )
      let delivered = 0
      const deliverSome = (k: number) => {
        for (const b of bundles.slice(delivered, delivered + k)) deliverBundle(join(p.shared, 'inbox'), b)
        delivered = Math.min(BUNDLES, delivered + k)
      }
      deliverSome(60)

      let kills = 0
      const until = Date.now() + 8 * 60_000
      while (Date.now() < until) {
        if (delivered < BUNDLES) deliverSome(40)
        const done = (await count('submissions')) === BUNDLES
        if (done && kills >= MIN_KILLS) break
        await new Promise((r) => setTimeout(r, 300 + Math.random() * 900))
        if (kills < MIN_KILLS || !done) {
          const n = Math.floor(Math.random() * SEATS)
          await seats[n]!.kill()
          kills++
          seats[n] = await startSeat(n)
        }
      }
      // Let the seats finish archiving what they hold, then stop them cleanly.
      const settle = Date.now() + 60_000
      while (Date.now() < settle && readdirSync(join(p.shared, 'inbox')).some((f) => !f.startsWith('.'))) {
        await new Promise((r) => setTimeout(r, 500))
      }
      for (const seat of seats) expect(await seat!.stop()).toBe(0)
      expect(kills).toBeGreaterThanOrEqual(MIN_KILLS)

      // Exactly once: every bundle is one submission, none twice, none missing, none rejected.
      const submissions = await pg.selectFrom('submissions').select(['id', 'job_id']).execute()
      expect(submissions.map((s) => s.id).sort()).toEqual(bundles.map((b) => b.id).sort())
      expect(new Set(submissions.map((s) => s.job_id)).size).toBe(BUNDLES)
      const received = await pg
        .selectFrom('job_events')
        .select('job_id')
        .where('type', '=', 'submission-received')
        .execute()
      expect(received.map((e) => e.job_id).sort()).toEqual([...JOBS].sort())
      expect(existsSync(join(p.shared, 'rejected')) ? readdirSync(join(p.shared, 'rejected')) : []).toEqual([])
      expect(readdirSync(join(p.shared, 'inbox')).filter((f) => !f.startsWith('.'))).toEqual([])
      // Every photo is in the store the seats share, whole.
      const attachments = await pg.selectFrom('attachments').select(['sha256', 'size']).execute()
      expect(attachments).toHaveLength(BUNDLES * 3)
      for (const a of attachments) expect(statSync(blobPath(p.attachments, a.sha256)).size).toBe(Number(a.size))
      // Each closeout passed its job type's rules: every job is ready to invoice.
      const statuses = await pg
        .selectFrom('jobs')
        .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
        .where('id', 'in', JOBS)
        .groupBy('status')
        .execute()
      expect(Object.fromEntries(statuses.map((r) => [r.status, Number(r.n)]))).toEqual({ 'invoice-ready': BUNDLES })

      // Two seats export at the same moment: each job once, no number shared.
      const exports = await Promise.all(
        [0, 1].map((n) =>
          runCloseout([
            ...globalArgs(n),
            'export',
            '--format',
            'qbo-csv',
            '--out',
            join(root, `export-${n}`, 'invoices.csv'),
            '--as',
            DEMO_BILLING.userId,
            '--pin',
            DEMO_BILLING.pin,
            '--json',
          ]),
        ),
      )
      const invoiced: { jobId: string; invoiceNumber: string }[] = []
      for (const r of exports) {
        if (r.code === 0) invoiced.push(...(JSON.parse(r.output) as { batch: { jobs: typeof invoiced } }).batch.jobs)
        else expect(r.output).toMatch(/No job is invoice-ready: nothing to export/)
      }
      expect(invoiced).toHaveLength(BUNDLES)
      expect(new Set(invoiced.map((j) => j.jobId)).size).toBe(BUNDLES)
      expect(new Set(invoiced.map((j) => j.invoiceNumber)).size).toBe(BUNDLES)
      expect(await pg.selectFrom('jobs').select('id').where('status', '=', 'invoice-ready').execute()).toEqual([])

      const log = await verifyPostgresEventLog(pg)
      expect(log).toMatchObject({ ok: true })
    },
    15 * 60_000,
  )
})
