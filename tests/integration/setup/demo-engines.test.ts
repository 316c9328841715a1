import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { copyOfficeToPostgres } from '../../../src-main/core/db/pg/copy-office'
import { parseDatabaseOption, type DatabaseEngine } from '../../../src-main/core/db/pg/engine'
import { openOffice, type Office } from '../../../src-main/core/office'
import { importDemoSetup } from '../../../src-main/core/setup/demo'
import { exportSetup } from '../../../src-main/core/setup/setup-export'
import { pgRuns, verifyLogOn } from '../../support/engines'
import { startPostgres, type PgCluster } from '../../support/postgres'

/**
 * Issue #17: an office opened on PostgreSQL (a seat, as `serve --database postgres://…` opens
 * it) takes the demo company's setup file as the SQLite office does: the same document exported
 * back, the same log. (The demo's twelve weeks of history need the export's receipts on the
 * async path too: it pays them through the SQLite office today.)
 */
let cluster: PgCluster | undefined
let root: string
const opened: Office[] = []

afterAll(async () => {
  for (const office of opened) await office.close()
  cluster?.stop()
  if (root) rmSync(root, { recursive: true, force: true })
})

async function office(name: string, database?: DatabaseEngine): Promise<Office> {
  const o = await openOffice({
    dataDir: join(root, name),
    sharedDir: join(root, `shared-${name}`),
    ...(database ? { database, attachmentsDir: join(root, 'attachments-pg') } : {}),
  })
  opened.push(o)
  return o
}

/** What a user sees of the demo company: its setup document (PIN hashes are salted) and its log. */
async function demoRows(o: Office) {
  const doc = JSON.stringify(await exportSetup(o)).replace(/"pinHash":"[^"]+"/g, '"pinHash":"scrypt"')
  const events = await o.db.selectFrom('job_events').select(['id', 'job_id', 'type', 'actor']).orderBy('id').execute()
  const demoKey = await o.db
    .selectFrom('settings')
    .select('value_json')
    .where('key', '=', 'demoOffice')
    .executeTakeFirst()
  return { doc: JSON.parse(doc) as unknown, events: events.map((e) => ({ ...e, id: Number(e.id) })), demoKey }
}

describe('the demo office on both engines (issue #17)', () => {
  it.runIf(pgRuns)(
    'a seat on PostgreSQL imports the demo company as the SQLite office does, and its log verifies',
    async () => {
      root = mkdtempSync(join(tmpdir(), 'closeout-demo-engines-'))
      cluster = await startPostgres()
      // An office without a company, closed (its WAL folded in) and moved to PostgreSQL as `db migrate` does.
      const empty = await office('empty')
      await empty.close()
      const url = parseDatabaseOption(cluster.url(await cluster.createDatabase('demo')))
      const report = await copyOfficeToPostgres(empty.dataDir, url as DatabaseEngine & { engine: 'postgres' })
      expect(report.ok).toBe(true)

      const sqlite = await office('sqlite')
      const pg = await office('pg', url)
      expect(await importDemoSetup(sqlite)).toBe(true)
      expect(await importDemoSetup(pg)).toBe(true)
      const [a, b] = [await demoRows(sqlite), await demoRows(pg)]
      expect(a.events).toHaveLength(20)
      expect(b).toEqual(a)
      expect((await verifyLogOn(pg)).ok).toBe(true)
      // Loading it again changes nothing.
      expect(await importDemoSetup(pg)).toBe(false)
    },
    300_000,
  )
})
