import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDemoOffice, type DemoOffice } from './office-fixture'

let demo: DemoOffice

beforeAll(async () => {
  demo = await openDemoOffice()
})
afterAll(async () => {
  await demo.close()
})

type Preview = {
  format: string
  rows: { row: number; outcome: string; key: string | null; errors: { column: string; message: string }[] }[]
  counts: Record<string, number>
}

async function preview(kind: string, csv: string): Promise<Preview> {
  const result = await demo.call('imports.preview', { kind, csv })
  if (!result.ok) throw new Error(result.error.message)
  return result.value as Preview
}

const addressParts = (name: string) =>
  demo.office.sqlite
    .prepare(
      `SELECT ${name === 'Lakeshore Bakery' || name === 'Corner Deli' ? 'address, ' : ''}address_line1, address_line2, city, region, postal_code, country FROM customers WHERE name = ?`,
    )
    .get(name)

const count = (sql: string) => (demo.office.sqlite.prepare(sql).get() as { n: number }).n

describe('CSV import: customers', () => {
  const xero = [
    '*ContactName,EmailAddress,POAddressLine1,POCity,PORegion,POPostalCode,PhoneNumber',
    'Harbor Point Condos,board@harborpoint.example,700 N Lake Shore Dr,Chicago,IL,60611,(312) 555-0700',
    ',nobody@example.com,,,,,',
    'Acme Dental LLC,frontdesk@acmedental.example,1420 W Fullerton Ave,Chicago,IL,60614,(773) 555-0142',
    'Harbor Point Condos,dup@example.com,,,,,',
  ].join('\n')

  it('recognises a Xero contacts export and marks every bad row by number and reason', async () => {
    const p = await preview('customers', xero)
    expect(p.format).toBe('xero')
    expect(p.rows.map((r) => [r.row, r.outcome])).toEqual([
      [2, 'create'],
      [3, 'error'],
      // Acme's one-line address becomes the parts Xero sends (street, city, region, postal code).
      [4, 'update'],
      [5, 'error'],
    ])
    expect(p.rows[1]!.errors).toEqual([{ column: '*ContactName', message: 'the name is empty' }])
    expect(p.rows[3]!.errors[0]!.message).toBe('"Harbor Point Condos" is already on row 2')
  })

  it('writes nothing while a bad row remains, then only the good rows when asked to skip', async () => {
    const before = count('SELECT COUNT(*) AS n FROM customers')
    const refused = await demo.call('imports.commit', { kind: 'customers', csv: xero })
    expect(refused.ok).toBe(false)
    if (!refused.ok) {
      expect(refused.error.code).toBe('import-has-errors')
      expect(refused.error.details.map((d) => d.path)).toEqual(['row 3.*ContactName', 'row 5.name'])
    }
    expect(count('SELECT COUNT(*) AS n FROM customers')).toBe(before)
    const done = await demo.call('imports.commit', { kind: 'customers', csv: xero, skipBadRows: true })
    expect(done).toEqual({ ok: true, value: { created: 1, updated: 1, unchanged: 0, skipped: 2 } })
    const harbor = demo.office.sqlite
      .prepare(`SELECT id, address, accounting_name FROM customers WHERE name = 'Harbor Point Condos'`)
      .get()
    expect(harbor).toEqual({
      id: 'C-112',
      address: '700 N Lake Shore Dr, Chicago, IL 60611',
      accounting_name: 'Harbor Point Condos',
    })
    expect(addressParts('Harbor Point Condos')).toEqual({
      address_line1: '700 N Lake Shore Dr',
      address_line2: '',
      city: 'Chicago',
      region: 'IL',
      postal_code: '60611',
      country: '',
    })
    expect(addressParts('Acme Dental')).toMatchObject({ address_line1: '1420 W Fullerton Ave', postal_code: '60614' })
  })

  it('keeps the address parts of the Closeout template and of a QuickBooks list with address columns', async () => {
    const template = [
      'name,addressLine1,addressLine2,city,region,postalCode,country,email',
      'Lakeshore Bakery,"1200 W Diversey Pkwy",Unit 4,Chicago,IL,60614,USA,orders@lakeshore.example',
      'Corner Deli,77 W Grand Ave,,,,,,',
    ].join('\n')
    const t = await demo.call('imports.commit', { kind: 'customers', csv: template })
    expect(t.ok).toBe(true)
    expect(addressParts('Lakeshore Bakery')).toEqual({
      address: '1200 W Diversey Pkwy, Unit 4, Chicago, IL 60614, USA',
      address_line1: '1200 W Diversey Pkwy',
      address_line2: 'Unit 4',
      city: 'Chicago',
      region: 'IL',
      postal_code: '60614',
      country: 'USA',
    })
    expect(addressParts('Corner Deli')).toMatchObject({
      address: '77 W Grand Ave',
      address_line1: '77 W Grand Ave',
      city: '',
    })

    const qbo = [
      'Customer,Billing Address Line 1,Billing Address City,Billing Address State,Billing Address Postal Code,Billing Address Country',
      'Lakeshore Bakery,1300 W Diversey Pkwy,Chicago,IL,60614,USA',
    ].join('\n')
    expect((await demo.call('imports.commit', { kind: 'customers', csv: qbo })).ok).toBe(true)
    expect(addressParts('Lakeshore Bakery')).toMatchObject({
      address: '1300 W Diversey Pkwy, Chicago, IL 60614, USA',
      address_line1: '1300 W Diversey Pkwy',
      address_line2: '',
      country: 'USA',
    })

    // A list without addresses leaves the parts alone.
    const phones = ['name,phone', 'Lakeshore Bakery,(773) 555-0110'].join('\n')
    expect((await demo.call('imports.commit', { kind: 'customers', csv: phones })).ok).toBe(true)
    expect(addressParts('Lakeshore Bakery')).toMatchObject({ address_line1: '1300 W Diversey Pkwy', city: 'Chicago' })
  })

  it('reads a QuickBooks customer list with report title rows above the header', async () => {
    const qbo = [
      'Customer Contact List',
      'Northside Heating & Air',
      '',
      'Customer,Phone Numbers,Email,Billing Address',
      'Lakeview Veterinary Clinic,(773) 555-0199,vet@example.com,"3301 N Broadway, Chicago"',
    ].join('\n')
    const p = await preview('customers', qbo)
    expect(p.format).toBe('quickbooks')
    expect(p.rows).toMatchObject([{ row: 5, outcome: 'update' }])
  })
})

