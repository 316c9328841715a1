import { afterEach, describe, expect, it } from 'vitest'
import { preflightExport } from '../../../src-main/core/exports/export-plan'
import type { Office } from '../../../src-main/core/office'
import type { ExportFormat } from '../../../src-shared/api/exports'
import { exportScenario, EXPORT_NOW } from '../../support/export-scenario'
import { addReadyJob } from '../../support/invoice-builder'

let dispose: (() => Promise<void>) | null = null
afterEach(async () => {
  await dispose?.()
  dispose = null
})

async function office(): Promise<Office> {
  const s = await exportScenario()
  dispose = s.dispose
  return s.office
}

const findings = (o: Office, format: ExportFormat, code: string) =>
  preflightExport(o, format, EXPORT_NOW).findings.filter((f) => f.code === code)

function setDefaultPart(o: Office, names: Record<string, string>): void {
  const insert = o.sqlite.prepare(
    `INSERT OR REPLACE INTO accounting_mappings (kind, ref, system, name) VALUES ('item', '*', ?, ?)`,
  )
  for (const [system, name] of Object.entries(names)) insert.run(system, name)
}

describe('no silent fallbacks: the default part item is only for parts the price book lacks', () => {
  it('a price-book part without a name for the system blocks with missing-item-mapping, even with a default part item set', async () => {
    const o = await office()
    setDefaultPart(o, { qbo: 'MISC', xero: 'MISC', iif: 'MISC' })
    o.sqlite
      .prepare(`DELETE FROM accounting_mappings WHERE kind = 'item' AND ref = 'CAP-45-5' AND system = 'xero'`)
      .run()

    const blocks = findings(o, 'xero-csv', 'missing-item-mapping')
    expect(blocks.map((f) => [f.jobId, f.severity])).toEqual([['J-1042', 'block']])
    expect(blocks[0]!.message).toContain('part CAP-45-5')
    expect(blocks[0]!.fix).toContain('Settings > Accounting names > Item "CAP-45-5" > Xero')
    // The other systems still have the part's own name: nothing blocks there.
    expect(findings(o, 'qbo-csv', 'missing-item-mapping')).toEqual([])
  })

  it('a part whose SKU the price book lacks (or with no SKU) uses the default part item', async () => {
    const o = await office()
    setDefaultPart(o, { qbo: 'MISC', xero: 'MISC', iif: 'MISC' })
    addReadyJob(o, {
      jobId: 'J-1045',
      lines: [
        { kind: 'part', sku: 'NOT-IN-BOOK', description: 'Odd fitting', quantityMilli: 1000, amountCents: 1200 },
        { kind: 'part', description: 'Hardware store screws', quantityMilli: 1000, amountCents: 450 },
      ],
    })
    const parts = findings(o, 'xero-csv', 'missing-item-mapping').filter((f) => f.message.includes('part'))
    expect(parts).toEqual([])
  })
})
