import { spawn, execSync, type ChildProcess } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { sql } from 'kysely'
import { copyOfficeToPostgres } from '../../src-main/core/db/pg/copy-office'
import { parseDatabaseOption, type DatabaseEngine } from '../../src-main/core/db/pg/engine'
import { scanInbox } from '../../src-main/core/inbox/inbox-scan'
import { openOffice } from '../../src-main/core/office'
import { deliverBundle, seedOffice, type TestBundle } from '../integration/inbox/bundle-builder'
import { startPostgres, type PgCluster } from '../support/postgres'

/**
 * The ingest on PostgreSQL beside SQLite's (issue #17), for `npm run bench -- ingest`:
 * (d) the same backlog ingested by one seat on PostgreSQL, as a ratio to SQLite's time (goal
 * <= 1.5), and (e) three seats, each a process of its own as on its own PC, ingesting one such
 * backlog together, against one seat alone (goal: faster together). Each run gets a fresh
 * database holding the same seeded office and a fresh shared folder.
 */
type Postgres = Extract<DatabaseEngine, { engine: 'postgres' }>

async function freshDatabase(cluster: PgCluster, root: string, name: string): Promise<Postgres> {
  const origin = join(root, `${name}-origin`)
  const office = await openOffice({ dataDir: origin, sharedDir: join(root, `${name}-origin-shared`) })
  seedOffice(office)
  office.sqlite.pragma('wal_checkpoint(TRUNCATE)')
  await office.close()
  const target = parseDatabaseOption(cluster.url(await cluster.createDatabase(name))) as Postgres
  const report = await copyOfficeToPostgres(origin, target)
  if (!report.ok) throw new Error(`copy to PostgreSQL failed: ${JSON.stringify(report.tables)}`)
  return target
}

function deliver(shared: string, count: number, make: () => TestBundle): void {
  mkdirSync(join(shared, 'inbox'), { recursive: true })
  for (let i = 0; i < count; i++) deliverBundle(join(shared, 'inbox'), make())
  execSync('sync')
}

/** (d): one seat, in this process, as the SQLite figure was taken. */
async function oneSeatHere(cluster: PgCluster, root: string, count: number, make: () => TestBundle): Promise<number> {
  const database = await freshDatabase(cluster, root, 'one')
  const shared = join(root, 'one-shared')
  deliver(shared, count, make)
  const office = await openOffice({
    dataDir: join(root, 'one-seat'),
    sharedDir: shared,
    attachmentsDir: join(root, 'one-attachments'),
    database,
  })
  try {
    await sql`ANALYZE`.execute(office.db)
    const started = performance.now()
    const summary = await scanInbox(office, { timings: { settleMs: 0, stallMs: 86_400_000 } })
    const ms = performance.now() - started
    if (summary.ingested !== count) throw new Error(`one seat ingested ${summary.ingested} of ${count}`)
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
  count: number,
  make: () => TestBundle,
): Promise<{ ms: number; perSeat: number[] }> {
  const name = `seats${seats}`
  const database = await freshDatabase(cluster, root, name)
  const shared = join(root, `${name}-shared`)
  deliver(shared, count, make)
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
    if (total !== count) throw new Error(`${seats} seats ingested ${total} of ${count}`)
    return { ms, perSeat }
  } finally {
    for (const c of children) c.child.kill()
  }
}

/** Prints (d) and (e); `sqliteMs` is (a)'s time for the same backlog. */
export async function runOnPostgres(
  root: string,
  count: number,
  make: () => TestBundle,
  sqliteMs: number,
): Promise<void> {
  const cluster = await startPostgres()
  try {
    const one = await oneSeatHere(cluster, root, count, make)
    console.log(
      `(d) the same backlog on PostgreSQL, one seat: ${one.toFixed(0)} ms, ${((count / one) * 1000).toFixed(1)} bundles/s; ratio to SQLite ${(one / sqliteMs).toFixed(2)} (goal <= 1.5)`,
    )
    const alone = await seatsTogether(cluster, root, 1, count, make)
    const three = await seatsTogether(cluster, root, 3, count, make)
    console.log(
      `(e) one backlog, seats as processes of their own: 1 seat ${alone.ms.toFixed(0)} ms; 3 seats together ${three.ms.toFixed(0)} ms (each ingested ${three.perSeat.join(' / ')}); ratio ${(three.ms / alone.ms).toFixed(2)} (goal < 1.0)`,
    )
  } finally {
    cluster.stop()
  }
}
