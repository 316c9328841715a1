import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EngineDb, EngineName } from '../../../src-main/core/db/engine-db'
import { previewImportOn, recordImport } from '../../../src-main/core/imports/import-service'
import { ENGINES, engineRuns, openEngineOffices, pgRuns, verifyLogOn, type EngineOffices } from '../../support/engines'
import { openSeats, outcomeOf } from '../../support/seats'

/**
 * Issue #17, the setup catalog's writers the office's screens reach (imports.preview and
 * imports.commit for customers, the price book and jobs) on the async path: each import checks
 * its rows and writes customers, price book items with their accounting names, or jobs with
 * their events in one withTransaction on the SQLite file and on PostgreSQL. The same office on
 * both: the same previews, the same rows written (prices in cents, new customers numbered C-<n>,
 * new jobs J-<n>), the same refusal naming each bad row and column, a log that verifies; and on
 * PostgreSQL two seats importing the same file at once write it once.
 */
let engines: EngineOffices
const closers: (() => Promise<void>)[] = []

beforeAll(async () => {
  engines = await openEngineOffices()
}, 180_000)
afterAll(async () => {
  for (const close of closers) await close()
  await engines?.close()
})

const CUSTOMERS_TEMPLATE = [
  'id,name,addressLine1,city,region,postalCode,email,phone,requiresSignature',
  ',Lakeshore Bakery,1200 W Diversey Pkwy,Chicago,IL,60614,orders@lakeshore.example,(773) 555-0100,yes',
  ',Corner Deli,77 W Grand Ave,Chicago,IL,60654,,,no',
  'C-103,Brightside Bakery,510 Main St,Evanston,IL,60202,hello@brightside.example,(847) 555-0103,yes',
].join('\n')

const CUSTOMERS_BAD = [
  'name,email,taxId',
  'Good Name,good@example.com,',
  ',nobody@example.com,',
  'Bad Mail,not-an-address,',
  'Taxed,ok@example.com,NO-SUCH-TAX',
].join('\n')

const JOBS_TEMPLATE = [
  'id,customerId,siteAddress,jobTypeId,technicianId,scheduledFor,poNumber,notToExceed,description',
  ',C-100,,repair,Sam Ortiz,2026-12-07T08:30:00-06:00,PO-9,300,Check condensate pump',
  ',C-101,12 Elm St,install,T-08,,,,',
  'J-1043,C-101,,repair,T-07,,,,',
].join('\n')

const PRICE_BOOK_QBO = [
  'Product/Service Name,Sales Description,SKU,Type,Sales Price / Rate,Taxable',
  'Parts:Condenser fan motor,1/4 HP condenser fan motor,FAN-MTR-14,Non-inventory,"$1,185.5000",Yes',
  'Parts:Capacitor,45/5 MFD dual run capacitor,CAP-45-5,Non-inventory,39.50,No',
  'Parts,,,Category,,',
].join('\n')

/** What a user would notice of the catalog: its customers, price book and item names, in key order. */
async function catalog(edb: EngineDb) {
  const customers = await edb.db
    .selectFrom('customers')
    .select([
      'id',
      'name',
      'address',
      'address_line1',
      'city',
      'postal_code',
      'email',
      'phone',
      'requires_signature',
      'tax_id',
      'accounting_name',
    ])
    .execute()
  const priceBook = await edb.db.selectFrom('price_book').selectAll().execute()
  const mappings = await edb.db.selectFrom('accounting_mappings').selectAll().where('kind', '=', 'item').execute()
  const byKey = <T>(rows: T[], key: (r: T) => string) => [...rows].sort((a, b) => (key(a) < key(b) ? -1 : 1))
  return {
    customers: byKey(customers, (c) => c.id),
    priceBook: byKey(priceBook, (p) => p.sku),
    mappings: byKey(mappings, (m) => `${m.ref}\u0000${m.system}`),
  }
}

const transcripts = new Map<EngineName, unknown>()

