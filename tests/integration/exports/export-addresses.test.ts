import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { afterEach, describe, expect, it } from 'vitest'
import { runExport } from '../../../src-main/core/exports/export-batches'
import { exportSetup } from '../../../src-main/core/setup/setup-export'
import { importSetup } from '../../../src-main/core/setup/setup-import'
import { readIif } from '../../support/iif-reader'
import { exportScenario, EXPORT_NOW } from '../../support/export-scenario'
import { demoSetup } from '../../support/temp-office'

let dispose: (() => Promise<void>) | null = null
afterEach(async () => {
  await dispose?.()
  dispose = null
})

const ACME = {
  line1: '1420 W Fullerton Ave',
  line2: 'Suite 200',
  city: 'Chicago',
  region: 'IL',
  postalCode: '60614',
  country: 'USA',
}

async function office() {
  const s = await exportScenario()
  dispose = s.dispose
  const doc = demoSetup() as { customers: { id: string; address: unknown }[] }
  doc.customers.find((c) => c.id === 'C-100')!.address = ACME
  await importSetup(s.office, doc)
  return s.office
}

describe('structured customer addresses (setup v1.1)', () => {
  it('Xero gets POAddressLine1/2, POCity, PORegion, POPostalCode and POCountry from them', async () => {
    const o = await office()
    const { batch } = await runExport(
      o,
      { format: 'xero-csv', outDir: join(o.dataDir, '..', 'out'), user: 'U-1' },
      EXPORT_NOW,
    )
    const rows = parse(readFileSync(batch.files[0]!.path, 'utf8'), { columns: true }) as Record<string, string>[]
    const acme = rows.find((r) => r['*InvoiceNumber'] === 'INV-1042')!
    expect([
      acme['POAddressLine1'],
      acme['POAddressLine2'],
      acme['POCity'],
      acme['PORegion'],
      acme['POPostalCode'],
      acme['POCountry'],
    ]).toEqual(['1420 W Fullerton Ave', 'Suite 200', 'Chicago', 'IL', '60614', 'USA'])
  })

  it("QuickBooks Desktop's address lines are the street lines, then city, region and postal code", async () => {
    const o = await office()
    const { batch } = await runExport(
      o,
      { format: 'qbd-iif', outDir: join(o.dataDir, '..', 'out'), user: 'U-1' },
      EXPORT_NOW,
    )
    const acme = readIif(readFileSync(batch.files[0]!.path, 'latin1')).find((b) => b.trns.DOCNUM === 'INV-1042')!
    expect([acme.trns.ADDR2, acme.trns.ADDR3]).toEqual(['1420 W Fullerton Ave, Suite 200', 'Chicago, IL 60614 USA'])
  })

  it('the setup file keeps the object; a plain string is still accepted and kept as line 1', async () => {
    const o = await office()
    const doc = await exportSetup(o)
    expect(doc.customers!.find((c) => c.id === 'C-100')!.address).toEqual(ACME)
    expect(doc.customers!.find((c) => c.id === 'C-101')!.address).toBe('88 Maple Grove Ct, Evanston, IL 60201')
  })
})
