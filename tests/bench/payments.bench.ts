import { withTransaction } from '../../src-main/core/db/engine-db'
import { appendEventsIn } from '../../src-main/core/lifecycle/event-log'
import { previewImportOn, recordImport } from '../../src-main/core/imports/import-service'
import { getMetrics } from '../../src-main/core/metrics/metrics.service'
import { getPaymentMetrics } from '../../src-main/core/metrics/payments-metrics'
import { importSetup } from '../../src-main/core/setup/setup-import'
import { demoSetup, tempOffice } from '../support/temp-office'

const ROWS = 10_000

/**
 * Importing 10,000 payment rows (the template) against 10,000 invoiced jobs: the preview (every
 * row checked, nothing written) and the import (10,000 payments and 10,000 logged events in one
 * transaction).
 */
export async function run(): Promise<void> {
  const t = await tempOffice()
  try {
    await importSetup(t.office, demoSetup())
    const { sqlite } = t.office
    const insert = sqlite.prepare(
      `INSERT INTO jobs (id, customer_id, site_address, job_type_id, description, status, origin, invoice_number, total_cents, created_at, updated_at)
       VALUES (?, 'C-100', '', 'repair', '', 'invoiced', 'field', ?, 50000, '2026-10-01T15:00:00Z', '2026-10-01T15:00:00Z')`,
    )
    sqlite.transaction(() => {
      for (let i = 0; i < ROWS; i++) insert.run(`J-B${i}`, `INV-B${i}`)
    })()
    await withTransaction(t.office, (trx) =>
      appendEventsIn(
        trx,
        Array.from({ length: ROWS }, (_, i) => ({
          jobId: `J-B${i}`,
          type: 'invoiced',
          actor: 'bench',
          at: '2026-10-01T15:00:00.000Z',
          data: { batchId: 1, invoiceNumber: `INV-B${i}`, format: 'qbo-csv', invoiceDate: '2026-10-01' },
        })),
      ),
    )
    const csv = [
      'invoiceNumber,paidDate,amountPaid',
      ...Array.from({ length: ROWS }, (_, i) => `INV-B${i},2026-11-${String((i % 28) + 1).padStart(2, '0')},500.00`),
    ].join('\n')
    let s = performance.now()
    const preview = await previewImportOn(t.office, { kind: 'payments', csv })
    console.log(
      `preview of ${ROWS} payment rows:  ${Math.round(performance.now() - s)} ms (${preview.counts.create} to record)`,
    )
    s = performance.now()
    const result = await recordImport(t.office, { kind: 'payments', csv, skipBadRows: false }, 'bench')
    console.log(
      `import of ${ROWS} payment rows:   ${Math.round(performance.now() - s)} ms (${result.created} recorded)`,
    )
    // The dashboard's payment figures over those invoices (the range that holds every paid date).
    const range = { from: '2026-09-28', to: '2026-12-20', timeZone: 'America/Chicago', jobTypes: {} }
    const median = async (f: () => Promise<unknown>): Promise<string> => {
      const times: number[] = []
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now()
        await f()
        times.push(performance.now() - t0)
      }
      times.sort((a, b) => a - b)
      return `median ${times[2]!.toFixed(0)} ms (min ${times[0]!.toFixed(0)}, max ${times[4]!.toFixed(0)}) over 5 runs`
    }
    const figures = await getPaymentMetrics(t.office, range)
    console.log(
      `metrics.payments, ${ROWS} paid invoices: ${await median(() => getPaymentMetrics(t.office, range))} (${figures?.daysToPay.paid} paid)`,
    )
    console.log(
      `metrics.get with payments:       ${await median(() => getMetrics(t.office, { from: range.from, to: range.to }, Date.parse('2026-12-20T18:00:00Z')))}`,
    )
  } finally {
    await t.dispose()
  }
}
