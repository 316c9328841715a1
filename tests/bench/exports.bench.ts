import { join } from 'node:path'
import { runExport } from '../../src-main/core/exports/export-batches'
import { preflightExport } from '../../src-main/core/exports/export-plan'
import { writePacket } from '../../src-main/core/packets/packet-folder'
import { importSetup } from '../../src-main/core/setup/setup-import'
import { addReadyJob, cloneJob, mapAdjustments, repairLines } from '../support/invoice-builder'
import { demoSetup, tempOffice } from '../support/temp-office'
import { findPgBin, startPostgres, type PgCluster } from '../support/postgres'
import { copyOfficeToPostgres } from '../../src-main/core/db/pg/copy-office'
import { parseDatabaseOption } from '../../src-main/core/db/pg/engine'
import { openOffice, type Office, type SqliteOffice } from '../../src-main/core/office'
import { sql } from 'kysely'

const PHOTOS = ['before-1', 'before-2', 'after-1', 'after-2', 'serial-plate-1', 'other-1'].map((f) => ({
  fixture: `${f}.jpg`,
  category: f.replace(/-\d$/, '') as 'before' | 'after' | 'serial-plate' | 'other',
}))

/**
 * 1,000 invoice-ready jobs exported as one batch (goal < 2 s), on the SQLite file and (issue #17)
 * the same office on PostgreSQL, side by side; a packet with 6 photos (goal < 300 ms).
 * CLOSEOUT_BENCH_ENGINES=sqlite leaves PostgreSQL out.
 */
export async function run(): Promise<void> {
  const t = await tempOffice()
  let postgres: { cluster: PgCluster; office: Office } | undefined
  try {
    await importSetup(t.office, demoSetup())
    mapAdjustments(t.office)
    for (let i = 0; i < 1000; i++) {
      const id = `J-B${String(i).padStart(4, '0')}`
      cloneJob(t.office, 'J-1042', id)
      await addReadyJob(t.office, {
        jobId: id,
        lines: [
          ...repairLines(),
          {
            kind: 'adjustment',
            adjustmentKind: 'trip-charge',
            description: 'Trip charge',
            quantityMilli: 1000,
            amountCents: 4900,
          },
        ],
      })
    }
    if ((process.env.CLOSEOUT_BENCH_ENGINES ?? 'sqlite,postgres').includes('postgres') && findPgBin())
      postgres = await sameOfficeOnPostgres(t.office, t.folders.root)
    const lite = await exportAll(t.office, join(t.folders.root, 'out'), 'SQLite')
    if (postgres) {
      const pg = await exportAll(postgres.office, join(t.folders.root, 'out-pg'), 'PostgreSQL')
      console.log(
        `PostgreSQL / SQLite: preflight ${(pg.preflight / lite.preflight).toFixed(2)}, export ${(pg.export / lite.export).toFixed(2)}, receipts ${(pg.receipts / lite.receipts).toFixed(2)}`,
      )
    } else
      console.log('PostgreSQL: skipped (CLOSEOUT_BENCH_ENGINES, or no initdb/pg_ctl here: apt-get install postgresql)')

    await addReadyJob(t.office, { jobId: 'J-1045', lines: repairLines(), photos: PHOTOS })
    await writePacket(t.office, 'J-1045', join(t.folders.root, 'warm'))
    const times: number[] = []
    for (let i = 0; i < 5; i++) {
      const s = performance.now()
      await writePacket(t.office, 'J-1045', join(t.folders.root, `packets-${i}`))
      times.push(performance.now() - s)
    }
    times.sort((a, b) => a - b)
    console.log(
      `packet with 6 photos (median of 5):        ${times[2]!.toFixed(0)} ms  (goal < 300; first, loading fonts: see warm-up)`,
    )
  } finally {
    await postgres?.office.close()
    postgres?.cluster.stop()
    await t.dispose()
  }
}

/** The office as it stands, copied by `db migrate`'s code into a throwaway cluster, and opened there as a seat. */
async function sameOfficeOnPostgres(
  office: SqliteOffice,
  root: string,
): Promise<{ cluster: PgCluster; office: Office }> {
  office.sqlite.pragma('wal_checkpoint(TRUNCATE)')
  const cluster = await startPostgres()
  const database = parseDatabaseOption(cluster.url(await cluster.createDatabase('exports')))
  if (database.engine !== 'postgres') throw new Error('not a PostgreSQL string')
  const report = await copyOfficeToPostgres(office.dataDir, database)
  if (!report.ok) throw new Error(`copy to PostgreSQL failed: ${JSON.stringify(report.tables)}`)
  const seat = await openOffice({
    dataDir: join(root, 'pg-seat'),
    sharedDir: join(root, 'pg-shared'),
    attachmentsDir: office.attachmentsDir,
    database,
  })
  await sql`ANALYZE`.execute(seat.db)
  return { cluster, office: seat }
}

/** The three formats' preflights, then the qbo-csv export of every ready job and its receipts; prints and returns the times. */
async function exportAll(office: Office, outDir: string, engine: string) {
  let preflight = 0
  for (const format of ['qbo-csv', 'qbd-iif', 'xero-csv'] as const) {
    const s = performance.now()
    await preflightExport(office, format)
    const ms = performance.now() - s
    preflight += ms
    console.log(`${engine}: preflight ${format}, 1,000 jobs:            ${ms.toFixed(0)} ms`)
  }
  const s = performance.now()
  const { batch, receipts } = await runExport(office, { format: 'qbo-csv', outDir, user: 'bench' })
  const exported = performance.now()
  console.log(
    `${engine}: export 1,000 jobs (qbo-csv, ${batch.files.length} files):  ${(exported - s).toFixed(0)} ms  (goal < 2000)`,
  )
  await receipts
  const done = performance.now()
  console.log(
    `${engine}:   ...and its 1,000 receipts rewritten by:   ${(done - s).toFixed(0)} ms (the receipts alone, after the export answered: ${(done - exported).toFixed(0)} ms; goal < 500)`,
  )
  return { preflight, export: exported - s, receipts: done - exported }
}
