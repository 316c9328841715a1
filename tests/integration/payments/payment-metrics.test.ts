import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordImport } from '../../../src-main/core/imports/import-service'
import { getMetrics } from '../../../src-main/core/metrics/metrics.service'
import { computePaymentMetrics } from '../../../src-main/core/metrics/payments-metrics'
import type { Office } from '../../../src-main/core/office'
import { allPayments, issuedInvoices } from '../../../src-main/core/payments/payment-reads.repo'
import { historyPaymentFigures, PAY_TIME_ZONE, seedInvoices, TEMPLATE_CSV } from '../../fixtures/payments/history'
import { tempOffice } from '../../support/temp-office'

let office: Office
let dispose: () => Promise<void>

beforeAll(async () => {
  const temp = await tempOffice()
  office = temp.office
  dispose = temp.dispose
  await seedInvoices(office)
})
afterAll(async () => {
  await dispose()
})

describe('payment figures on a fixed history (docs/metrics.md worked example)', () => {
  it('says nothing about payments until some are imported', async () => {
    const m = await getMetrics(office, { from: '2026-10-01', to: '2026-12-31' }, Date.parse('2026-12-31T18:00:00Z'))
    expect(m.payments).toBeNull()
  })

  it('gives the known days to pay, share within terms and count-back DSO', async () => {
    await recordImport(office, { kind: 'payments', csv: TEMPLATE_CSV, skipBadRows: false }, 'U-clerk')
    const p = (await historyPaymentFigures(office))!
    expect(p.label).toBe('from the payments you imported, as of 2026-12-31')
    // INV-2001 paid in two parts, complete 5 Nov: 35 days (late); INV-2002 30 days; INV-2003,
    // exported 04:30 UTC on 1 Dec = 30 Nov in Chicago, paid 30 Dec: 30 days, on the due date.
    expect(p.daysToPay).toEqual({
      paid: 3,
      medianDays: 30,
      meanDays: 31.7,
      withinTerms: { count: 2, of: 3, rate: 0.6667 },
      jobIds: ['J-2001', 'J-2002', 'J-2003'],
    })
    expect(p.byCustomer.map((c) => [c.name, c.paid, c.meanDays, c.withinTerms.count])).toEqual([
      ['Acme Dental', 2, 32.5, 1],
      ['Maple Grove Apartments', 1, 30, 1],
    ])
    expect(p.byJobType.map((c) => [c.name, c.paid, c.meanDays])).toEqual([
      ['Equipment install', 1, 30],
      ['Service repair', 2, 32.5],
    ])
    expect(p.dso).toEqual([
      { date: '2026-10-31', days: 18.6, receivableCents: 90_000, noData: false },
      { date: '2026-11-30', days: 26.7, receivableCents: 80_000, noData: false },
      { date: '2026-12-31', days: 51, receivableCents: 60_000, noData: false },
    ])
  })

  it('has no DSO (no data, not 0 days) at the month ends before the first invoice', async () => {
    const p = computePaymentMetrics({
      invoices: await issuedInvoices(office),
      payments: await allPayments(office),
      termsDays: 30,
      timeZone: PAY_TIME_ZONE,
      from: '2026-08-01',
      to: '2026-10-31',
      asOf: '2026-12-31',
      jobTypes: {},
    })!
    expect(p.dso).toEqual([
      { date: '2026-08-31', days: null, receivableCents: 0, noData: true },
      { date: '2026-09-30', days: null, receivableCents: 0, noData: true },
      { date: '2026-10-31', days: 18.6, receivableCents: 90_000, noData: false },
    ])
  })

  it('puts the figures and the method note on the dashboard once payments are imported', async () => {
    const m = await getMetrics(office, { from: '2026-10-01', to: '2026-12-31' }, Date.parse('2026-12-31T18:00:00Z'))
    expect(m.payments?.daysToPay.paid).toBe(3)
    expect(m.notes[0]).toMatch(/^DSO uses the count-back method/)
    expect(m.notes[0]).toContain('from the payments you imported, as of')
  })
})
