import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { copyOfficeToPostgres } from '../../../src-main/core/db/pg/copy-office'
import { parseDatabaseOption, type DatabaseEngine } from '../../../src-main/core/db/pg/engine'
import { openPostgres } from '../../../src-main/core/db/pg/pool'
import { disputeJob } from '../../../src-main/core/metrics/dispute'
import { openOffice, type Office } from '../../../src-main/core/office'
import { SEAT_FILE } from '../../../src-main/core/seat'
import { backupStatus, startBackupScheduler } from '../../../src-main/core/backup/backup-scheduler'
import { createHandlers } from '../../../src-main/core/api/handlers'
import { readFormSeat, serveFormHere, servesForm } from '../../../src-main/core/network/form-seat'
import { formSeatInfo, moveFormHere } from '../../../src-main/core/network/form-seat-info'
import { hostForm } from '../../../src-main/lan/form-host'
import { officeFormSource } from '../../../src-main/lan/office-source'
import { createSession, findSession } from '../../../src-main/lan/sessions'
import type { LanServer } from '../../../src-main/lan/server'
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

  it('has no SQLite connection, and what only the SQLite file does (a backup of it) refuses with backup-postgres', async () => {
    const office = await seat('seat-sync')
    expect(office.engine).toBe('postgres')
    expect('sqlite' in office).toBe(false)
    // @ts-expect-error: the type says so too (only a SqliteOffice has `sqlite`).
    expect(office.sqlite).toBeUndefined()
    await expect(createHandlers(office)['backups.runNow']({}, { transport: 'test' })).rejects.toMatchObject({
      code: 'backup-postgres',
      message: expect.stringContaining(':***@'),
    })
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

  it("signs a technician's phones out on the form's seat when their PIN changes on another seat", async () => {
    const formSeat = await seat('pin-form')
    const other = await seat('pin-other')
    const source = officeFormSource(formSeat)
    expect(await source.technician('T-07')).toMatchObject({ id: 'T-07' })
    const { token } = createSession(source, 'T-07')
    expect(await findSession(source, token)).toMatchObject({ technicianId: 'T-07' })
    // Another seat's Settings gives T-07 a new PIN (a new hash in the shared database).
    await other.db.updateTable('technicians').set({ pin_hash: 'scrypt$another-pin' }).where('id', '=', 'T-07').execute()
    expect(await findSession(source, token)).toBeNull()
    // A session made with the new PIN holds.
    const again = createSession(source, 'T-07')
    expect(await findSession(source, again.token)).toMatchObject({ technicianId: 'T-07' })
  })

  it('leaves backups to pg_dump on the server: no automatic backup here, and Settings says what to run', async () => {
    const office = await seat('seat-backups')
    const status = await backupStatus(office)
    expect(status).toMatchObject({ last: null, needsAttention: false, running: false })
    expect(status.postgres).toMatch(/^The office's database is on PostgreSQL \(postgres:\/\/.*:\*\*\*@/)
    expect(status.postgres).toContain('pg_dump --format=custom')
    expect(status.postgres).toContain(join(root, 'attachments'))
    expect(status.postgres).not.toContain(new URL(officeUrl.url).password)
    await expect(createHandlers(office)['backups.runNow']({}, { transport: 'test' })).rejects.toMatchObject({
      code: 'backup-postgres',
    })
    const scheduler = startBackupScheduler(office, 10)
    await new Promise((r) => setTimeout(r, 100))
    await scheduler.stop()
    expect(existsSync(join(root, 'seat-backups', 'backups'))).toBe(false)
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

/** A stand-in form server: what matters here is which seat listens for phones. */
function fakeForm(listening: Set<string>, name: string): () => Promise<LanServer> {
  return async () => {
    listening.add(name)
    return {
      urls: [`http://${name}.lan:8787/`],
      port: 8787,
      host: '0.0.0.0',
      close: async () => {
        listening.delete(name)
      },
    }
  }
}

describe.runIf(pgRuns)('one seat serves the technician form (issue #17)', () => {
  it('the first seat to start takes the form; seats starting at the same moment never both take it', async () => {
    const database = pgEngine(cluster.url(await cluster.createDatabase('form')))
    const demo = await openDemoOffice()
    try {
      demo.office.sqlite.pragma('wal_checkpoint(TRUNCATE)')
      const report = await copyOfficeToPostgres(demo.office.dataDir, database)
      expect(report.ok).toBe(true)
    } finally {
      await demo.close()
    }
    const offices = await Promise.all(['form-1', 'form-2', 'form-3', 'form-4'].map((n) => seat(n, database)))
    const answers = await Promise.all(offices.map((o) => servesForm(o)))
    expect(answers.filter(Boolean)).toHaveLength(1)
    const chosen = offices[answers.indexOf(true)]!
    expect(await readFormSeat(offices[0]!)).toMatchObject({ id: chosen.seat.id, name: chosen.seat.name })
    // Asked again, each seat gives the same answer.
    expect(await Promise.all(offices.map((o) => servesForm(o)))).toEqual(answers)
  })

  it('moving the form to another PC starts it there and stops it on the PC that had it, without a restart', async () => {
    const database = pgEngine(cluster.url(await cluster.createDatabase('form_move')))
    const demo = await openDemoOffice()
    try {
      demo.office.sqlite.pragma('wal_checkpoint(TRUNCATE)')
      expect((await copyOfficeToPostgres(demo.office.dataDir, database)).ok).toBe(true)
    } finally {
      await demo.close()
    }
    const a = await seat('move-a', database)
    const b = await seat('move-b', database)
    const listening = new Set<string>()
    const hostA = await hostForm(a, fakeForm(listening, 'a'), { checkMs: 100 })
    const hostB = await hostForm(b, fakeForm(listening, 'b'), { checkMs: 100 })
    try {
      expect([...listening]).toEqual(['a'])
      expect(hostB.server()).toBeNull()
      expect(await hostB.servedBy()).toMatchObject({ id: a.seat.id })

      await serveFormHere(b)
      await vi.waitFor(() => expect([...listening]).toEqual(['b']), { timeout: 3000, interval: 50 })
      expect(hostA.server()).toBeNull()
      expect(hostB.server()?.urls).toEqual(['http://b.lan:8787/'])
    } finally {
      await hostA.stop()
      await hostB.stop()
    }
    expect([...listening]).toEqual([])
  })
})

describe.runIf(pgRuns)('Settings > Phone form on PostgreSQL (issue #17)', () => {
  const admin = {
    id: 'U-1',
    name: 'Dana Kim (billing)',
    roles: ['billing' as const],
    admin: true,
    approver: false,
    technicianId: null,
  }

  it('says which PC serves the form, and an admin moves it here with their PIN', async () => {
    const a = await seat('settings-a')
    const b = await seat('settings-b')
    expect(await servesForm(a)).toBe(true)
    expect(await formSeatInfo(b)).toEqual({
      servedBy: { id: a.seat.id, name: a.seat.name, since: expect.any(String) },
      thisSeat: { id: b.seat.id, name: b.seat.name },
      here: false,
    })
    // A wrong PIN moves nothing; a user who is not an admin is refused before any PIN check.
    await expect(moveFormHere(b, admin, { confirmPin: '0000' })).rejects.toMatchObject({ code: 'wrong-pin' })
    await expect(moveFormHere(b, { ...admin, id: 'U-2', admin: false }, { confirmPin: '1357' })).rejects.toMatchObject({
      code: 'admin-only',
    })
    expect(await formSeatInfo(b)).toMatchObject({ here: false })
    expect(await moveFormHere(b, admin, { confirmPin: '2468' })).toMatchObject({
      servedBy: { id: b.seat.id },
      here: true,
    })
    expect(await formSeatInfo(a)).toMatchObject({ servedBy: { id: b.seat.id }, here: false })
  })
})

describe('the technician form on the SQLite file (issue #17)', () => {
  it('is served by the one PC, with no seat to choose', async () => {
    const demo = await openDemoOffice()
    const listening = new Set<string>()
    try {
      const host = await hostForm(demo.office, fakeForm(listening, 'office'), { checkMs: 100 })
      expect([...listening]).toEqual(['office'])
      expect(await host.servedBy()).toBeNull()
      expect(await servesForm(demo.office)).toBe(true)
      expect(await formSeatInfo(demo.office)).toBeNull()
      await host.stop()
      expect([...listening]).toEqual([])
    } finally {
      await demo.close()
    }
  })
})
