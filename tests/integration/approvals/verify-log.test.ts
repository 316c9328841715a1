import BetterSqlite3 from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import { join } from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { approveJob } from '../../../src-main/core/approvals/decisions'
import type { Database } from '../../../src-main/core/db/schema'
import { eventHash, verifyEventLogIn, type EventRow, type LogVerdict } from '../../../src-main/core/lifecycle/event-log'
import { runCli } from '../../support/run-cli'
import { approvalsOffice, disposeTemplate, type ApprovalsOffice } from './approvals-harness'

/**
 * The attacker of these tests has the database file and sqlite3: they drop the append-only
 * triggers and edit, delete, reorder or insert rows. The hash chain must name the first row
 * that does not fit, and `closeout verify-log` must exit 1 saying so.
 */
let h: ApprovalsOffice
let file: string

beforeEach(async () => {
  h = await approvalsOffice()
  await h.submit({ warrantyClaim: true })
  await approveJob(h.office, { jobId: 'J-1043', userId: 'U-2', pin: '1357', comment: 'ok' })
  file = join(h.folders.dataDir, 'closeout.sqlite')
  await h.office.close()
})
afterEach(() => h.dispose())
afterAll(() => disposeTemplate())

/** The log's verdict (verifyEventLogIn, what verify-log runs) read through Kysely on this connection. */
function verdictOf(db: BetterSqlite3.Database): Promise<LogVerdict> {
  return verifyEventLogIn(new Kysely<Database>({ dialect: new SqliteDialect({ database: db }) }))
}

async function tamper(body: (db: BetterSqlite3.Database) => void): Promise<LogVerdict> {
  const db = new BetterSqlite3(file)
  try {
    db.exec('DROP TRIGGER job_events_no_update; DROP TRIGGER job_events_no_delete')
    body(db)
    return await verdictOf(db)
  } finally {
    db.close()
  }
}

const rows = (db: BetterSqlite3.Database) => db.prepare('SELECT * FROM job_events ORDER BY id').all() as EventRow[]

describe('event log tamper evidence', () => {
  it('an untouched log verifies, and the CLI says so with exit 0', async () => {
    const db = new BetterSqlite3(file, { readonly: true })
    const verdict = await verdictOf(db)
    db.close()
    expect(verdict.ok).toBe(true)
    expect(verdict.rows).toBeGreaterThan(25)
    const cli = runCli(['--data', h.folders.dataDir, '--shared', h.folders.sharedDir, 'verify-log'])
    expect(cli).toMatchObject({ code: 0, stdout: `Event log intact: ${verdict.rows} rows\n` })
  })

  it('an edited row is named (the approver changed), and the CLI exits 1 naming it', async () => {
    let target = 0
    const verdict = await tamper((db) => {
      target = (db.prepare(`SELECT id FROM job_events WHERE type = 'approved'`).get() as { id: number }).id
      db.prepare('UPDATE job_events SET actor = ? WHERE id = ?').run('U-1', target)
    })
    expect(verdict).toMatchObject({
      ok: false,
      brokenAt: { id: target, reason: `row ${target} was edited after it was written` },
    })

    const cli = runCli(['--data', h.folders.dataDir, '--shared', h.folders.sharedDir, 'verify-log'])
    expect(cli.code).toBe(1)
    expect(cli.stderr).toBe(
      `closeout: event log broken at row ${target}: row ${target} was edited after it was written\n`,
    )
  })

  it('a deleted row in the middle is named', async () => {
    expect(await tamper((db) => db.prepare('DELETE FROM job_events WHERE id = 7').run())).toMatchObject({
      ok: false,
      brokenAt: { id: 8, reason: 'row 7 is missing (deleted) before row 8' },
    })
  })

  it('deleted rows at the end are caught by the head record', async () => {
    let last = 0
    const verdict = await tamper((db) => {
      last = (db.prepare('SELECT MAX(id) AS id FROM job_events').get() as { id: number }).id
      db.prepare('DELETE FROM job_events WHERE id >= ?').run(last - 1)
    })
    expect(verdict).toMatchObject({
      ok: false,
      brokenAt: {
        id: last,
        reason: `the log ends at row ${last - 2} but row ${last} was written (rows deleted from the end)`,
      },
    })
  })

  it('two rows swapped (reordered) are caught at the first of them', async () => {
    const verdict = await tamper((db) => {
      const [a, b] = rows(db).filter((r) => r.id === 3 || r.id === 4) as [EventRow, EventRow]
      const put = db.prepare(
        'UPDATE job_events SET job_id = ?, at = ?, type = ?, actor = ?, data_json = ?, prev_hash = ?, hash = ? WHERE id = ?',
      )
      // hash is UNIQUE: park row 3's hash before writing row 4's content over it.
      db.prepare('UPDATE job_events SET hash = ? WHERE id = 3').run('x'.repeat(64))
      put.run(a.job_id, a.at, a.type, a.actor, a.data_json, a.prev_hash, a.hash, 4)
      put.run(b.job_id, b.at, b.type, b.actor, b.data_json, b.prev_hash, b.hash, 3)
    })
    expect(verdict).toMatchObject({
      ok: false,
      brokenAt: { id: 3, reason: 'row 3 does not follow row 2 (inserted, reordered or a row before it changed)' },
    })
  })

  it('a forged row inserted in the middle, with a correct hash of its own, is caught at the row after it', async () => {
    const verdict = await tamper((db) => {
      const all = rows(db)
      db.prepare('DELETE FROM job_events').run()
      const insert = db.prepare(
        'INSERT INTO job_events (id, job_id, at, type, actor, data_json, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      for (const r of all) {
        if (r.id === 11) {
          const forged = {
            id: 11,
            job_id: 'J-1043',
            at: r.at,
            type: 'approved',
            actor: 'U-2',
            data_json: '{"level":1}',
            prev_hash: all[9]!.hash,
          }
          insert.run(...Object.values({ ...forged, hash: eventHash(forged) }))
        }
        const id = r.id >= 11 ? r.id + 1 : r.id
        insert.run(id, r.job_id, r.at, r.type, r.actor, r.data_json, r.prev_hash, r.hash)
      }
    })
    expect(verdict).toMatchObject({ ok: false, brokenAt: { id: 12 } })
  })
})
