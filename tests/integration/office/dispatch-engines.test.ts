import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EngineDb } from '../../../src-main/core/db/engine-db'
import { dispatchOptions } from '../../../src-main/core/dispatch/dispatch-options'
import { loadJobForm } from '../../../src-main/core/dispatch/job-form'
import { listJobs } from '../../../src-main/core/jobs/jobs.repo'
import { openOffice } from '../../../src-main/core/office'
import { rebuildFromArchive } from '../../../src-main/core/rebuild/rebuild-from-archive'
import { idsAndNames } from '../../../src-main/core/setup/catalog-reads.repo'
import { companyCurrency, hasCompany } from '../../../src-main/core/setup/company-reads.repo'
import { ENGINES, engineRuns, openEngineOffices, pgRuns, type EngineOffices } from '../../support/engines'

/**
 * Issue #17, the dispatch form's reads on the async path: the lists it picks from
 * (dispatch.options: customers, technicians, job types, the price book, labor roles, the
 * currency), the setup catalog's readers and a job as the form edits it (jobs.form) run through
 * Kysely's `.execute()` on the SQLite file and on PostgreSQL. The same office is on both (the
 * demo company plus names whose order depends on case and on bytes: "Zeta" and "zeta", "apex",
 * "Ärzte", a lowercase SKU; a job whose estimate lines were written out of order), and a
 * dispatcher sees the same lists and the same job on both. The PostgreSQL database sorts text by
 * a language (ICU), as a server installed in one would, so the lists cannot lean on its locale.
 */
let engines: EngineOffices

beforeAll(async () => {
  engines = await openEngineOffices(
    ({ office }) => {
      const sqlite = office.sqlite
      const customer = sqlite.prepare(
        `INSERT INTO customers (id, name, address, email, phone, requires_signature) VALUES (?, ?, ?, '', '', 0)`,
      )
      sqlite.transaction(() => {
        customer.run('C-905', 'zeta refrigeration', '9 Elm St')
        customer.run('C-904', 'Zeta Refrigeration', '4 Elm St')
        customer.run('C-906', 'apex Mechanical', '6 Oak Ave')
        customer.run('C-907', 'Ärzte am Markt', 'Marktplatz 7')
        sqlite.prepare(`INSERT INTO technicians (id, name, active) VALUES ('T-90', 'aaron Diaz', 0)`).run()
        sqlite
          .prepare(
            `INSERT INTO job_types (id, name, required_photos_json, require_serial_number, require_signature)
           VALUES ('after-hours', 'after-hours call', '[]', 0, 0)`,
          )
          .run()
        sqlite
          .prepare(
            `INSERT INTO price_book (sku, description, unit_price_cents, taxable) VALUES ('cap-lower', 'Capacitor, odd SKU', 1250, 1)`,
          )
          .run()
        sqlite
          .prepare(
            `INSERT INTO labor_rates (role, name, rate_cents, overtime_multiplier_milli, taxable) VALUES ('aide', NULL, 4500, 1500, 0)`,
          )
          .run()
        sqlite
          .prepare(
            `INSERT INTO jobs (id, customer_id, site_address, job_type_id, technician_id, scheduled_for, po_number,
             not_to_exceed_cents, description, status, origin, created_at, updated_at)
           VALUES ('J-9100', 'C-904', '4 Elm St', 'after-hours', NULL, '2026-12-09T07:30:00-06:00', 'PO-9100',
             45000, 'Walk-in cooler alarm', 'scheduled', 'dispatch', '2026-12-08T03:00:00.000Z', '2026-12-08T03:00:00.000Z')`,
          )
          .run()
        const line = sqlite.prepare(
          `INSERT INTO estimate_lines (job_id, line_no, kind, sku, role, description, quantity_milli, unit_price_cents)
         VALUES ('J-9100', ?, ?, ?, ?, ?, ?, ?)`,
        )
        line.run(3, 'labor', null, 'aide', null, 1500, null)
        line.run(1, 'part', 'cap-lower', null, 'Capacitor, the odd one', 2000, 1375)
        line.run(2, 'part', 'CAP-45-5', null, null, 1000, null)
        const job = sqlite.prepare(
          `INSERT INTO jobs (id, customer_id, site_address, description, status, origin, created_at, updated_at)
         VALUES (?, 'C-906', '6 Oak Ave', '', ?, 'dispatch', '2026-12-08T03:00:00.000Z', '2026-12-08T03:00:00.000Z')`,
        )
        job.run('J-9101', 'invoiced')
        job.run('J-9102', 'needs-review')
        job.run('J-9103', 'void')
        // For the inbox's sorts by customer and technician (below): names outside A-Z.
        sqlite.prepare(`INSERT INTO technicians (id, name, active) VALUES ('T-91', 'Élodie Martin', 1)`).run()
        sqlite
          .prepare(
            `INSERT INTO jobs (id, customer_id, technician_id, site_address, description, status, origin, created_at, updated_at)
           VALUES (?, ?, ?, '', '', 'scheduled', 'dispatch', '2026-12-08T03:00:00.000Z', '2026-12-08T03:00:00.000Z')`,
          )
          .run('J-9104', 'C-907', 'T-91')
      })()
    },
    { pgIcuLocale: 'und' },
  )
}, 180_000)
afterAll(async () => {
  await engines?.close()
})

