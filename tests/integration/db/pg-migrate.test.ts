import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runExport } from '../../../src-main/core/exports/export-batches'
import { blobPath, sha256Hex } from '../../../src-main/core/store/attachment-store'
import { exportScenario, EXPORT_NOW } from '../../support/export-scenario'
import { inCi, postgresAvailable, startPostgres, type PgCluster } from '../../support/postgres'
import { runCli } from '../../support/run-cli'

/**
 * Issue #17, `closeout db migrate --to postgres://…`: a real office (the demo setup, three
 * invoiced jobs, an export batch with its file bytes, the event log) moves from its SQLite file
 * to an empty PostgreSQL database through the real command line. Every table arrives with its
 * rows, the event log verifies there, a non-empty target is refused, and the password never
 * shows in the output or in the data folder.
 */
const available = postgresAvailable()
const runs = available || inCi

let cluster: PgCluster | undefined
let dataDir = ''
let dispose: (() => Promise<void>) | undefined

beforeAll(async () => {
  if (!runs) return
  cluster = await startPostgres()
  const s = await exportScenario()
  dataDir = s.office.dataDir
  dispose = s.dispose
  const { receipts } = await runExport(
    s.office,
    { format: 'qbo-csv', outDir: join(dataDir, 'out'), user: 'U-1' },
    EXPORT_NOW,
  )
  await receipts
  await s.office.close()
}, 120_000)
afterAll(async () => {
  await dispose?.().catch(() => undefined)
  cluster?.stop()
})

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}

async function query<T>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query(text)).rows as T[]
  } finally {
    await client.end()
  }
}

