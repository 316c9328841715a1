import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { copyOfficeToPostgres } from '../../../src-main/core/db/pg/copy-office'
import { parseDatabaseOption, type DatabaseEngine } from '../../../src-main/core/db/pg/engine'
import { openPostgres } from '../../../src-main/core/db/pg/pool'
import { disputeJob } from '../../../src-main/core/metrics/dispute'
import { openOffice, type Office } from '../../../src-main/core/office'
import { SEAT_FILE } from '../../../src-main/core/seat'
import { pgRuns } from '../../support/engines'
import { startPostgres, type PgCluster } from '../../support/postgres'
import { openDemoOffice } from './office-fixture'

/**
 * Issue #17, step 5: the office itself opens on PostgreSQL. Each seat (a PC, i.e. a data
 * folder) opens the one database the office was moved to, keeps its own seat id and phone-form
 * state, and hears the other seats' changes; a database that holds no office is refused, never
 * turned into a second, empty office.
 */
let cluster: PgCluster
let root: string
let officeUrl: DatabaseEngine & { engine: 'postgres' }
const opened: Office[] = []

const pgEngine = (url: string) => parseDatabaseOption(url) as DatabaseEngine & { engine: 'postgres' }

async function seat(name: string, database: DatabaseEngine = officeUrl): Promise<Office> {
  const office = await openOffice({
    dataDir: join(root, name),
    sharedDir: join(root, 'shared'),
    attachmentsDir: join(root, 'attachments'),
    database,
  })
  opened.push(office)
  return office
}

beforeAll(async () => {
  if (!pgRuns) return
  root = mkdtempSync(join(tmpdir(), 'closeout-pg-office-'))
  cluster = await startPostgres()
  const demo = await openDemoOffice()
  try {
    await demo.office.db.updateTable('jobs').set({ status: 'invoiced' }).where('id', '=', 'J-1042').execute()
    demo.office.sqlite.pragma('wal_checkpoint(TRUNCATE)')
    officeUrl = pgEngine(cluster.url(await cluster.createDatabase('office')))
    const report = await copyOfficeToPostgres(demo.office.dataDir, officeUrl)
    if (!report.ok) throw new Error(`copy failed: ${JSON.stringify(report)}`)
  } finally {
    await demo.close()
  }
}, 180_000)

afterAll(async () => {
  for (const office of opened) await office.close()
  cluster?.stop()
  if (root) rmSync(root, { recursive: true, force: true })
})

describe.runIf(pgRuns)('the office on PostgreSQL (issue #17)', () => {
  it('opens on the database the office was moved to, with the same jobs', async () => {
    const office = await seat('seat-a')
    expect(office.engine).toBe('postgres')
    expect(office.database).toMatchObject({ engine: 'postgres', display: expect.stringContaining(':***@') })
    const jobs = await office.db.selectFrom('jobs').select('id').orderBy('id').execute()
    expect(jobs.length).toBeGreaterThan(10)
    expect(jobs.map((j) => j.id)).toContain('J-1042')
  })

  it('gives each PC its own seat id, kept in its data folder across opens', async () => {
    const a = await seat('seat-ids-a')
    const b = await seat('seat-ids-b')
    expect(a.seat.id).not.toBe(b.seat.id)
    const id = a.seat.id
    await a.close()
    const again = await seat('seat-ids-a')
    expect(again.seat.id).toBe(id)
    expect(existsSync(join(root, 'seat-ids-a', SEAT_FILE))).toBe(true)
  })

  it('sets a damaged seat file aside (never deletes it) and makes a new seat id', async () => {
    const dir = join(root, 'seat-damaged')
    const first = await seat('seat-damaged')
    const id = first.seat.id
    await first.close()
    writeFileSync(join(dir, SEAT_FILE), '{"version":1,"id":"not-an-id"')
    const again = await seat('seat-damaged')
    expect(again.seat.id).not.toBe(id)
    expect(readdirSync(dir).filter((f) => f.startsWith(`${SEAT_FILE}.unreadable-`))).toHaveLength(1)
  })

  it("keeps the technician form's phone sessions in the seat's own file, not on the server", async () => {
    const office = await seat('seat-form')
    expect(office.seatState.name).toBe(join(root, 'seat-form', 'form-server.sqlite'))
  })

  it('says so, instead of reaching the wrong database, where a part has not moved to PostgreSQL', async () => {
    const office = await seat('seat-sync')
    expect(() => office.sqlite).toThrow(
      expect.objectContaining({ code: 'postgres-not-yet', message: expect.stringContaining(':***@') }),
    )
  })

  it("brings one seat's change to the other seats within a second", async () => {
    const a = await seat('live-a')
    const b = await seat('live-b')
    const heard = new Promise<unknown>((resolve, reject) => {
      b.events.once('jobs.changed', resolve)
      setTimeout(() => reject(new Error('seat b heard nothing within a second')), 1000)
    })
    const aHeard: unknown[] = []
    a.events.on('jobs.changed', (p) => aHeard.push(p))
    await disputeJob(a, { id: 'J-1042', reason: 'Says the filter was not changed' }, 'U-1')
    await expect(heard).resolves.toEqual({ reason: 'dispute', jobIds: ['J-1042'] })
    const row = await b.db.selectFrom('jobs').select('dispute_reason').where('id', '=', 'J-1042').executeTakeFirst()
    expect(row?.dispute_reason).toBe('Says the filter was not changed')
    await new Promise((r) => setTimeout(r, 200))
    // Its own change once, as on SQLite: the bridge does not echo it back.
    expect(aHeard).toEqual([{ reason: 'dispute', jobIds: ['J-1042'] }])
  })

  it('refuses an empty database: the office must be moved there first', async () => {
    const empty = pgEngine(cluster.url(await cluster.createDatabase('empty')))
    await expect(seat('seat-empty', empty)).rejects.toMatchObject({
      code: 'database-empty',
      message: expect.stringContaining('closeout db migrate --to'),
    })
    // Nothing was created there.
    const db = openPostgres(empty.url, { max: 1 })
    try {
      expect(await db.introspection.getTables({ withInternalKyselyTables: true })).toEqual([])
    } finally {
      await db.destroy()
    }
  })

  it("refuses a database holding someone else's tables", async () => {
    const name = await cluster.createDatabase('theirs')
    const db = openPostgres(cluster.url(name), { max: 1 })
    try {
      await db.schema.createTable('invoices').addColumn('id', 'integer').execute()
    } finally {
      await db.destroy()
    }
    await expect(seat('seat-theirs', pgEngine(cluster.url(name)))).rejects.toMatchObject({
      code: 'database-not-closeout',
      message: expect.stringContaining('1 tables that are not a Closeout office'),
    })
  })

  it('says why it cannot connect, without the password', async () => {
    const wrong = new URL(officeUrl.url)
    wrong.password = 'not-the-password'
    const error = await seat('seat-wrong', pgEngine(wrong.toString())).then(
      () => null,
      (e: unknown) => e as { code: string; message: string },
    )
    expect(error).toMatchObject({
      code: 'database-auth-failed',
      message: expect.stringContaining('authentication failed'),
    })
    expect(error!.message).not.toContain('not-the-password')
  })
})