describe.each(ENGINES)('the catalog imports on %s (issue #17)', (engine) => {
  const runs = engineRuns(engine)

  it.runIf(runs)('previews, refuses and writes customers, price book items and jobs alike', async () => {
    const edb = engines.on(engine)
    const before = await catalog(edb)

    const customersPreview = await previewImportOn(edb, { kind: 'customers', csv: CUSTOMERS_TEMPLATE })
    expect(customersPreview.counts).toEqual({ create: 2, update: 1, unchanged: 0, error: 0 })
    expect(customersPreview.rows.map((r) => [r.row, r.outcome, r.key])).toEqual([
      [2, 'create', 'C-112'],
      [3, 'create', 'C-113'],
      [4, 'update', 'C-103'],
    ])

    // A bad row refuses the whole file, naming each row and column; nothing is written.
    const refused = await outcomeOf(recordImport(edb, { kind: 'customers', csv: CUSTOMERS_BAD, skipBadRows: false }))
    expect(refused).toEqual({
      code: 'import-has-errors',
      message: '3 rows cannot be imported; nothing was written',
      details: [
        { path: 'row 3.name', message: 'the name is empty' },
        { path: 'row 4.email', message: '"not-an-address" is not an email address' },
        { path: 'row 5.taxId', message: 'there is no tax "NO-SUCH-TAX" (set taxes up in Settings first)' },
      ],
    })
    expect(await catalog(edb)).toEqual(before)

    expect(await recordImport(edb, { kind: 'customers', csv: CUSTOMERS_TEMPLATE, skipBadRows: false })).toEqual({
      created: 2,
      updated: 1,
      unchanged: 0,
      skipped: 0,
    })
    // The same file again changes nothing.
    expect(await recordImport(edb, { kind: 'customers', csv: CUSTOMERS_TEMPLATE, skipBadRows: false })).toEqual({
      created: 0,
      updated: 0,
      unchanged: 3,
      skipped: 0,
    })
    // Skipping the bad rows writes the good one, numbered after the last.
    expect(await recordImport(edb, { kind: 'customers', csv: CUSTOMERS_BAD, skipBadRows: true })).toEqual({
      created: 1,
      updated: 0,
      unchanged: 0,
      skipped: 3,
    })

    expect(await recordImport(edb, { kind: 'priceBook', csv: PRICE_BOOK_QBO, skipBadRows: true })).toEqual({
      created: 1,
      updated: 1,
      unchanged: 0,
      skipped: 1,
    })

    const after = await catalog(edb)
    expect(after.customers.find((c) => c.name === 'Lakeshore Bakery')).toEqual({
      id: 'C-112',
      name: 'Lakeshore Bakery',
      address: '1200 W Diversey Pkwy, Chicago, IL 60614',
      address_line1: '1200 W Diversey Pkwy',
      city: 'Chicago',
      postal_code: '60614',
      email: 'orders@lakeshore.example',
      phone: '(773) 555-0100',
      requires_signature: 1,
      tax_id: null,
      accounting_name: null,
    })
    expect(after.customers.find((c) => c.name === 'Good Name')?.id).toBe('C-114')
    expect(after.priceBook.find((p) => p.sku === 'FAN-MTR-14')).toEqual({
      sku: 'FAN-MTR-14',
      description: '1/4 HP condenser fan motor',
      unit_price_cents: 118550,
      taxable: 1,
    })
    expect(after.priceBook.find((p) => p.sku === 'CAP-45-5')).toMatchObject({ unit_price_cents: 3950, taxable: 0 })
    expect(after.mappings.filter((m) => m.system === 'qbo' && m.ref.startsWith('FAN'))).toEqual([
      { kind: 'item', ref: 'FAN-MTR-14', system: 'qbo', name: 'Parts:Condenser fan motor' },
    ])
    expect(after.customers.length).toBe(before.customers.length + 3)

    // Jobs: new ones numbered after the last, names resolved; a scheduled job updated.
    const jobsPreview = await previewImportOn(edb, { kind: 'jobs', csv: JOBS_TEMPLATE })
    expect(jobsPreview.rows.map((r) => [r.row, r.outcome, r.key])).toEqual([
      [2, 'create', 'J-1062'],
      [3, 'create', 'J-1063'],
      [4, 'update', 'J-1043'],
    ])
    expect(await recordImport(edb, { kind: 'jobs', csv: JOBS_TEMPLATE, skipBadRows: false })).toEqual({
      created: 2,
      updated: 1,
      unchanged: 0,
      skipped: 0,
    })
    const jobs = await edb.db
      .selectFrom('jobs')
      .select(['id', 'customer_id', 'technician_id', 'site_address', 'not_to_exceed_cents', 'status', 'po_number'])
      .where('id', 'in', ['J-1062', 'J-1063', 'J-1043'])
      .orderBy('id')
      .execute()
    expect(jobs[1]).toEqual({
      id: 'J-1062',
      customer_id: 'C-100',
      technician_id: 'T-07',
      site_address: '1420 W Fullerton Ave, Chicago, IL 60614',
      not_to_exceed_cents: 30000,
      status: 'scheduled',
      po_number: 'PO-9',
    })
    const jobEvents = await edb.db
      .selectFrom('job_events')
      .select(['job_id', 'type', 'actor', 'data_json'])
      .where('actor', '=', 'csv-import')
      .orderBy('id')
      .execute()
    expect(jobEvents.map((e) => [e.job_id, e.type, e.data_json])).toEqual([
      ['J-1062', 'job-created', '{"via":"csv-import"}'],
      ['J-1063', 'job-created', '{"via":"csv-import"}'],
      ['J-1043', 'job-updated', expect.stringContaining('"via":"csv-import"')],
    ])
    expect(await verifyLogOn(edb)).toMatchObject({ ok: true })

    transcripts.set(engine, { preview: customersPreview, refused, after, jobsPreview, jobs, jobEvents })
  })
})

describe('the same catalog imports on both engines (issue #17)', () => {
  it.runIf(pgRuns)('leaves the very same customers, price book, names and jobs on SQLite and PostgreSQL', () => {
    expect(transcripts.get('sqlite')).toBeDefined()
    expect(transcripts.get('postgres')).toEqual(transcripts.get('sqlite'))
  })

  it.runIf(pgRuns)(
    'writes a file two seats import at the same moment once',
    async () => {
      const { seats, close } = await openSeats(engines.postgresUrl!, 2)
      closers.push(close)
      const names = Array.from({ length: 150 }, (_, i) => `Twin Seat Cafe ${i + 1}`)
      const csv = ['name,email', ...names.map((n, i) => `${n},twin${i + 1}@example.com`)].join('\n')
      const results = await Promise.all(
        seats.map((seat) => recordImport(seat, { kind: 'customers', csv, skipBadRows: false })),
      )
      // One seat creates them all; the other runs again on what it committed and finds them there.
      expect(results.map((r) => r.created).sort()).toEqual([0, 150])
      expect(results.map((r) => r.unchanged).sort()).toEqual([0, 150])
      const rows = await engines
        .on('postgres')
        .db.selectFrom('customers')
        .select(['id', 'name'])
        .where('name', 'like', 'Twin Seat Cafe %')
        .execute()
      expect(rows).toHaveLength(150)
      expect(new Set(rows.map((r) => r.id)).size).toBe(150)
    },
    120_000,
  )
})
