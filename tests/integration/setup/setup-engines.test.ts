import type { Kysely } from 'kysely'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { verifyPin } from '../../../src-main/core/auth/pin'
import { postgresEngineDb, type EngineDb, type EngineName } from '../../../src-main/core/db/engine-db'
import { migratePostgres } from '../../../src-main/core/db/pg/migrations'
import { openPostgres, type PgDatabase } from '../../../src-main/core/db/pg/pool'
import { exportSetup } from '../../../src-main/core/setup/setup-export'
import { recordSetupImport } from '../../../src-main/core/setup/setup-import'
import { refusalWithPaths } from '../../support/refusal'
import { ENGINES, engineRuns, pgRuns, verifyLogOn } from '../../support/engines'
import { startPostgres, type PgCluster } from '../../support/postgres'
import { demoSetup, tempOffice } from '../../support/temp-office'

/**
 * Issue #17: the setup file on the async path. Into an empty office on the SQLite file and on
 * PostgreSQL, the demo's setup file and then a file with every section write the same rows (to
 * the event log's hashes), the same summaries, and export back as the same document; a bad file
 * is refused alike (code, message, field path); the log verifies. On PostgreSQL two seats
 * importing the same file at the same moment write it once.
 */
const NOW = new Date('2026-12-01T15:00:00Z')
const TABLES: [table: string, ...keys: string[]][] = [
  ['company', 'id'],
  ['taxes', 'id'],
  ['users', 'id'],
  ['technicians', 'id'],
  ['customers', 'id'],
  ['price_book', 'sku'],
  ['labor_rates', 'role'],
  ['job_types', 'id'],
  ['approval_policy', 'id'],
  ['accounting_mappings', 'kind', 'ref', 'system'],
  ['settings', 'key'],
  ['jobs', 'id'],
  ['estimate_lines', 'job_id', 'line_no'],
  ['job_events', 'id'],
]

let cluster: PgCluster | undefined
const pools: Kysely<PgDatabase>[] = []
const disposers: (() => Promise<void>)[] = []

beforeAll(async () => {
  if (pgRuns) cluster = await startPostgres()
}, 120_000)
afterEach(() => {
  vi.useRealTimers()
})
afterAll(async () => {
  for (const pool of pools) await pool.destroy()
  for (const dispose of disposers) await dispose()
  cluster?.stop()
})

/** An office without a company yet, on `engine`. */
async function emptyOffice(engine: EngineName): Promise<EngineDb> {
  if (engine === 'sqlite') {
    const t = await tempOffice()
    disposers.push(t.dispose)
    return t.office
  }
  const url = cluster!.url(await cluster!.createDatabase('setup'))
  const db = seat(url)
  await migratePostgres(db)
  return postgresEngineDb(db)
}

function seat(url: string): Kysely<PgDatabase> {
  const db = openPostgres(url, { max: 2 })
  pools.push(db)
  return db
}

/** Every row the setup file writes, in key order; PIN hashes (salted) only as "a hash". */
async function officeRows(edb: EngineDb): Promise<Record<string, unknown[]>> {
  const db = edb.db as unknown as Kysely<Record<string, Record<string, unknown>>>
  const out: Record<string, unknown[]> = {}
  for (const [table, ...keys] of TABLES) {
    let query = db.selectFrom(table).selectAll()
    for (const key of keys) query = query.orderBy(key)
    // Written by the SQLite office when it opens (the dashboard's fold version), not by the setup file.
    if (table === 'settings') query = query.where('key', '!=', 'metrics.timelineFoldVersion')
    out[table] = (await query.execute()).map((row) =>
      'pin_hash' in row ? { ...row, pin_hash: row.pin_hash ? 'scrypt' : null } : row,
    )
  }
  return out
}

