import { createServer, type Server, type Socket } from 'node:net'
import { mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DatabaseTestOutput, DatabaseView } from '../../../src-shared/api/database'
import { MIGRATIONS } from '../../../src-main/core/db/migrations/index'
import { migratePostgres } from '../../../src-main/core/db/pg/migrations'
import { openPostgres } from '../../../src-main/core/db/pg/pool'
import { openOffice, type Office } from '../../../src-main/core/office'
import { databaseChoiceStore } from '../../../src-main/core/settings/database-choice'
import { FIRST_ADMIN, signedInApi, type SignedInApi } from '../../support/signed-in'
import { tempFolders, type TempFolders } from '../../support/temp-office'
import { inCi, postgresAvailable, startPostgres, type PgCluster } from '../../support/postgres'

/**
 * Settings > Database (issue #17): "Test connection" through the office API against a real
 * throwaway PostgreSQL cluster (one for the whole file: it is slow to start), and the choice
 * saved with the password locked in the keychain (a stand-in with safeStorage's shape).
 */
const available = postgresAvailable()
const runs = available || inCi

let cluster: PgCluster | undefined
let folders: TempFolders
let desktop: Office
let api: SignedInApi
const servers: Server[] = []
const sockets: Socket[] = []

const xorKeychain = {
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => 'gnome_libsecret',
  encryptString: (s: string) => Buffer.from([...Buffer.from(s)].map((b) => b ^ 0x5a)),
  decryptString: (b: Buffer) => Buffer.from([...b].map((x) => x ^ 0x5a)).toString(),
}

beforeAll(async () => {
  folders = tempFolders('closeout-dbtest-')
  desktop = await openOffice({
    dataDir: folders.dataDir,
    sharedDir: folders.sharedDir,
    databaseChoice: databaseChoiceStore(folders.dataDir, xorKeychain, 'linux'),
  })
  api = await signedInApi(desktop)
  if (runs) cluster = await startPostgres()
}, 120_000)
afterAll(async () => {
  for (const s of sockets) s.destroy()
  for (const s of servers) s.close()
  await desktop.close()
  folders.cleanup()
  cluster?.stop()
})

async function test(url: string): Promise<DatabaseTestOutput> {
  const r = await api.call('database.test', { url })
  if (!r.ok) throw new Error(`database.test failed: ${r.error.message}`)
  return r.value as DatabaseTestOutput
}

/** A port with a listener that accepts and then never says a word (a black-holed server). */
function silentServer(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer((socket) => void sockets.push(socket))
    servers.push(server)
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port))
  })
}

