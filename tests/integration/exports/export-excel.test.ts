import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { afterEach, describe, expect, it } from 'vitest'
import { runExport } from '../../../src-main/core/exports/export-batches'
import { preflightExport } from '../../../src-main/core/exports/export-plan'
import type { Office } from '../../../src-main/core/office'
import { exportScenario, EXPORT_NOW } from '../../support/export-scenario'
import { addReadyJob } from '../../support/invoice-builder'

let dispose: (() => Promise<void>) | null = null
afterEach(async () => {
  await dispose?.()
  dispose = null
})

/** The scenario plus a job whose text a spreadsheet would run as formulas. */
async function office(): Promise<Office> {
  const s = await exportScenario()
  dispose = s.dispose
  s.office.sqlite
    .prepare(`UPDATE customers SET name = '=HYPERLINK("x.example","Acme")', accounting_name = NULL WHERE id = 'C-101'`)
    .run()
  const job = s.office.sqlite
    .prepare(`SELECT id FROM jobs WHERE customer_id = 'C-101' AND status = 'scheduled'`)
    .get() as {
    id: string
  }
  await addReadyJob(s.office, {
    jobId: job.id,
    lines: [
      { kind: 'part', description: '+1 gasket', quantityMilli: 1000, amountCents: 450 },
      { kind: 'part', description: '@SUM(A1:A9)', quantityMilli: 1000, amountCents: 100 },
      {
        kind: 'adjustment',
        adjustmentKind: 'trip-charge',
        description: '-credit',
        quantityMilli: 1000,
        amountCents: -50,
      },
    ],
  })
  s.office.sqlite
    .prepare(`INSERT OR REPLACE INTO accounting_mappings (kind, ref, system, name) VALUES ('item', '*', 'qbo', 'Misc')`)
    .run()
  return s.office
}

describe('the plain CSV opens safely in Excel', () => {
  it('starts with the UTF-8 BOM (Müller stays Müller) and neutralizes formula cells; negative amounts stay numbers', async () => {
    const o = await office()
    const { batch } = await runExport(
      o,
      { format: 'csv', outDir: join(o.dataDir, '..', 'out'), user: 'U-1' },
      EXPORT_NOW,
    )
    const bytes = readFileSync(batch.files[0]!.path)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const rows = parse(bytes.subarray(3).toString('utf8'), { columns: true }) as Record<string, string>[]
    expect(rows.some((r) => r['customer'] === 'Klaus Müller')).toBe(true)
    const cells = rows.flatMap((r) => Object.values(r))
    expect(cells.filter((c) => /^[=+@\t\r]/.test(c) || (/^-/.test(c) && !/^-\d+(\.\d+)?$/.test(c)))).toEqual([])
    expect(cells).toContain(`'=HYPERLINK("x.example","Acme")`)
    expect(cells).toContain("'+1 gasket")
    expect(cells).toContain("'@SUM(A1:A9)")
    expect(cells).toContain("'-credit")
    expect(cells).toContain('-0.50')
    // The JSON document keeps the exact text.
    expect(readFileSync(batch.files[1]!.path, 'utf8')).toContain('"+1 gasket"')
  })

  it('accounting-import CSVs keep the exact text, and the pre-flight warns about such cells', async () => {
    const o = await office()
    for (const format of ['qbo-csv', 'xero-csv'] as const) {
      const warned = (await preflightExport(o, format, EXPORT_NOW)).findings.filter(
        (f) => f.code === 'formula-like-text',
      )
      expect(warned.length).toBe(1)
      expect(warned[0]!.severity).toBe('warning')
      expect(warned[0]!.message).toContain('=HYPERLINK')
      expect(warned[0]!.message).toContain('+1 gasket')
    }
    const { batch } = await runExport(
      o,
      { format: 'qbo-csv', outDir: join(o.dataDir, '..', 'out'), user: 'U-1' },
      EXPORT_NOW,
    )
    const text = readFileSync(batch.files[0]!.path, 'utf8')
    expect(text.charCodeAt(0)).not.toBe(0xfeff)
    const rows = parse(text, { columns: true }) as Record<string, string>[]
    expect(rows.map((r) => r['ItemDescription'])).toContain('+1 gasket')
  })
})
