import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { previewImportOn, recordImport } from '../../../src-main/core/imports/import-service'
import { readJobEventsAsync, verifyEventLogIn } from '../../../src-main/core/lifecycle/event-log'
import type { Office } from '../../../src-main/core/office'
import { allPayments } from '../../../src-main/core/payments/payment-reads.repo'
import {
  BAD_TEMPLATE_CSV,
  QBO_INVOICE_LIST_CSV,
  QBO_TRANSACTIONS_CSV,
  seedInvoices,
  TEMPLATE_CSV,
  XERO_CSV,
} from '../../fixtures/payments/history'
import { signedInApi } from '../../support/signed-in'
import { tempOffice } from '../../support/temp-office'

let office: Office
let dispose: () => Promise<void>

beforeEach(async () => {
  const temp = await tempOffice()
  office = temp.office
  dispose = temp.dispose
  await seedInvoices(office)
})
afterEach(async () => {
  await dispose()
})

/** What each invoice has been paid, summed per job, as cents. */
async function paidByJob(): Promise<Record<string, number>> {
  const out: Record<string, number> = {}
  for (const p of await allPayments(office)) out[p.jobId] = (out[p.jobId] ?? 0) + p.amountCents
  return out
}

const EXPECTED_PAID = { 'J-2001': 100_000, 'J-2002': 50_000, 'J-2003': 20_000, 'J-2004': 10_000 }

describe('payments import', () => {
  it.each([
    ['the template', TEMPLATE_CSV, 'Payments template'],
    [
      'a QuickBooks Online Transaction List by Customer',
      QBO_TRANSACTIONS_CSV,
      'QuickBooks Online Transaction List by Customer report',
    ],
    ['a Xero receivable invoices export', XERO_CSV, 'Xero receivable invoices export'],
    ['a QuickBooks Online Invoice List', QBO_INVOICE_LIST_CSV, 'QuickBooks Online Invoice List report'],
  ])('records the same payments from %s, and a second import adds nothing', async (_name, csv, label) => {
    const preview = await previewImportOn(office, { kind: 'payments', csv })
    expect(preview.formatLabel).toBe(label)
    expect(preview.counts.error).toBe(0)
    expect(await allPayments(office)).toEqual([])

    const result = await recordImport(office, { kind: 'payments', csv, skipBadRows: false }, 'U-clerk')
    expect(result.created).toBeGreaterThan(0)
    expect(await paidByJob()).toEqual(EXPECTED_PAID)
    expect((await allPayments(office)).find((p) => p.jobId === 'J-2003')?.paidDate).toBe('2026-12-30')

    const again = await recordImport(office, { kind: 'payments', csv, skipBadRows: false }, 'U-clerk')
    expect(again.created).toBe(0)
    expect(await paidByJob()).toEqual(EXPECTED_PAID)
    expect((await verifyEventLogIn(office.db)).ok).toBe(true)
  })

  it('adds partial payments up and logs each one with who imported it', async () => {
    await recordImport(office, { kind: 'payments', csv: TEMPLATE_CSV, skipBadRows: false }, 'U-clerk')
    const events = (await readJobEventsAsync(office.db, 'J-2001')).filter((e) => e.type === 'payment-recorded')
    expect(events.map((e) => [e.actor, e.data.paidDate, e.data.amountCents])).toEqual([
      ['U-clerk', '2026-10-21', 60_000],
      ['U-clerk', '2026-11-05', 40_000],
    ])
  })

  it('marks an unknown invoice number and an amount above the invoice as row errors, writing nothing', async () => {
    const csv = BAD_TEMPLATE_CSV
    const preview = await previewImportOn(office, { kind: 'payments', csv })
    expect(preview.rows.map((r) => [r.row, r.outcome, r.errors.map((e) => `${e.column}: ${e.message}`)])).toEqual([
      [2, 'create', []],
      [3, 'error', ['invoiceNumber: no invoice INV-9999 in Closeout']],
      [4, 'error', ['amountPaid: $400.01 brings INV-2001 to $1,000.01 paid, more than its total of $1,000.00']],
      [5, 'error', ['paidDate: "13/45/2026" is not a date']],
    ])
    await expect(recordImport(office, { kind: 'payments', csv, skipBadRows: false }, 'U-clerk')).rejects.toThrow(
      /3 rows cannot be imported; nothing was written/,
    )
    expect(await allPayments(office)).toEqual([])

    const partial = await recordImport(office, { kind: 'payments', csv, skipBadRows: true }, 'U-clerk')
    expect(partial).toEqual({ created: 1, updated: 0, unchanged: 0, skipped: 3 })
  })

  it('refuses a payment in a later file that takes an invoice above its total', async () => {
    await recordImport(office, { kind: 'payments', csv: TEMPLATE_CSV, skipBadRows: false }, 'U-clerk')
    const preview = await previewImportOn(office, {
      kind: 'payments',
      csv: 'invoiceNumber,paidDate,amountPaid\nINV-2004,2026-12-01,200.01\n',
    })
    expect(preview.rows[0]?.errors[0]?.message).toBe(
      '$200.01 brings INV-2004 to $300.01 paid, more than its total of $300.00',
    )
  })

  it('imports through the API as the signed-in user', async () => {
    const api = await signedInApi(office)
    const preview = await api.call('imports.preview', { kind: 'payments', csv: TEMPLATE_CSV })
    expect(preview).toMatchObject({ ok: true, value: { counts: { create: 5, error: 0 } } })
    const done = await api.call('imports.commit', { kind: 'payments', csv: TEMPLATE_CSV })
    expect(done).toMatchObject({ ok: true, value: { created: 5 } })
    const actors = (await readJobEventsAsync(office.db, 'J-2002'))
      .filter((e) => e.type === 'payment-recorded')
      .map((e) => e.actor)
    expect(actors).toHaveLength(1)
    expect(actors[0]).not.toBe('import')
  })
})