describe('CSV import: price book', () => {
  it('reads a QuickBooks products export: prices with $ and commas, category rows refused', async () => {
    const csv = [
      'Product/Service Name,Sales Description,SKU,Type,Sales Price / Rate,Taxable',
      'Parts:Condenser fan motor,1/4 HP condenser fan motor,FAN-MTR-14,Non-inventory,"$1,185.5000",Yes',
      'Parts,,,Category,,',
      'Parts:Filter,Pleated filter,FLT-X,Non-inventory,12.345,Yes',
    ].join('\n')
    const p = await preview('priceBook', csv)
    expect(p.format).toBe('quickbooks')
    expect(p.rows.map((r) => [r.row, r.outcome, r.errors.map((e) => e.column)])).toEqual([
      [2, 'create', []],
      [3, 'error', ['Type', 'Sales Price / Rate']],
      [4, 'error', ['Sales Price / Rate']],
    ])
    expect(p.rows[2]!.errors[0]!.message).toBe('"12.345" has fractions of a cent')
    const done = await demo.call('imports.commit', { kind: 'priceBook', csv, skipBadRows: true })
    expect(done.ok).toBe(true)
    expect(
      demo.office.sqlite.prepare(`SELECT unit_price_cents, taxable FROM price_book WHERE sku = 'FAN-MTR-14'`).get(),
    ).toEqual({ unit_price_cents: 118550, taxable: 1 })
    expect(
      demo.office.sqlite
        .prepare(`SELECT name FROM accounting_mappings WHERE kind = 'item' AND ref = 'FAN-MTR-14' AND system = 'qbo'`)
        .get(),
    ).toEqual({ name: 'Parts:Condenser fan motor' })
  })

  it('reads a Xero items export and updates a known item', async () => {
    const csv = [
      '*ItemCode,ItemName,SalesDescription,SalesUnitPrice,SalesTaxRate',
      'CAP-45-5,Capacitor,45/5 MFD dual run capacitor,39.50,Tax on Sales',
    ].join('\n')
    const p = await preview('priceBook', csv)
    expect(p.format).toBe('xero')
    expect(p.rows[0]).toMatchObject({ outcome: 'update', key: 'CAP-45-5' })
  })
})

