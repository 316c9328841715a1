import BetterSqlite3 from 'better-sqlite3'
import { existsSync } from 'node:fs'
import { sql, type Kysely } from 'kysely'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../../src-main/core/db/connection'
import { MIGRATIONS } from '../../../src-main/core/db/migrations/index'
import { CloseoutError } from '../../../src-main/core/errors'
import { tempFolders, type TempFolders } from '../../support/temp-office'

let folders: TempFolders
afterEach(() => folders?.cleanup())

describe('database', () => {
  it('creates every table from empty, in WAL with synchronous=FULL and foreign keys', async () => {
    folders = tempFolders()
    const { sqlite, db, backupPath } = await openDatabase(folders.dataDir)

    const tables = (
      sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]
    ).map((t) => t.name)
    expect(tables).toEqual(
      expect.arrayContaining([
        'company',
        'taxes',
        'users',
        'technicians',
        'customers',
        'price_book',
        'labor_rates',
        'accounting_mappings',
        'job_types',
        'approval_policy',
        'jobs',
        'estimate_lines',
        'submissions',
        'submission_lines',
        'attachments',
        'job_events',
        'export_batches',
      ]),
    )
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(sqlite.pragma('synchronous', { simple: true })).toBe(2)
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(backupPath).toBeNull()
    await db.destroy()
  })

  it('applies each migration once: reopening runs nothing and backs nothing up', async () => {
    folders = tempFolders()
    await (await openDatabase(folders.dataDir)).db.destroy()
    const again = await openDatabase(folders.dataDir)

    const applied = again.sqlite.prepare('SELECT name FROM kysely_migration').all() as { name: string }[]
    expect(applied.map((r) => r.name)).toEqual(Object.keys(MIGRATIONS))
    expect(again.backupPath).toBeNull()
    await again.db.destroy()
  })

  it('backs up an existing database before running a new migration', async () => {
    folders = tempFolders()
    const initialOnly = { '2026_11_25_1200_initial': MIGRATIONS['2026_11_25_1200_initial']! }
    const first = await openDatabase(folders.dataDir, { migrations: initialOnly })
    first.sqlite.prepare(`INSERT INTO taxes (id, name, rate_milli) VALUES ('t', 'Tax', 6250)`).run()
    await first.db.destroy()

    const later = {
      ...initialOnly,
      '2099_01_01_0000_add_notes': {
        up: async (db: Kysely<unknown>) => void (await sql`CREATE TABLE notes (id INTEGER PRIMARY KEY)`.execute(db)),
      },
    }
    const reopened = await openDatabase(folders.dataDir, { migrations: later })

    expect(reopened.backupPath).not.toBeNull()
    expect(existsSync(reopened.backupPath!)).toBe(true)
    const copy = new BetterSqlite3(reopened.backupPath!, { readonly: true })
    expect(copy.prepare('SELECT rate_milli FROM taxes').get()).toEqual({ rate_milli: 6250 })
    expect(copy.prepare(`SELECT name FROM sqlite_master WHERE name = 'notes'`).get()).toBeUndefined()
    copy.close()
    expect(reopened.sqlite.prepare(`SELECT name FROM sqlite_master WHERE name = 'notes'`).get()).toEqual({
      name: 'notes',
    })
    await reopened.db.destroy()
  })

  it('runs each migration in its own transaction: a failing one leaves nothing behind', async () => {
    folders = tempFolders()
    const initialOnly = { '2026_11_25_1200_initial': MIGRATIONS['2026_11_25_1200_initial']! }
    await (await openDatabase(folders.dataDir, { migrations: initialOnly })).db.destroy()
    const broken = {
      ...initialOnly,
      '2099_01_01_0000_half_done': {
        up: async (db: Kysely<unknown>) => {
          await sql`CREATE TABLE half (id INTEGER PRIMARY KEY)`.execute(db)
          await sql`INSERT INTO no_such_table VALUES (1)`.execute(db)
        },
      },
    }

    await expect(openDatabase(folders.dataDir, { migrations: broken })).rejects.toMatchObject({
      code: 'migration-failed',
      message: expect.stringContaining('2099_01_01_0000_half_done'),
    })
    const raw = new BetterSqlite3(join(folders.dataDir, 'closeout.sqlite'), { readonly: true })
    expect(raw.prepare(`SELECT name FROM sqlite_master WHERE name = 'half'`).get()).toBeUndefined()
    expect(raw.prepare(`SELECT COUNT(*) AS n FROM kysely_migration`).get()).toEqual({ n: 1 })
    raw.close()
  })

  it('refuses a database written by a newer Closeout and leaves it untouched', async () => {
    folders = tempFolders()
    const first = await openDatabase(folders.dataDir)
    first.sqlite
      .prepare(`INSERT INTO kysely_migration (name, timestamp) VALUES ('2099_01_01_0000_future', '2099-01-01')`)
      .run()
    await first.db.destroy()

    const attempt = openDatabase(folders.dataDir)
    await expect(attempt).rejects.toBeInstanceOf(CloseoutError)
    await expect(openDatabase(folders.dataDir)).rejects.toMatchObject({
      code: 'database-newer',
      message: expect.stringContaining('newer version of Closeout'),
    })
    const raw = new BetterSqlite3(join(folders.dataDir, 'closeout.sqlite'), { readonly: true })
    expect(raw.prepare(`SELECT COUNT(*) AS n FROM kysely_migration WHERE name LIKE '2099%'`).get()).toEqual({ n: 1 })
    raw.close()
  })

  it('keeps job_events append-only', async () => {
    folders = tempFolders()
    const { sqlite, db } = await openDatabase(folders.dataDir)
    sqlite
      .prepare(
        `INSERT INTO job_events (job_id, at, type, actor, data_json, prev_hash, hash) VALUES ('J', 'now', 't', 'a', '{}', 'p', 'h')`,
      )
      .run()

    expect(() => sqlite.prepare(`UPDATE job_events SET actor = 'x'`).run()).toThrow(/append-only/)
    expect(() => sqlite.prepare(`DELETE FROM job_events`).run()).toThrow(/append-only/)
    await db.destroy()
  })
})