describe('closeout db migrate --to postgres:// (issue #17)', () => {
  it('fails in CI when PostgreSQL is missing', () => {
    if (inCi) expect(available, 'CI must install postgresql (.ci/run)').toBe(true)
  })

  it.skipIf(!runs)(
    'moves every table into an empty database, the event log verifies there, and the password is never shown or stored',
    async () => {
      const url = cluster!.url(await cluster!.createDatabase('moved'))
      const sqlite = new BetterSqlite3(join(dataDir, 'closeout.sqlite'), { readonly: true })
      const events = sqlite.prepare('SELECT * FROM job_events ORDER BY id').all() as Record<string, unknown>[]
      const files = sqlite.prepare('SELECT batch_id, name, content FROM export_batch_files').all() as {
        content: Buffer
      }[]
      const jobs = (sqlite.prepare('SELECT count(*) AS n FROM jobs').get() as { n: number }).n
      sqlite.close()
      expect(events.length).toBeGreaterThan(5)
      expect(files.length).toBeGreaterThan(0)

      const moved = runCli(['--data', dataDir, 'db', 'migrate', '--to', url, '--as', 'U-1', '--pin', '2468'])
      expect(moved.stderr).toBe('')
      expect(moved.code).toBe(0)
      // Issue #12: recorded in the office's own log under the admin who moved it (password masked).
      const log = new BetterSqlite3(join(dataDir, 'closeout.sqlite'), { readonly: true })
      const moves = log
        .prepare(`SELECT actor, data_json FROM job_events WHERE type = 'office-copied-to-postgres'`)
        .all() as { actor: string; data_json: string }[]
      log.close()
      expect(moves.map((m) => m.actor)).toEqual(['U-1'])
      expect(moves[0]!.data_json).not.toContain(cluster!.password)
      expect(moved.stdout).toContain(`Event log on PostgreSQL intact: ${events.length} rows`)
      expect(moved.stdout).toMatch(new RegExp(`\\njobs +${jobs} +${jobs}\\n`))
      expect(moved.stdout).toMatch(new RegExp(`\\njob_events +${events.length} +${events.length}\\n`))
      expect(moved.stdout).not.toContain('DIFFERENT')
      expect(moved.stdout).toContain(`Search rows built on PostgreSQL: ${jobs}`)
      expect(moved.stdout).toContain('postgres://closeout_test:***@127.0.0.1')

      // The password: not in the output, not in any file of the data folder.
      expect(moved.stdout + moved.stderr).not.toContain(cluster!.password)
      for (const file of filesUnder(dataDir)) expect(readFileSync(file).includes(cluster!.password), file).toBe(false)

      // The rows themselves, not only their number.
      expect(await query(url, 'SELECT * FROM job_events ORDER BY id')).toEqual(
        events.map((e) => ({ ...e, id: String(e.id) })),
      )
      const pgFiles = await query<{ content: Buffer }>(
        url,
        'SELECT content FROM export_batch_files ORDER BY batch_id, name',
      )
      expect(pgFiles.map((f) => f.content.equals(files[0]!.content))).toContain(true)
      // Identities continue after the copied ids; the invoice sequence where the office stands (1045).
      const [batch] = await query<{ id: string }>(
        url,
        `INSERT INTO export_batches (format, created_at, created_by, files_json) VALUES ('x', 'now', 'U-1', '[]') RETURNING id`,
      )
      expect(Number(batch!.id)).toBe(2)
      expect(await query(url, `SELECT nextval('invoice_numbers') AS n`)).toEqual([{ n: '1045' }])

      // verify-log reads the log on PostgreSQL with --database.
      const verified = runCli(['--database', url, 'verify-log'])
      expect(verified.stderr).toBe('')
      expect(verified.stdout).toBe(`Event log intact: ${events.length} rows\n`)

      // An edit behind the triggers' back (a superuser disabling them) is caught and named.
      await query(url, 'ALTER TABLE job_events DISABLE TRIGGER job_events_no_update')
      await query(url, `UPDATE job_events SET actor = 'someone else' WHERE id = 3`)
      const broken = runCli(['--database', url, 'verify-log'])
      expect(broken.code).toBe(1)
      expect(broken.stderr).toBe('closeout: event log broken at row 3: row 3 was edited after it was written\n')

      // A second move into the now non-empty database is refused, and nothing is added.
      const again = runCli(['--data', dataDir, 'db', 'migrate', '--to', url, '--as', 'U-1', '--pin', '2468'])
      expect(again.code).toBe(1)
      expect(again.stderr).toMatch(
        /^closeout: postgres:\/\/closeout_test:\*\*\*@127\.0\.0\.1:\d+\/moved_\S+ is not empty \(table \w+ has \d+ rows?\)/,
      )
      expect(again.stderr).not.toContain(cluster!.password)
      expect(await query(url, 'SELECT count(*)::int AS n FROM job_events')).toEqual([{ n: events.length }])
    },
  )

  it.skipIf(!runs)(
    "copies the office's photos into a folder every seat reaches, each proven, and the seats read them there",
    async () => {
      const root = join(dataDir, '..')
      const referenced = () => {
        const sqlite = new BetterSqlite3(join(dataDir, 'closeout.sqlite'), { readonly: true })
        try {
          return sqlite.prepare('SELECT DISTINCT sha256 FROM attachments ORDER BY sha256').pluck().all() as string[]
        } finally {
          sqlite.close()
        }
      }
      const shas = referenced()
      expect(shas.length).toBeGreaterThan(0)
      const ownStore = filesUnder(join(dataDir, 'attachments'))
        .filter((f) => !f.includes('.staging'))
        .sort()

      // Inside the shared folder (which carries closeouts between phones and the office): refused
      // before anything is copied or connected.
      const intoShared = runCli([
        ...['--data', dataDir, '--shared', join(root, 'shared'), 'db', 'migrate'],
        ...['--to', cluster!.url(await cluster!.createDatabase('refused'))],
        ...['--attachments-to', join(root, 'shared', 'photos'), '--as', 'U-1', '--pin', '2468'],
      ])
      expect(intoShared.code).toBe(1)
      expect(intoShared.stderr).toMatch(/^closeout: --attachments-to: .* is inside the shared folder/)
      expect(existsSync(join(root, 'shared', 'photos'))).toBe(false)

      const share = join(root, 'office-server', 'closeout-attachments')
      const moved = runCli([
        ...['--data', dataDir, 'db', 'migrate', '--to', cluster!.url(await cluster!.createDatabase('photos'))],
        ...['--attachments-to', share, '--as', 'U-1', '--pin', '2468'],
      ])
      expect(moved.stderr).toBe('')
      expect(moved.code).toBe(0)
      expect(moved.stdout).toContain(`Attachments copied to ${share}: ${shas.length} files (`)
      for (const sha of shas) expect(sha256Hex(readFileSync(blobPath(share, sha)))).toBe(sha)
      // The SQLite office keeps its own copy, untouched.
      expect(
        filesUnder(join(dataDir, 'attachments'))
          .filter((f) => !f.includes('.staging'))
          .sort(),
      ).toEqual(ownStore)

      // A seat opened on the shared store prints the packet from it.
      const packet = runCli([
        ...['--data', dataDir, '--attachments', share, 'packet', 'J-1042', '--out', join(root, 'packets')],
      ])
      expect(packet.stderr).toBe('')
      expect(packet.stdout).toMatch(/^Wrote .* \(\d+ page\(s\), \d+ file\(s\)\)\n$/)

      // A second move finds the photos already there and copies none again; a damaged one on
      // the share is replaced with the office's proven copy.
      const damaged = blobPath(share, shas[0]!)
      writeFileSync(damaged, Buffer.concat([readFileSync(damaged).subarray(1), Buffer.from([0])]))
      const again = runCli([
        ...['--data', dataDir, 'db', 'migrate', '--to', cluster!.url(await cluster!.createDatabase('again'))],
        ...['--attachments-to', share, '--as', 'U-1', '--pin', '2468'],
      ])
      expect(again.code).toBe(0)
      expect(again.stdout).toContain(`: 1 files (`)
      expect(again.stdout).toContain(`, ${shas.length - 1} already there`)
      expect(sha256Hex(readFileSync(damaged))).toBe(shas[0])
    },
    120_000,
  )

  it.skipIf(!runs)('names the wrong field of a connection string, without its password', () => {
    const scheme = runCli(['--data', dataDir, 'db', 'migrate', '--to', 'mysql://me:S3cretPw@db.example/closeout'])
    expect(scheme.code).toBe(1)
    expect(scheme.stderr).toBe(
      'closeout: --to.scheme: must be postgres:// or postgresql:// (got mysql://) in mysql://me:***@db.example/closeout\n',
    )
    const noDb = runCli(['--data', dataDir, 'db', 'migrate', '--to', 'postgres://me:S3cretPw@db.example:5432'])
    expect(noDb.stderr).toBe(
      'closeout: --to.database: is missing (postgres://user@host:5432/DATABASE) in postgres://me:***@db.example:5432\n',
    )
    const env = runCli(['--data', dataDir, 'jobs'], { CLOSEOUT_DATABASE: 'postgres://me:S3cretPw@db.example:99999/x' })
    expect(env.code).toBe(1)
    expect(env.stderr).toMatch(
      /^closeout: --database: is not a connection string .* in postgres:\/\/\*\*\*@db.example:99999\/x\n$/,
    )
    for (const r of [scheme, noDb, env]) expect(r.stderr).not.toContain('S3cretPw')
  })

  it.skipIf(!runs)(
    'a command pointed at a database that holds no office says in one line to move one there first',
    () => {
      const r = runCli(['--data', dataDir, 'jobs'], { CLOSEOUT_DATABASE: cluster!.url('postgres') })
      expect(r.code).toBe(1)
      expect(r.stdout).toBe('')
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
      expect(r.stderr).toMatch(
        /^closeout: postgres:\/\/closeout_test:\*\*\*@.* holds no Closeout office yet: move one there first with closeout db migrate --to/,
      )
      expect(r.stderr).not.toContain(cluster!.password)
    },
  )
})
