import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runExport } from '../../../src-main/core/exports/export-batches'
import { preflightExport } from '../../../src-main/core/exports/export-plan'
import { editLines } from '../../../src-main/core/jobs/edit-lines'
import { cents, readIif } from '../../support/iif-reader'
import { approvalsOffice, disposeTemplate, type ApprovalsOffice } from '../approvals/approvals-harness'

/**
 * Exports of closeouts that came in through the real inbox, as the phone sends them: labor
 * lines without a description, overtime, a customer taxed with only untaxed lines.
 */
let h: ApprovalsOffice
beforeEach(async () => {
  h = await approvalsOffice()
})
afterEach(() => h.dispose())
afterAll(() => disposeTemplate())

type Row = Record<string, string>
const rows = (path: string): Row[] =>
  parse(readFileSync(path, 'utf8'), { columns: true, record_delimiter: '\r\n' }) as Row[]

describe('exports of ingested closeouts', () => {
  it('a labor line the phone sent without a description is described by its role (and overtime) on the invoice', async () => {
    await h.submit({
      labor: [
        { role: 'journeyman', hours: '1.5', billable: true, overtime: false },
        { role: 'apprentice', hours: '1', billable: true, overtime: true },
      ],
    })
    const out = join(h.folders.root, 'out')
    const xero = (await runExport(h.office, { format: 'xero-csv', outDir: out, user: 'test' })).batch
    const described = rows(xero.files[0]!.path).map((r) => [r['*Description'], r['*Quantity'], r['*UnitAmount']])
    expect(described).toEqual([
      ['Journeyman technician', '1.5', '125.00'],
      ['Apprentice (overtime)', '1', '112.50'],
      ['45/5 MFD dual run capacitor', '1', '38.00'],
    ])
  })

  it('IIF: a taxed customer needs its sales-tax item even when no line is taxable (the AUTOSTAX line names it)', async () => {
    await h.submit({ parts: [] })
    h.office.sqlite
      .prepare(`DELETE FROM accounting_mappings WHERE kind = 'tax' AND ref = 'il-cook' AND system = 'iif'`)
      .run()

    const missing = (await preflightExport(h.office, 'qbd-iif')).findings.filter(
      (f) => f.code === 'missing-item-mapping',
    )
    expect(missing.map((f) => [f.jobId, f.fix])).toEqual([
      [
        'J-1043',
        'Map it: Settings > Accounting names > Tax "il-cook" > QuickBooks Desktop (setup file: taxes[id=il-cook].accountingName.iif)',
      ],
    ])

    h.office.sqlite
      .prepare(
        `INSERT INTO accounting_mappings (kind, ref, system, name) VALUES ('tax', 'il-cook', 'iif', 'Cook County Tax')`,
      )
      .run()
    const batch = (await runExport(h.office, { format: 'qbd-iif', outDir: join(h.folders.root, 'out'), user: 'test' }))
      .batch
    const [block] = readIif(readFileSync(batch.files[0]!.path, 'latin1'))
    const tax = block!.spl[block!.spl.length - 1]!
    expect(tax).toMatchObject({ EXTRA: 'AUTOSTAX', INVITEM: 'Cook County Tax', AMOUNT: '0.00' })
    expect(block!.spl[0]!.MEMO).toBe('Journeyman technician')
    expect(cents(block!.trns.AMOUNT!) + block!.spl.reduce((n, s) => n + cents(s.AMOUNT!), 0)).toBe(0)
  })

  it('a tax rate changed after pricing blocks the export (the accounting system would charge another tax) until the job is re-priced', async () => {
    await h.submit()
    h.office.sqlite.prepare(`UPDATE taxes SET rate_milli = 10000 WHERE id = 'il-cook'`).run()

    const [changed] = (await preflightExport(h.office, 'qbo-csv')).findings.filter((f) => f.severity === 'block')
    expect(changed).toMatchObject({ jobId: 'J-1043', code: 'tax-changed' })
    expect(changed!.message).toContain(
      "the tax 3.42 was priced with another rate than the customer's tax now gives (3.80 at 10%)",
    )

    await editLines(h.office, {
      jobId: 'J-1043',
      userId: 'U-1',
      pin: '2468',
      edits: [{ op: 'update', lineNo: 2, description: 'Run capacitor 45/5 MFD' }],
    })
    expect((await preflightExport(h.office, 'qbo-csv')).blocked).toBe(false)
    expect(h.job('J-1043')).toMatchObject({ status: 'invoice-ready', total_cents: 22550 + 380 })
  })
})
