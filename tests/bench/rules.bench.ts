import { randomUUID } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { evaluateRules, type RulesInput } from '../../src-shared/domain/rules'
import { CloseoutSchema } from '../../src-shared/schemas/closeout'
import { sql } from 'kysely'
import { listApprovals } from '../../src-main/core/approvals/approvals.repo'
import { postgresEngineDb, withTransaction, type EngineDb } from '../../src-main/core/db/engine-db'
import { copyOfficeToPostgres } from '../../src-main/core/db/pg/copy-office'
import { parseDatabaseOption } from '../../src-main/core/db/pg/engine'
import { openPostgres } from '../../src-main/core/db/pg/pool'
import { evaluateSubmissionIn } from '../../src-main/core/lifecycle/evaluate'
import { openOffice } from '../../src-main/core/office'
import { importSetup } from '../../src-main/core/setup/setup-import'
import { findPgBin, startPostgres, type PgCluster } from '../support/postgres'

/**
 * (a) the pure rules engine on a 30-line closeout; (b) evaluation inside SQLite as the ingest
 * runs it (load, price, check, write, status change); (c) the approval inbox with 500 jobs waiting,
 * on the SQLite file and (when initdb/pg_ctl are here) the same office copied to a throwaway
 * PostgreSQL, side by side (issue #17).
 */
function closeoutDoc(jobId: string): Record<string, unknown> {
  return {
    schema: 'closeout/v1',
    submissionId: randomUUID(),
    job: { id: jobId },
    technician: { id: 'T-08' },
    completedAt: '2026-11-25T14:03:00-06:00',
    workPerformed: { tasks: [], notes: '' },
    labor: Array.from({ length: 10 }, (_, i) => ({
      role: i % 2 ? 'journeyman' : 'apprentice',
      hours: '0.75',
      overtime: i === 0,
    })),
    parts: Array.from({ length: 18 }, (_, i) => ({
      sku: i % 3 ? 'CAP-45-5' : 'CAP-10',
      description: 'part',
      quantity: (i % 4) + 1,
    })),
    adjustments: [
      { kind: 'trip-charge', description: 'Trip', amount: '49.00' },
      { kind: 'credit', description: 'Credit', amount: '-10.00' },
    ],
    discount: { percent: '12.5', reason: 'bench' },
    attachments: [
      { file: 'b.jpg', category: 'before' },
      { file: 'a.jpg', category: 'after' },
    ],
    signature: null,
    exceptions: [{ kind: 'no-signature', reason: 'Tenant away' }],
  }
}

interface ApprovalsTiming {
  waiting: number
  first: number
  median: number
  min: number
  max: number
}

const ROUNDS = 11

/** approvals.list ROUNDS times on one engine: the first (documents parsed), the median, the spread. */
async function timeApprovals(edb: EngineDb): Promise<ApprovalsTiming> {
  const times: number[] = []
  let waiting = 0
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now()
    waiting = (await listApprovals(edb)).length
    times.push(performance.now() - t)
  }
  const first = times[0]!
  times.sort((a, b) => a - b)
  return { waiting, first, median: times[Math.floor(ROUNDS / 2)]!, min: times[0]!, max: times[ROUNDS - 1]! }
}

const fmt = (t: ApprovalsTiming) =>
  `median ${t.median.toFixed(0)} ms (first ${t.first.toFixed(0)}, min ${t.min.toFixed(0)}, max ${t.max.toFixed(0)})`

