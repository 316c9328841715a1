import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { postgresEngineDb, type EngineDb } from '../../src-main/core/db/engine-db'
import { copyOfficeToPostgres } from '../../src-main/core/db/pg/copy-office'
import { parseDatabaseOption } from '../../src-main/core/db/pg/engine'
import { openPostgres } from '../../src-main/core/db/pg/pool'
import { countJobs, listJobs } from '../../src-main/core/jobs/jobs.repo'
import { openOffice } from '../../src-main/core/office'
import { importDemoSetup } from '../../src-main/core/setup/demo'
import { seedInboxJobs } from './seed-inbox-jobs'
import { findPgBin, startPostgres, type PgCluster } from '../support/postgres'

/**
 * `npm run bench -- search` (issue #17): the inbox's search at 100,000 jobs on both engines side
 * by side, through the async repositories the office API calls (no UI, no transport). The same
 * office on both: seeded in the SQLite file, then copied into a throwaway PostgreSQL cluster by
 * `closeout db migrate`'s own code. Per search, what the inbox asks when a clerk types it: the
 * first page of rows (`jobs.list` with counts: false, 100 rows) and the tab counts
 * (`jobs.counts`), timed apart and together; median and worst of ROUNDS after one warm-up.
 * Goal: under 100 ms on both engines. Without initdb/pg_ctl, PostgreSQL's column says so.
 */
const JOBS = Number(process.env.CLOSEOUT_BENCH_JOBS ?? 100_000)
const ROUNDS = 7
/** Narrow (a customer without its accents, an invoice number), several words, broad (14% of jobs), none. */
const SEARCHES = ['muller', 'BX-254324', 'thermostat oak park', 'capacitor', '']

interface Timing {
  median: number
  max: number
  matches: number
}

async function time(edb: EngineDb, search: string, what: 'rows' | 'counts' | 'both'): Promise<Timing> {
  const once = async () => {
    const t = performance.now()
    let matches = 0
    if (what !== 'counts')
      matches = (await listJobs(edb, { search, status: 'all', limit: 100, offset: 0, counts: false })).total
    if (what !== 'rows') matches = (await countJobs(edb, { search })).all ?? 0
    return { ms: performance.now() - t, matches }
  }
  await once()
  const runs: number[] = []
  let matches = 0
  for (let i = 0; i < ROUNDS; i++) {
    const r = await once()
    runs.push(r.ms)
    matches = r.matches
  }
  runs.sort((a, b) => a - b)
  return { median: runs[Math.floor(runs.length / 2)]!, max: runs[runs.length - 1]!, matches }
}

const fmt = (t: Timing | null) => (t ? `${t.median.toFixed(1)} ms (max ${t.max.toFixed(1)})` : 'skipped')

export async function run(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'closeout-bench-search-'))
  let cluster: PgCluster | undefined
  let pg: EngineDb | undefined
  const office = await openOffice({ dataDir: join(root, 'data'), sharedDir: join(root, 'shared') })
  try {
    await importDemoSetup(office)
    let t = performance.now()
    seedInboxJobs(office, JOBS, { withMuller: true })
    console.log(
      `seed ${JOBS.toLocaleString('en-US')} jobs in SQLite (with search index): ${((performance.now() - t) / 1000).toFixed(1)} s`,
    )
    if (findPgBin()) {
      cluster = await startPostgres()
      const target = parseDatabaseOption(cluster.url(await cluster.createDatabase('bench')))
      if (target.engine !== 'postgres') throw new Error('not a PostgreSQL string')
      office.sqlite.pragma('wal_checkpoint(TRUNCATE)')
      t = performance.now()
      const report = await copyOfficeToPostgres(office.dataDir, target)
      if (!report.ok) throw new Error(`copy to PostgreSQL failed: ${JSON.stringify(report.tables)}`)
      console.log(`copy to PostgreSQL (db migrate): ${((performance.now() - t) / 1000).toFixed(1)} s`)
      const db = openPostgres(target.url, { max: 4 })
      await sql`ANALYZE`.execute(db)
      pg = postgresEngineDb(db)
    } else {
      console.log('PostgreSQL: skipped (initdb/pg_ctl not found; apt-get install postgresql, or set PG_BIN)')
    }
    console.log(`inbox search at ${JOBS.toLocaleString('en-US')} jobs, median of ${ROUNDS} (goal < 100 ms on both):`)
    console.log('search                 | matches | step   | SQLite                 | PostgreSQL')
    for (const search of SEARCHES) {
      for (const what of ['rows', 'counts', 'both'] as const) {
        const a = await time(office, search, what)
        const b = pg ? await time(pg, search, what) : null
        if (b && b.matches !== a.matches)
          throw new Error(`"${search}" ${what}: SQLite finds ${a.matches}, PostgreSQL ${b.matches}`)
        const label = search === '' ? '(no search)' : `"${search}"`
        console.log(
          `${label.padEnd(22)} | ${String(a.matches).padStart(7)} | ${what.padEnd(6)} | ${fmt(a).padEnd(22)} | ${fmt(b)}`,
        )
      }
    }
  } finally {
    await pg?.db.destroy()
    cluster?.stop()
    await office.close()
    rmSync(root, { recursive: true, force: true })
  }
}