/** A port nothing listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port
      server.close(() => resolve(port))
    })
  })
}

describe('Settings > Database: Test connection (issue #17)', () => {
  it('fails in CI when PostgreSQL is missing', () => {
    if (inCi) expect(available, 'CI must install postgresql (.ci/run)').toBe(true)
  })

  it('says plainly when nothing listens (connection refused)', async () => {
    const port = await closedPort()
    const r = await test(`postgres://closeout:pw@127.0.0.1:${port}/closeout`)
    expect(r).toMatchObject({
      ok: false,
      reason: 'refused',
      target: `postgres://closeout:***@127.0.0.1:${port}/closeout`,
    })
    expect(r.ok ? '' : r.message).toMatch(/connection refused.*runs on that computer/)
  })

  it('gives up on a server that never answers after the timeout, and says so', async () => {
    const port = await silentServer()
    const started = Date.now()
    const r = await test(`postgres://closeout:pw@127.0.0.1:${port}/closeout`)
    expect(r).toMatchObject({ ok: false, reason: 'timeout' })
    expect(r.ok ? '' : r.message).toMatch(/did not answer within 5 seconds/)
    expect(Date.now() - started).toBeLessThan(15_000)
  }, 30_000)

  it('names the wrong part of a string that is not a connection string, before connecting', async () => {
    const r = await test('postgres://closeout@db.office.lan:5432/')
    expect(r).toMatchObject({ ok: false, reason: 'invalid' })
    expect(r.ok ? '' : r.message).toMatch(/url\.database: is missing/)
    const badInput = await api.call('database.test', { url: '' })
    expect(badInput).toMatchObject({ ok: false, error: { code: 'invalid-input', details: [{ path: 'url' }] } })
  })

  it.skipIf(!runs)('says the server refused the password, without ever showing it', async () => {
    const wrong = cluster!.url('postgres').replace(cluster!.password, 'Wr0ngPassw0rd')
    const r = await test(wrong)
    expect(r).toMatchObject({ ok: false, reason: 'auth-failed' })
    expect(JSON.stringify(r)).not.toContain('Wr0ngPassw0rd')
    expect(r.ok ? '' : r.message).toMatch(/refused user "closeout_test" \(authentication failed\)/)
  })

  it.skipIf(!runs)('says when the server has no such database', async () => {
    const r = await test(cluster!.url('no_such_office'))
    expect(r).toMatchObject({ ok: false, reason: 'no-database' })
    expect(r.ok ? '' : r.message).toContain('no database "no_such_office"')
  })

  it.skipIf(!runs)(
    'reports the server version and whether the database is empty, holds an office (at which migration) or someone else’s tables',
    async () => {
      const url = cluster!.url(await cluster!.createDatabase('settings'))
      const empty = await test(url)
      expect(empty).toMatchObject({ ok: true, schema: { state: 'empty' } })
      expect(empty.ok && empty.serverVersion).toMatch(/^\d+(\.\d+)?/)
      expect(empty.ok && empty.summary).toMatch(/^Connected to PostgreSQL \d+.*The database is empty/)
      expect(JSON.stringify(empty)).not.toContain(cluster!.password)

      const db = openPostgres(url, { max: 1 })
      try {
        await migratePostgres(db)
      } finally {
        await db.destroy()
      }
      const names = Object.keys(MIGRATIONS).sort()
      const office = await test(url)
      expect(office).toMatchObject({
        ok: true,
        schema: {
          state: 'closeout',
          migration: names.at(-1),
          applied: names.length,
          known: names.length,
          relation: 'current',
        },
      })

      const other = cluster!.url(await cluster!.createDatabase('other'))
      const client = new pg.Client({ connectionString: other })
      await client.connect()
      await client.query('CREATE TABLE stock (sku text primary key)')
      await client.end()
      expect(await test(other)).toMatchObject({ ok: true, schema: { state: 'other', tables: 1 } })
    },
    60_000,
  )

  it.skipIf(!runs)(
    'saves the choice with the PIN and the attachments folder, the password only encrypted in the data folder',
    async () => {
      const url = cluster!.url('postgres')
      const noPin = await api.call('database.save', { url })
      expect(noPin).toMatchObject({ ok: false, error: { code: 'pin-required' } })
      // Every seat must reach the same photos: a PostgreSQL choice names where this PC finds them.
      const noFolder = await api.call('database.save', { url, confirmPin: FIRST_ADMIN.pin })
      expect(noFolder).toMatchObject({
        ok: false,
        error: {
          code: 'invalid-input',
          details: [{ path: 'attachmentsDir', message: expect.stringContaining('name the folder') }],
        },
      })
      const inShared = join(folders.sharedDir, 'attachments')
      mkdirSync(inShared, { recursive: true })
      for (const [attachmentsDir, says] of [
        ['attachments', 'is not a full path'],
        [join(folders.root, 'no-such-share'), 'is not a folder this PC reaches'],
        [inShared, 'must be separate'],
      ] as const) {
        const r = await api.call('database.save', { url, attachmentsDir, confirmPin: FIRST_ADMIN.pin })
        expect(r).toMatchObject({
          ok: false,
          error: { details: [{ path: 'attachmentsDir', message: expect.stringContaining(says) }] },
        })
      }
      expect(readdirSync(folders.dataDir).filter((f) => f.startsWith('database'))).toEqual([])

      const share = join(folders.root, 'share')
      mkdirSync(share)
      const saved = await api.call('database.save', { url, attachmentsDir: share, confirmPin: FIRST_ADMIN.pin })
      expect(saved.ok).toBe(true)
      const { view, notice } = (saved as { value: { view: DatabaseView; notice: string } }).value
      expect(view.saved).toEqual({
        engine: 'postgres',
        target: url.replace(cluster!.password, '***'),
        attachmentsDir: share,
      })
      // It takes effect at the next start: this office stays on its SQLite file until then.
      expect(view.inUse).toEqual({
        engine: 'sqlite',
        file: join(folders.dataDir, 'closeout.sqlite'),
        attachmentsDir: join(folders.dataDir, 'attachments'),
      })
      expect(notice).toMatch(/opens the office on postgres:\/\/.*:\*\*\*@.* at its next start, with the photos in /)
      expect(notice).toContain('Restart Closeout to use it.')
      const disk = readdirSync(folders.dataDir)
        .filter((f) => f.startsWith('database'))
        .map((f) => readFileSync(join(folders.dataDir, f), 'utf8'))
        .join('')
      expect(disk).toContain('***')
      expect(disk).toContain(share.replaceAll('\\', '\\\\'))
      expect(disk).not.toContain(cluster!.password)
      // The desktop app reads it back at its next start: the string with its password, and the folder.
      expect(databaseChoiceStore(folders.dataDir, xorKeychain, 'linux').read()).toEqual({
        engine: 'postgres',
        url,
        display: url.replace(cluster!.password, '***'),
        attachmentsDir: share,
      })
    },
  )
})

describe('Settings > Database under closeout serve (no keychain)', () => {
  it('refuses to keep a connection string and says CLOSEOUT_DATABASE is the way', async () => {
    const f = tempFolders('closeout-dbserve-')
    const served = await openOffice({ dataDir: f.dataDir, sharedDir: f.sharedDir })
    try {
      const served_api = await signedInApi(served)
      const view = await served_api.call('database.view')
      expect(view).toMatchObject({
        ok: true,
        value: { storage: 'environment-only', saved: null, variable: 'CLOSEOUT_DATABASE' },
      })
      const r = await served_api.call('database.save', {
        url: 'postgres://closeout:pw@db.office.lan/closeout',
        confirmPin: FIRST_ADMIN.pin,
      })
      expect(r).toMatchObject({ ok: false, error: { code: 'database-choice-environment' } })
      expect(r.ok ? '' : r.error.message).toMatch(/closeout serve takes its database from CLOSEOUT_DATABASE/)
      expect(readdirSync(f.dataDir).filter((n) => n.startsWith('database'))).toEqual([])
    } finally {
      await served.close()
      f.cleanup()
    }
  })
})