/** SQLite's NOCASE: A-Z folded, then compared code by code; the id breaks ties. */
const byNameThenId = (a: { id: string; name: string }, b: { id: string; name: string }): number => {
  const fold = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase())
  const [x, y] = [fold(a.name), fold(b.name)]
  return x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

describe.each(ENGINES)('the dispatch form on %s', (engine) => {
  const edb = (): EngineDb => engines.on(engine)
  const run = it.skipIf(!engineRuns(engine))

  run('lists customers by name without regard to case, equal names by id', async () => {
    const { customers } = await dispatchOptions(edb())
    expect(customers).toEqual([...customers].sort(byNameThenId))
    const at = (id: string) => customers.findIndex((c) => c.id === id)
    expect(at('C-906')).toBeLessThan(at('C-904'))
    expect(at('C-904')).toBe(at('C-905') - 1)
    // Letters outside A-Z keep their place after z, as SQLite's NOCASE keeps them.
    expect(at('C-907')).toBe(customers.length - 1)
    expect(customers[at('C-904')]).toEqual({ id: 'C-904', name: 'Zeta Refrigeration', address: '4 Elm St' })
  })

  run('lists technicians (with who is active), job types, parts and labor roles as the form shows them', async () => {
    const options = await dispatchOptions(edb())
    expect(options.currency).toBe('USD')
    expect(options.technicians[0]).toEqual({ id: 'T-90', name: 'aaron Diaz', active: false })
    expect(options.technicians.filter((t) => t.active).map((t) => t.name)).toEqual([
      'Marcus Bell',
      'Priya Natarajan',
      'Sam Ortiz',
      'Élodie Martin',
    ])
    expect(options.jobTypes[0]).toEqual({ id: 'after-hours', name: 'after-hours call' })
    expect(options.jobTypes).toEqual([...options.jobTypes].sort(byNameThenId))
    // SKUs and roles in byte order: upper case before lower case, on both engines.
    const skus = options.priceBook.map((p) => p.sku)
    expect(skus.indexOf('CAP-45-5')).toBeLessThan(skus.indexOf('cap-lower'))
    expect(skus.at(-1)).toBe('cap-lower')
    expect(options.priceBook.find((p) => p.sku === 'CAP-45-5')?.unitPrice).toBe('38.00')
    expect(options.priceBook.at(-1)).toEqual({
      sku: 'cap-lower',
      description: 'Capacitor, odd SKU',
      unitPrice: '12.50',
    })
    // A role without a name is shown by its role.
    expect(options.laborRoles[0]).toEqual({ role: 'aide', name: 'aide', rate: '45.00' })
    expect(options.laborRoles.map((l) => l.role)).toEqual([...options.laborRoles.map((l) => l.role)].sort())
  })

  run('names every customer, technician and job type by id', async () => {
    const technicians = await idsAndNames(edb(), 'technicians')
    expect(technicians.map((t) => t.id)).toEqual(technicians.map((t) => t.id).sort())
    expect(technicians).toContainEqual({ id: 'T-90', name: 'aaron Diaz' })
    expect((await idsAndNames(edb(), 'customers')).length).toBe((await dispatchOptions(edb())).customers.length)
    expect(await idsAndNames(edb(), 'job_types')).toContainEqual({ id: 'after-hours', name: 'after-hours call' })
  })

  run('opens a job in the form with its estimate in line order, money and quantities spelt as typed', async () => {
    expect(await loadJobForm(edb(), 'J-9100')).toEqual({
      id: 'J-9100',
      status: 'scheduled',
      customerId: 'C-904',
      siteAddress: '4 Elm St',
      jobTypeId: 'after-hours',
      technicianId: null,
      scheduledFor: '2026-12-09T07:30:00-06:00',
      poNumber: 'PO-9100',
      notToExceed: '450.00',
      description: 'Walk-in cooler alarm',
      estimate: [
        { kind: 'part', sku: 'cap-lower', quantity: '2', description: 'Capacitor, the odd one', unitPrice: '13.75' },
        { kind: 'part', sku: 'CAP-45-5', quantity: '1' },
        { kind: 'labor', role: 'aide', hours: '1.5' },
      ],
      locked: null,
    })
  })

  run('says why a job that is no longer scheduled cannot change, and that a missing job is missing', async () => {
    const locked = async (id: string) => (await loadJobForm(edb(), id)).locked
    expect(await locked('J-9101')).toBe(
      'This job is invoiced: change it in the accounting system, or void its export batch first.',
    )
    expect(await locked('J-9102')).toBe(
      'A closeout has arrived for this job: only the PO number, not-to-exceed and notes can change.',
    )
    expect(await locked('J-9103')).toBe('This job is void: nothing about it can change.')
    await expect(loadJobForm(edb(), 'J-0000')).rejects.toMatchObject({ code: 'not-found' })
  })

  run('knows the office has its company and its currency', async () => {
    expect(await hasCompany(edb())).toBe(true)
    expect(await companyCurrency(edb())).toBe('USD')
  })
})