/** The setup export with PIN hashes (salted) as "a hash". */
async function exported(edb: EngineDb): Promise<unknown> {
  return JSON.parse(JSON.stringify(await exportSetup(edb)).replace(/"pinHash":"[^"]+"/g, '"pinHash":"scrypt"'))
}

/** A file with every section and v1.1 field the spec has, over the demo's. */
function everySection(): Record<string, unknown> {
  const doc = demoSetup()
  const customers = (doc.customers as Record<string, unknown>[]).map((c, i) =>
    i === 0
      ? {
          ...c,
          sendPacketsTo: ['ap@acmedental.example'],
          accountingName: 'Acme Dental LLC',
          address: {
            line1: '1 Main St',
            line2: 'Suite 2',
            city: 'Chicago',
            region: 'IL',
            postalCode: '60601',
            country: 'US',
          },
        }
      : c,
  )
  const technicians = (doc.technicians as Record<string, unknown>[]).map((t, i) =>
    i === 0 ? { ...t, email: 'sam@example.com', phone: '555-0101', defaultLaborRole: 'journeyman' } : t,
  )
  return {
    ...doc,
    company: {
      ...(doc.company as object),
      accountingSystem: 'xero',
      invoiceDate: 'completed',
      nextInvoiceNumber: 2000,
    },
    users: [...(doc.users as object[]), { id: 'U-9', name: 'Office admin', roles: ['admin', 'billing'], pin: '9090' }],
    technicians,
    customers,
    approvalPolicy: { ...(doc.approvalPolicy as object), creditsNeedApproval: false, belowEstimatePercent: '40' },
    accounting: {
      adjustments: [{ ref: 'trip-charge', qbo: 'Trip', xero: 'TRIP', iif: 'Trip Charge' }],
      defaultPart: { qbo: 'Parts:Misc', xero: 'MISC', iif: 'Misc Parts' },
      exportSettings: {
        qbo: { exemptTaxCode: 'NON' },
        xero: { salesAccountCode: '4000', exemptTaxType: 'No Tax', writeCurrency: true },
        iif: { arAccount: 'A/R', partsAccount: 'Parts Income' },
      },
    },
    mail: {
      mode: 'smtp',
      host: 'smtp.example.com',
      port: 587,
      secure: false,
      user: 'billing@example.com',
      from: 'billing@example.com',
    },
  }
}

/** Bad files, each refused before anything is written. */
const BAD: [what: string, doc: () => Record<string, unknown>][] = [
  ['a record that breaks the schema', () => ({ ...demoSetup(), company: { currency: 'USD' } })],
  [
    'a reference to nothing',
    () => ({
      ...demoSetup(),
      jobs: [{ ...(demoSetup().jobs as object[])[0], customerId: 'C-404' }],
    }),
  ],
  [
    'a duplicate id',
    () => ({ ...demoSetup(), taxes: [...(demoSetup().taxes as object[]), (demoSetup().taxes as object[])[0]] }),
  ],
  [
    'the last admin switched off',
    () => ({ ...everySection(), users: [{ id: 'U-9', name: 'Office admin', roles: ['admin'], active: false }] }),
  ],
]

const seen: Partial<Record<EngineName, unknown[]>> = {}

describe.each(ENGINES)('the setup file on %s (issue #17)', (engine) => {
  it.runIf(engineRuns(engine))(
    'imports the demo file, then a file with every section, into an empty office; refuses bad files alike; the log verifies',
    async () => {
      vi.useFakeTimers({ toFake: ['Date'], now: NOW })
      const edb = await emptyOffice(engine)
      const results: unknown[] = []
      const demo = await recordSetupImport(edb, demoSetup(), 'setup-import')
      expect(demo.jobs).toEqual({ created: 20, updated: 0, unchanged: 0 })
      results.push(demo, await officeRows(edb), await exported(edb))
      const again = await recordSetupImport(edb, demoSetup(), 'setup-import')
      const { notes, ...sections } = again
      expect(notes).toEqual([])
      for (const count of Object.values(sections)) expect(count.created + count.updated).toBe(0)
      results.push(again)
      const every = await recordSetupImport(edb, everySection(), 'setup-import')
      expect(every.mail).toEqual({ created: 1, updated: 0, unchanged: 0 })
      results.push(every, await officeRows(edb), await exported(edb))
      const user = await edb.db.selectFrom('users').select('pin_hash').where('id', '=', 'U-9').executeTakeFirstOrThrow()
      expect(await verifyPin('9090', user.pin_hash)).toBe(true)
      for (const [what, doc] of BAD) {
        const refused = await refusalWithPaths(recordSetupImport(edb, doc(), 'setup-import'))
        results.push({ what, ...refused })
      }
      // Refused files wrote nothing.
      expect(await officeRows(edb)).toEqual(results[5])
      expect(await verifyLogOn(edb)).toMatchObject({ ok: true, rows: 20 })
      seen[engine] = results
    },
    120_000,
  )
})

describe('both engines (issue #17)', () => {
  it.runIf(pgRuns)('give the same rows, summaries, refusals and exported document', () => {
    const [sqlite, postgres] = [seen.sqlite!, seen.postgres!]
    expect(sqlite.slice(-BAD.length).map((r) => (r as { code: string }).code)).toEqual([
      'invalid-setup',
      'invalid-setup',
      'invalid-setup',
      'last-admin',
    ])
    expect(postgres).toEqual(sqlite)
  })

  it.runIf(pgRuns)(
    'two PostgreSQL seats importing the same file at the same moment write it once',
    async () => {
      const url = cluster!.url(await cluster!.createDatabase('seats'))
      await migratePostgres(seat(url))
      const [a, b] = [postgresEngineDb(seat(url)), postgresEngineDb(seat(url))]
      const summaries = await Promise.all([
        recordSetupImport(a, everySection(), 'seat-a'),
        recordSetupImport(b, everySection(), 'seat-b'),
      ])
      const created = summaries.map((s) => s.jobs.created).sort()
      expect(created).toEqual([0, 20])
      const events = await a.db.selectFrom('job_events').select(['job_id', 'type', 'actor']).execute()
      expect(events).toHaveLength(20)
      expect(new Set(events.map((e) => e.actor)).size).toBe(1)
      expect(await verifyLogOn(a)).toMatchObject({ ok: true, rows: 20 })
      // The seat that came second kept the first seat's PIN hash (the PIN matches it), so nothing changed twice.
      const second = summaries.find((s) => s.jobs.created === 0)!
      expect(second.users).toEqual({ created: 0, updated: 0, unchanged: 3 })
      const user = await a.db.selectFrom('users').select('pin_hash').where('id', '=', 'U-9').executeTakeFirstOrThrow()
      expect(await verifyPin('9090', user.pin_hash)).toBe(true)
    },
    120_000,
  )
})
