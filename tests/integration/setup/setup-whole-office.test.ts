import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runExport } from '../../../src-main/core/exports/export-batches'
import { saveExportSettings } from '../../../src-main/core/settings/export-settings'
import type { SqliteOffice } from '../../../src-main/core/office'
import { withTransaction } from '../../../src-main/core/db/engine-db'
import {
  readCompanyMoneyAsync,
  readMoneyPolicyAsync,
  writeCompanyMoneyIn,
  writeMoneyPolicyIn,
} from '../../../src-main/core/settings/money-settings'
import { exportSetup } from '../../../src-main/core/setup/setup-export'
import { importSetup } from '../../../src-main/core/setup/setup-import'
import { EXPORT_FORMATS } from '../../../src-shared/api/exports'
import { addScenarioJobs, exportScenario, EXPORT_NOW } from '../../support/export-scenario'
import { demoSetup, tempOffice } from '../../support/temp-office'

const disposers: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const d of disposers.splice(0)) await d()
})

/** The scenario office with every v1.1 setting away from its default. */
async function configuredOffice(): Promise<SqliteOffice> {
  const s = await exportScenario()
  disposers.push(s.dispose)
  const o = s.office
  await withTransaction(o, async (trx) => {
    await writeCompanyMoneyIn({ ...o, db: trx }, { accountingSystem: 'qbo', invoiceDate: 'completed' })
    await writeMoneyPolicyIn({ ...o, db: trx }, { creditsNeedApproval: false, belowEstimatePercent: '40' })
  })
  await saveExportSettings(o, {
    qbo: { exemptTaxCode: 'NON' },
    xero: { salesAccountCode: '4000', exemptTaxType: 'No Tax', writeCurrency: true },
    iif: { arAccount: 'A/R', partsAccount: 'Parts Income' },
  })
  const insert = o.sqlite.prepare(
    'INSERT OR REPLACE INTO accounting_mappings (kind, ref, system, name) VALUES (?, ?, ?, ?)',
  )
  for (const [system, name] of Object.entries({ qbo: 'Parts:Misc', xero: 'MISC', iif: 'Misc Parts' }))
    insert.run('item', '*', system, name)
  for (const [system, name] of Object.entries({ qbo: 'Other charges', xero: 'OTHER', iif: 'Other' }))
    insert.run('adjustment', '*', system, name)
  insert.run('adjustment', 'rounding', 'xero', 'ROUND')
  return o
}

async function exportAll(o: SqliteOffice): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>()
  for (const format of EXPORT_FORMATS) {
    // Each format exports the same jobs: void in between would renumber nothing (numbers are kept).
    const { batch } = await runExport(
      o,
      { format, outDir: join(o.dataDir, '..', `out-${format}`), user: 'U-1' },
      EXPORT_NOW,
    )
    for (const f of batch.files) files.set(`${format}/${f.name}`, readFileSync(f.path))
    o.sqlite.prepare(`UPDATE jobs SET status = 'invoice-ready' WHERE status = 'invoiced'`).run()
  }
  return files
}

describe('the setup file holds the whole office (v1.1)', () => {
  it('setup export, then setup import into an empty office, reproduces every export byte for byte', async () => {
    const a = await configuredOffice()
    const doc = await exportSetup(a)
    expect(doc.company).toMatchObject({ accountingSystem: 'qbo', invoiceDate: 'completed' })
    expect(doc.approvalPolicy).toMatchObject({ creditsNeedApproval: false, belowEstimatePercent: '40' })
    expect(doc.accounting?.defaultPart).toEqual({ qbo: 'Parts:Misc', xero: 'MISC', iif: 'Misc Parts' })
    expect(doc.accounting?.adjustments).toContainEqual({
      ref: 'discount',
      qbo: 'Discount',
      xero: 'DISC',
      iif: 'Discount',
    })
    expect(doc.accounting?.exportSettings?.xero).toMatchObject({ salesAccountCode: '4000' })

    const t = await tempOffice()
    disposers.push(t.dispose)
    const b = t.office
    // Through a file, as `closeout setup export` / `setup import` would.
    await importSetup(b, JSON.parse(JSON.stringify(doc)))
    expect(await exportSetup(b)).toEqual(doc)
    expect(await readCompanyMoneyAsync(b)).toEqual(await readCompanyMoneyAsync(a))
    expect(await readMoneyPolicyAsync(b)).toEqual(await readMoneyPolicyAsync(a))

    await addScenarioJobs(b)
    const fromA = await exportAll(a)
    const fromB = await exportAll(b)
    expect([...fromB.keys()]).toEqual([...fromA.keys()])
    expect(fromA.size).toBe(5)
    for (const [name, bytes] of fromA) expect(fromB.get(name)!.equals(bytes), name).toBe(true)
  })

  it('re-importing a setup file never moves the invoice sequence backwards, and says so', async () => {
    const s = await exportScenario()
    disposers.push(s.dispose)
    await runExport(s.office, { format: 'csv', outDir: join(s.office.dataDir, '..', 'out'), user: 'U-1' }, EXPORT_NOW)
    const next = () =>
      (s.office.sqlite.prepare('SELECT next_invoice_number AS n FROM company').get() as { n: number }).n
    expect(next()).toBe(1045)

    const summary = await importSetup(s.office, demoSetup())
    expect(next()).toBe(1045)
    expect(summary.notes).toEqual([
      'company.nextInvoiceNumber: the file says 1042, but INV-1044 is already used; the next invoice number stays 1045',
    ])
    // A higher number in the file is taken as it is.
    const doc = demoSetup() as { company: Record<string, unknown> }
    doc.company.nextInvoiceNumber = 2000
    expect((await importSetup(s.office, doc)).notes).toEqual([])
    expect(next()).toBe(2000)
  })

  it('refuses a bad v1.1 field with its path', async () => {
    const t = await tempOffice()
    disposers.push(t.dispose)
    const doc = demoSetup() as Record<string, unknown>
    doc.accounting = { exportSettings: { qbo: { form: 'vat' } } }
    await expect(importSetup(t.office, doc)).rejects.toThrow(/accounting\.exportSettings\.qbo\.form/)
    const bad = demoSetup() as { company: Record<string, unknown> }
    bad.company.invoiceDate = 'today'
    await expect(importSetup(t.office, bad)).rejects.toThrow(/company\.invoiceDate/)
  })
})