describe('the same lists from both engines', () => {
  it.skipIf(!pgRuns)('gives the dispatch form the very same options on SQLite and on PostgreSQL', async () => {
    const sqlite = engines.on('sqlite')
    const pg = engines.on('postgres')
    expect(await dispatchOptions(pg)).toEqual(await dispatchOptions(sqlite))
    for (const table of ['customers', 'technicians', 'job_types'] as const)
      expect(await idsAndNames(pg, table), table).toEqual(await idsAndNames(sqlite, table))
  })

  it.skipIf(!pgRuns)('opens every job of the office in the form alike on SQLite and on PostgreSQL', async () => {
    const sqlite = engines.on('sqlite')
    const pg = engines.on('postgres')
    const ids = (await sqlite.db.selectFrom('jobs').select('id').orderBy('id').execute()).map((j) => j.id)
    expect(ids.length).toBeGreaterThan(20)
    for (const id of ids) expect(await loadJobForm(pg, id), id).toEqual(await loadJobForm(sqlite, id))
  })

  it.skipIf(!pgRuns)('sorts by bytes on PostgreSQL even where the database sorts by a language', async () => {
    // This suite's PostgreSQL database sorts text the ICU root locale's way: "Ärzte" among the a's.
    const plain = (await engines.on('postgres').db.selectFrom('customers').select('id').orderBy('name').execute()).map(
      (c) => c.id,
    )
    expect(plain.indexOf('C-907')).toBeLessThan(plain.indexOf('C-904'))
    // The lists keep SQLite's order regardless (the comparisons above ran on that database).
    const { customers } = await dispatchOptions(engines.on('postgres'))
    expect(customers.at(-1)?.id).toBe('C-907')
  })

  it.skipIf(!pgRuns)('sorts the inbox by customer and by technician as SQLite does on that database', async () => {
    const sqlite = engines.on('sqlite')
    const pg = engines.on('postgres')
    for (const sort of ['customer', 'technician'] as const)
      for (const direction of ['asc', 'desc'] as const) {
        const q = { status: 'all', sort, direction, limit: 500, offset: 0 } as const
        const names = async (edb: EngineDb) => (await listJobs(edb, q)).jobs.map((j) => j[sort])
        const want = await names(sqlite)
        expect(want).toContain(sort === 'customer' ? 'Ärzte am Markt' : 'Élodie Martin')
        expect(await names(pg), `${sort} ${direction}`).toEqual(want)
      }
  })

  it('answers dispatch.options and jobs.form through the office API as the repositories do', async () => {
    const sqlite = engines.on('sqlite')
    expect(await engines.demo.call('dispatch.options', {})).toEqual({ ok: true, value: await dispatchOptions(sqlite) })
    expect(await engines.demo.call('jobs.form', { id: 'J-9100' })).toEqual({
      ok: true,
      value: await loadJobForm(sqlite, 'J-9100'),
    })
    const missing = await engines.demo.call('jobs.form', { id: 'J-0000' })
    expect(missing.ok || missing.error.code).toBe('not-found')
  })
})

describe('an office without its company', () => {
  it('refuses to rebuild from the archive until the setup is imported', async () => {
    const root = mkdtempSync(join(tmpdir(), 'closeout-fresh-'))
    const office = await openOffice({ dataDir: join(root, 'data'), sharedDir: join(root, 'shared') })
    try {
      expect(await hasCompany(office)).toBe(false)
      expect(await companyCurrency(office)).toBeUndefined()
      await expect(rebuildFromArchive(office, 'U-1')).rejects.toMatchObject({ code: 'setup-missing' })
    } finally {
      await office.close()
      rmSync(root, { recursive: true, force: true })
    }
  })
})