export async function run(): Promise<void> {
  const setup = JSON.parse(
    readFileSync(join(__dirname, '..', '..', 'resources', 'demo', 'setup.json'), 'utf8'),
  ) as unknown
  const root = mkdtempSync(join(tmpdir(), 'closeout-bench-rules-'))
  try {
    const office = await openOffice({ dataDir: join(root, 'data'), sharedDir: join(root, 'shared') })
    await importSetup(office, setup)
    const input: RulesInput = {
      closeout: CloseoutSchema.parse(closeoutDoc('J-1043')),
      job: {
        id: 'J-1043',
        notToExceedCents: 40_000,
        estimate: [{ kind: 'part', sku: 'CAP-45-5', quantityMilli: 1000 }],
      },
      jobType: {
        id: 'repair',
        name: 'Service repair',
        requiredPhotos: { before: 1, after: 1 },
        requireSerialNumber: false,
        requireSignature: true,
        laborHoursApprovalOverMilli: 6000,
      },
      customer: { id: 'C-101', name: 'Maple Grove Apartments', requiresSignature: true },
      priceBook: [
        { sku: 'CAP-45-5', description: 'cap', unitPriceCents: 3800, taxable: true },
        { sku: 'CAP-10', description: 'cap', unitPriceCents: 2200, taxable: true },
      ],
      laborRates: [
        { role: 'journeyman', rateCents: 12_500, overtimeMultiplierMilli: 1500, taxable: false },
        { role: 'apprentice', rateCents: 7_500, overtimeMultiplierMilli: 1500, taxable: false },
      ],
      taxRateMilli: 9000,
      policy: {
        discountPercentOverMilli: 10_000,
        overtimeHoursOverMilli: 2000,
        partsOverEstimatePercentMilli: 15_000,
        signatureExceptionNeedsApproval: true,
        warrantyNeedsApproval: true,
      },
    }
    const N = 20_000
    let t = performance.now()
    for (let i = 0; i < N; i++) evaluateRules(input)
    console.log(
      `rules engine, 30-line closeout:          ${(((performance.now() - t) * 1000) / N).toFixed(1)} µs each (${N} runs)`,
    )

    const M = 500
    const now = new Date().toISOString()
    const ids: string[] = []
    office.sqlite.transaction(() => {
      for (let i = 0; i < M; i++) {
        const jobId = `B-${i}`
        const doc = CloseoutSchema.parse(closeoutDoc(jobId))
        office.sqlite
          .prepare(
            `INSERT INTO jobs (id, customer_id, job_type_id, status, origin, current_submission_id, created_at, updated_at) VALUES (?, 'C-101', 'repair', 'submitted', 'dispatch', ?, ?, ?)`,
          )
          .run(jobId, doc.submissionId, now, now)
        office.sqlite
          .prepare(
            `INSERT INTO submissions (id, job_id, technician_id, fingerprint, document_json, completed_at, received_at) VALUES (?, ?, 'T-08', 'x', ?, ?, ?)`,
          )
          .run(doc.submissionId, jobId, JSON.stringify(doc), doc.completedAt, now)
        ids.push(doc.submissionId)
      }
    })()
    t = performance.now()
    for (const id of ids)
      await withTransaction(office, (trx) =>
        evaluateSubmissionIn(office, trx, id, { actor: 'rules', reason: 'bench', afterIngest: true }),
      )
    console.log(
      `evaluate in SQLite (load+price+write+commit): ${((performance.now() - t) / M).toFixed(2)} ms each (${M} submissions)`,
    )
    // The same office on PostgreSQL (copied by `closeout db migrate`'s own code), timed side by side.
    let cluster: PgCluster | undefined
    let pg: EngineDb | undefined
    if (findPgBin()) {
      cluster = await startPostgres()
      const target = parseDatabaseOption(cluster.url(await cluster.createDatabase('bench')))
      if (target.engine !== 'postgres') throw new Error('not a PostgreSQL string')
      office.sqlite.pragma('wal_checkpoint(TRUNCATE)')
      const report = await copyOfficeToPostgres(office.dataDir, target)
      if (!report.ok) throw new Error(`copy to PostgreSQL failed: ${JSON.stringify(report.tables)}`)
      const db = openPostgres(target.url, { max: 4 })
      await sql`ANALYZE`.execute(db)
      pg = postgresEngineDb(db)
    }
    try {
      const sqlite = await timeApprovals(office)
      const postgres = pg ? await timeApprovals(pg) : null
      if (postgres && postgres.waiting !== sqlite.waiting)
        throw new Error(`approvals.list: ${sqlite.waiting} waiting on SQLite, ${postgres.waiting} on PostgreSQL`)
      console.log(`approvals.list, ${sqlite.waiting} jobs waiting (median of ${ROUNDS}; goal < 50 ms):`)
      console.log(`  SQLite:     ${fmt(sqlite)}`)
      console.log(
        `  PostgreSQL: ${postgres ? fmt(postgres) : 'skipped (initdb/pg_ctl not found; apt-get install postgresql, or set PG_BIN)'}`,
      )
    } finally {
      await pg?.db.destroy()
      cluster?.stop()
    }
    await office.close()
    // Opened afresh: nothing read or parsed yet (the documents are parsed once per open office).
    const reopened = await openOffice({ dataDir: join(root, 'data'), sharedDir: join(root, 'shared') })
    t = performance.now()
    await listApprovals(reopened)
    console.log(`approvals.list, first after opening the office (SQLite):  ${(performance.now() - t).toFixed(0)} ms`)
    await reopened.close()
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}
