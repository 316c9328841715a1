import { afterEach, describe, expect, it } from 'vitest'
import { openOffice } from '../../../src-main/core/office'
import { exportSetup } from '../../../src-main/core/setup/setup-export'
import { importSetup } from '../../../src-main/core/setup/setup-import'
import { verifyPin } from '../../../src-main/core/auth/pin'
import { verifyEventLogIn } from '../../../src-main/core/lifecycle/event-log'
import { demoSetup, tempFolders, tempOffice } from '../../support/temp-office'

let dispose: (() => Promise<void>) | undefined
afterEach(async () => {
  await dispose?.()
  dispose = undefined
})

function tableCounts(sqlite: import('better-sqlite3').Database) {
  const tables = [
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
    'job_events',
  ]
  return Object.fromEntries(
    tables.map((t) => [t, (sqlite.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n]),
  )
}

describe('setup import', () => {
  it('loads the demo company in one go, with scheduled jobs and their estimates', async () => {
    const t = await tempOffice()
    dispose = t.dispose

    const summary = await importSetup(t.office, demoSetup())

    expect(summary.jobs).toEqual({ created: 20, updated: 0, unchanged: 0 })
    expect(summary.priceBook.created).toBe(40)
    const counts = tableCounts(t.office.sqlite)
    expect(counts).toMatchObject({ technicians: 3, users: 2, customers: 12, price_book: 40, job_types: 4, jobs: 20 })
    const job = t.office.sqlite.prepare(`SELECT status, not_to_exceed_cents FROM jobs WHERE id = 'J-1042'`).get()
    expect(job).toEqual({ status: 'scheduled', not_to_exceed_cents: 650000 })
    expect(await verifyEventLogIn(t.office.db)).toEqual({ ok: true, rows: 20 })
  })

  it('stores PINs as slow salted hashes, never in plain text', async () => {
    const t = await tempOffice()
    dispose = t.dispose
    await importSetup(t.office, demoSetup())

    const row = t.office.sqlite.prepare(`SELECT pin_hash FROM technicians WHERE id = 'T-07'`).get() as {
      pin_hash: string
    }
    expect(row.pin_hash).toMatch(/^scrypt\$32768\$8\$1\$/)
    expect(row.pin_hash).not.toContain('4321')
    expect(await verifyPin('4321', row.pin_hash)).toBe(true)
    expect(await verifyPin('4322', row.pin_hash)).toBe(false)
  })

  it('is an upsert: importing the same file twice changes nothing the second time', async () => {
    const t = await tempOffice()
    dispose = t.dispose
    await importSetup(t.office, demoSetup())
    const before = t.office.sqlite.prepare('SELECT * FROM technicians ORDER BY id').all()
    const countsBefore = tableCounts(t.office.sqlite)

    const second = await importSetup(t.office, demoSetup())

    const { notes, ...sections } = second
    for (const section of Object.values(sections)) expect(section.created + section.updated).toBe(0)
    expect(notes).toEqual([])
    expect(tableCounts(t.office.sqlite)).toEqual(countsBefore)
    expect(t.office.sqlite.prepare('SELECT * FROM technicians ORDER BY id').all()).toEqual(before)
  })

  it('updates a changed record and leaves records missing from the file alone', async () => {
    const t = await tempOffice()
    dispose = t.dispose
    await importSetup(t.office, demoSetup())
    const doc = demoSetup() as { priceBook: { sku: string; unitPrice: string }[]; customers: unknown[] }
    doc.priceBook[0]!.unitPrice = '41.50'
    doc.customers = []

    const summary = await importSetup(t.office, doc)

    expect(summary.priceBook).toEqual({ created: 0, updated: 1, unchanged: 39 })
    expect(
      t.office.sqlite.prepare(`SELECT unit_price_cents FROM price_book WHERE sku = ?`).get(doc.priceBook[0]!.sku),
    ).toEqual({ unit_price_cents: 4150 })
    expect(tableCounts(t.office.sqlite).customers).toBe(12)
  })

  it('round-trips: export, import into an empty data folder, export again gives the same document', async () => {
    const a = await tempOffice()
    await importSetup(a.office, demoSetup())
    const first = await exportSetup(a.office)
    await a.dispose()
    const b = await tempOffice()
    dispose = b.dispose

    await importSetup(b.office, first)

    expect(await exportSetup(b.office)).toEqual(first)
    expect(JSON.stringify(first)).not.toMatch(/"pin":/)
  })

  it('imports nothing from a malformed file and names the path and record', async () => {
    const t = await tempOffice()
    dispose = t.dispose
    const doc = demoSetup() as { customers: { id: string; taxId: string | null }[]; priceBook: { unitPrice: string }[] }
    doc.customers[4]!.taxId = 'nowhere'
    doc.priceBook[2]!.unitPrice = '12.345'

    await expect(importSetup(t.office, doc)).rejects.toMatchObject({
      code: 'invalid-setup',
      details: [{ path: 'priceBook[2].unitPrice', message: expect.stringContaining('priceBook "CAP-10"') }],
    })
    doc.priceBook[2]!.unitPrice = '12.34'
    await expect(importSetup(t.office, doc)).rejects.toMatchObject({
      code: 'invalid-setup',
      details: [{ path: 'customers[4].taxId', message: 'customer C-104: unknown tax "nowhere"' }],
    })
    expect(tableCounts(t.office.sqlite)).toMatchObject({ company: 0, customers: 0, jobs: 0, job_events: 0 })
  })

  it('rolls back everything when a row fails inside the transaction', async () => {
    const t = await tempOffice()
    dispose = t.dispose
    await importSetup(t.office, demoSetup())
    // A job that moved on (e.g. invoiced) keeps its status; but a broken foreign key must undo the whole import.
    t.office.sqlite.pragma('foreign_keys = ON')
    const doc = demoSetup() as { company: { name: string }; jobs: { customerId: string }[] }
    doc.company.name = 'Renamed Heating'
    const countsBefore = tableCounts(t.office.sqlite)
    t.office.sqlite.prepare(`DELETE FROM estimate_lines WHERE job_id = 'J-1042'`).run()
    t.office.sqlite.exec(`CREATE TRIGGER fail_jobs BEFORE UPDATE ON jobs BEGIN SELECT RAISE(ABORT, 'disk full'); END`)
    doc.jobs[0]!.customerId = 'C-101'

    await expect(importSetup(t.office, doc)).rejects.toThrow(/disk full/)
    expect(t.office.sqlite.prepare('SELECT name FROM company').get()).toEqual({ name: 'Northside Heating & Air' })
    expect(tableCounts(t.office.sqlite).job_events).toBe(countsBefore.job_events)
  })
})

describe('data and shared folders', () => {
  it('refuses a data folder inside the shared folder', async () => {
    const f = tempFolders()
    try {
      await expect(openOffice({ dataDir: `${f.sharedDir}/data`, sharedDir: f.sharedDir })).rejects.toMatchObject({
        code: 'data-in-shared-folder',
      })
    } finally {
      f.cleanup()
    }
  })
})
