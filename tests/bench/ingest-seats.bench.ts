import { spawn, execSync, type ChildProcess } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { sql } from 'kysely'
import { copyOfficeToPostgres } from '../../src-main/core/db/pg/copy-office'
import { parseDatabaseOption, type DatabaseEngine } from '../../src-main/core/db/pg/engine'
import { scanInbox } from '../../src-main/core/inbox/inbox-scan'
import { openOffice, type Office } from '../../src-main/core/office'
import { deliverBundle, seedDispatchedJobs, seedOffice, type TestBundle } from '../integration/inbox/bundle-builder'
import { startPostgres, type PgCluster } from '../support/postgres'

/**
 * The ingest on PostgreSQL beside SQLite's (issue #17), for `npm run bench -- ingest`:
 * (d) one seat on PostgreSQL as a ratio to SQLite's time (goal <= 1.5), on two backlogs: a
 * closeout per job, as a week of field work sends it (the figure the goal is about: both engines
 * timed here on the same bundles), and (a)'s, where every closeout is for one job (each must see
 * the one before it: the ingest's worst case); (e) three seats, each a process of its own as on
 * its own PC, ingesting one backlog (a closeout per job) together, against one seat alone (goal:
 * faster together). Each run gets a fresh database holding the same seeded office and a fresh
 * shared folder.
 */
type Postgres = Extract<DatabaseEngine, { engine: 'postgres' }>

/** The bundles of a backlog: `make(n)` is the nth; `jobs`, how many dispatched jobs it needs seeded. */
export interface Backlog {
  count: number
  jobs: number
  make: (n: number) => TestBundle
}

async function freshDatabase(cluster: PgCluster, root: string, name: string, jobs: number): Promise<Postgres> {
  const origin = join(root, `${name}-origin`)
  const office = await openOffice({ dataDir: origin, sharedDir: join(root, `${name}-origin-shared`) })
  seedOffice(office)
  seedDispatchedJobs(office, jobs)
  office.sqlite.pragma('wal_checkpoint(TRUNCATE)')
  await office.close()
  const target = parseDatabaseOption(cluster.url(await cluster.createDatabase(name))) as Postgres
  const report = await copyOfficeToPostgres(origin, target)
  if (!report.ok) throw new Error(`copy to PostgreSQL failed: ${JSON.stringify(report.tables)}`)
  return target
}

function deliver(shared: string, backlog: Backlog): void {
  mkdirSync(join(shared, 'inbox'), { recursive: true })
  for (let n = 0; n < backlog.count; n++) deliverBundle(join(shared, 'inbox'), backlog.make(n))
  execSync('sync')
}

/** One seat in this process, as (a) was taken: on the SQLite file without `cluster`, else on PostgreSQL. */
async function oneSeatHere(root: string, name: string, backlog: Backlog, cluster?: PgCluster): Promise<number> {
  const shared = join(root, `${name}-shared`)
  const dataDir = join(root, `${name}-seat`)
  let office: Office
  if (cluster) {
    const database = await freshDatabase(cluster, root, name, backlog.jobs)
    office = await openOffice({
      dataDir,
      sharedDir: shared,
      attachmentsDir: join(root, `${name}-attachments`),
      database,
    })
    await sql`ANALYZE`.execute(office.db)
  } else {
    office = await openOffice({ dataDir, sharedDir: shared })
    seedOffice(office)
    seedDispatchedJobs(office, backlog.jobs)
  }
  deliver(shared, backlog)
  try {
    const started = performance.now()
    const summary = await scanInbox(office, { timings: { settleMs: 0, stallMs: 86_400_000 } })
    const ms = performance.now() - started
    if (summary.ingested !== backlog.count) throw new Error(`${name} ingested ${summary.ingested} of ${backlog.count}`)
    return ms
  } finally {
    await office.close()
  }
}

function startSeat(args: string[]): { child: ChildProcess; lines: AsyncIterator<string> } {
  const child = spawn(process.execPath, ['-r', 'tsx/cjs', join(__dirname, 'seat-child.ts'), ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  return { child, lines: createInterface({ input: child.stdout! })[Symbol.asyncIterator]() }
}

async function expectLine(lines: AsyncIterator<string>, prefix: string): Promise<string> {
  for (;;) {
    const next = await lines.next()
    if (next.done) throw new Error(`a seat ended before saying "${prefix}"`)
    if (next.value.startsWith(prefix)) return next.value
  }
}

/** (e): `seats` processes on one database and one shared folder; the wall time from "go" to the last "done". */
async function seatsTogether(
  cluster: PgCluster,
  root: string,
  seats: number,
  backlog: Backlog,
): Promise<{ ms: number; perSeat: number[] }> {
  const name = `seats${seats}`
  const database = await freshDatabase(cluster, root, name, backlog.jobs)
  const shared = join(root, `${name}-shared`)
  deliver(shared, backlog)
  const children = Array.from({ length: seats }, (_, i) =>
    startSeat([join(root, `${name}-seat-${i}`), shared, join(root, `${name}-attachments`), database.url]),
  )
  try {
    for (const c of children) await expectLine(c.lines, 'ready')
    const started = performance.now()
    for (const c of children) c.child.stdin!.write('go\n')
    const done = await Promise.all(children.map((c) => expectLine(c.lines, 'done')))
    const ms = performance.now() - started
    const perSeat = done.map((line) => Number(line.split(' ')[2]))
    const total = perSeat.reduce((a, b) => a + b, 0)
    if (total !== backlog.count) throw new Error(`${seats} seats ingested ${total} of ${backlog.count}`)
    return { ms, perSeat }
  } finally {
    for (const c of children) c.child.kill()
  }
}

/**
 * Prints (d) and (e). `sameJob` is (a)'s backlog and `sqliteMs` (a)'s time; `perJob` the backlog
 * of a closeout per job, timed here on both engines.
 */
export async function runOnPostgres(root: string, sameJob: Backlog, sqliteMs: number, perJob: Backlog): Promise<void> {
  const cluster = await startPostgres()
  try {
    const lite = await oneSeatHere(root, 'per-job-sqlite', perJob)
    const pg = await oneSeatHere(root, 'per-job-pg', perJob, cluster)
    console.log(
      `(d) a backlog of ${perJob.count} closeouts, one per job: SQLite ${lite.toFixed(0)} ms, PostgreSQL one seat ${pg.toFixed(0)} ms (${rate(perJob.count, pg)} bundles/s); ratio ${(pg / lite).toFixed(2)} (goal <= 1.5)`,
    )
    const same = await oneSeatHere(root, 'same-job-pg', sameJob, cluster)
    console.log(
      `    (a)'s backlog, every closeout for one job, on PostgreSQL: ${same.toFixed(0)} ms (${rate(sameJob.count, same)} bundles/s); ratio to (a) ${(same / sqliteMs).toFixed(2)}`,
    )
    const alone = await seatsTogether(cluster, root, 1, perJob)
    const three = await seatsTogether(cluster, root, 3, perJob)
    console.log(
      `(e) a backlog of a closeout per job, seats as processes of their own: 1 seat ${alone.ms.toFixed(0)} ms; 3 seats together ${three.ms.toFixed(0)} ms (each ingested ${three.perSeat.join(' / ')}); ratio ${(three.ms / alone.ms).toFixed(2)} (goal < 1.0)`,
    )
  } finally {
    cluster.stop()
  }
}

const rate = (count: number, ms: number) => ((count / ms) * 1000).toFixed(1)