describe('CSV import: jobs template', () => {
  it('creates numbered jobs, resolves names, and names unknown ones', async () => {
    const csv = [
      'id,customerId,siteAddress,jobTypeId,technicianId,scheduledFor,poNumber,notToExceed,description',
      ',C-100,,repair,Sam Ortiz,2026-12-07 08:30,PO-9,300,Check condensate pump',
      ',Nobody Inc,1 Main St,repair,T-07,2026-12-07,,,',
      ',C-101,,install,T-08,next Tuesday,,,',
    ].join('\n')
    const p = await preview('jobs', csv)
    expect(p.rows.map((r) => [r.row, r.outcome, r.key])).toEqual([
      [2, 'create', 'J-1062'],
      [3, 'error', null],
      [4, 'error', null],
    ])
    expect(p.rows[1]!.errors).toEqual([{ column: 'customerId', message: 'there is no customer "Nobody Inc"' }])
    expect(p.rows[2]!.errors).toEqual([
      {
        column: 'scheduledFor',
        message: '"next Tuesday" is not a date like 2026-11-25 08:00 or 11/25/2026 8:00 AM (month/day/year)',
      },
    ])
    const done = await demo.call('imports.commit', { kind: 'jobs', csv, skipBadRows: true })
    expect(done).toEqual({ ok: true, value: { created: 1, updated: 0, unchanged: 0, skipped: 2 } })
    const job = demo.office.sqlite
      .prepare(`SELECT technician_id, site_address, not_to_exceed_cents, status FROM jobs WHERE id = 'J-1062'`)
      .get()
    expect(job).toEqual({
      technician_id: 'T-07',
      site_address: '1420 W Fullerton Ave, Chicago, IL 60614',
      not_to_exceed_cents: 30000,
      status: 'scheduled',
    })
  })

  it('reads US dates (MM/DD/YYYY, with or without a time) and says which format it read', async () => {
    const csv = [
      'id,customerId,siteAddress,jobTypeId,technicianId,scheduledFor,poNumber,notToExceed,description',
      ',C-100,,repair,T-07,12/7/2026 2:30 PM,,,',
      ',C-101,,install,T-08,12/08/2026,,,',
      ',C-101,,install,T-08,25/12/2026,,,',
    ].join('\n')
    const p = (await preview('jobs', csv)) as Preview & { dateFormat: string | null }
    expect(p.rows.map((r) => r.outcome)).toEqual(['create', 'create', 'error'])
    expect(p.dateFormat).toBe('US dates, month/day/year (MM/DD/YYYY)')
    expect(p.rows[2]!.errors[0]!.message).toContain('"25/12/2026" is not a date')
    await demo.call('imports.commit', { kind: 'jobs', csv, skipBadRows: true })
    const when = demo.office.sqlite
      .prepare(`SELECT scheduled_for AS s FROM jobs WHERE id IN (?, ?) ORDER BY id`)
      .all(p.rows[0]!.key, p.rows[1]!.key) as { s: string }[]
    const local = when.map((w) => new Date(w.s))
    expect([local[0]!.getMonth(), local[0]!.getDate(), local[0]!.getHours(), local[0]!.getMinutes()]).toEqual([
      11, 7, 14, 30,
    ])
    expect([local[1]!.getMonth(), local[1]!.getDate(), local[1]!.getHours()]).toEqual([11, 8, 8])
    const iso = (await preview(
      'jobs',
      'id,customerId,siteAddress,jobTypeId,technicianId,scheduledFor\n,C-100,,repair,T-07,2026-12-09 09:00',
    )) as Preview & { dateFormat: string | null }
    expect(iso.dateFormat).toBe('ISO dates, year-month-day (YYYY-MM-DD)')
  })

  it('refuses a file it cannot recognise with a clear reason', async () => {
    const result = await demo.call('imports.preview', { kind: 'jobs', csv: 'foo,bar\n1,2' })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.code).toBe('unknown-csv-layout')
  })
})
