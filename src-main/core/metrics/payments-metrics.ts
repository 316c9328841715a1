import type { PaymentFigures } from '../../../src-shared/api/metrics'
import { parseDay } from '../../../src-shared/domain/calendar-day'
import type { EngineDb } from '../db/engine-db'
import {
  allPayments,
  issuedInvoices,
  lastPaymentImport,
  type IssuedInvoice,
  type PaymentRow,
} from '../payments/payment-reads.repo'
import { readCompanyInfo } from '../setup/company-reads.repo'
import { median, ratio } from './stats'
import { addDays, dayOf } from './zoned-time'

export const DSO_METHOD_NOTE =
  'DSO uses the count-back method: the money still owed at the end of a month is matched against that month’s invoices, then the month before, and so on; DSO is the days it takes to account for it all. It is built from the payments you imported, so invoices paid but not imported count as still owed.'

export interface PaymentMetricsInput {
  invoices: readonly IssuedInvoice[]
  payments: readonly PaymentRow[]
  termsDays: number
  timeZone: string
  from: string
  to: string
  /** The office's day of the last payments import; null: nothing imported. */
  asOf: string | null
  jobTypes: Readonly<Record<string, string>>
}

const dayNumber = (day: string): number => {
  const [y, m, d] = parseDay(day)
  return Date.UTC(y, m - 1, d) / 86_400_000
}
const round1 = (n: number): number => Math.round(n * 10) / 10

/**
 * Days to pay, the share paid within terms and the DSO trend from the imported payments
 * (docs/metrics.md, "Payments"). Pure. Days are calendar days in the office's time zone: an
 * invoice exported 04:30 UTC on 1 December in Chicago is dated 30 November.
 */
export function computePaymentMetrics(input: PaymentMetricsInput): PaymentFigures | null {
  if (input.asOf === null) return null
  const paidBy = new Map<string, PaymentRow[]>()
  for (const p of input.payments) {
    const list = paidBy.get(p.jobId)
    if (list) list.push(p)
    else paidBy.set(p.jobId, [p])
  }
  const invoices = input.invoices.map((inv) => {
    const invoiceDate = inv.invoiceDate ?? dayOf(Date.parse(inv.invoicedAt), input.timeZone)
    let sum = 0
    let paidDate: string | null = null
    for (const p of (paidBy.get(inv.jobId) ?? []).sort((a, b) => a.paidDate.localeCompare(b.paidDate))) {
      sum += p.amountCents
      if (paidDate === null && sum >= inv.totalCents) paidDate = p.paidDate
    }
    const days = paidDate === null ? null : dayNumber(paidDate) - dayNumber(invoiceDate)
    const dueDate = addDays(invoiceDate, input.termsDays)
    return { inv, invoiceDate, paidDate, days, withinTerms: paidDate !== null && paidDate <= dueDate }
  })
  const paid = invoices.filter((i) => i.paidDate !== null && i.paidDate >= input.from && i.paidDate <= input.to)
  const figure = (list: typeof paid) => {
    const days = list.map((i) => i.days!)
    return {
      paid: list.length,
      medianDays: median(days),
      meanDays: days.length ? round1(days.reduce((a, b) => a + b, 0) / days.length) : null,
      withinTerms: ratio(list.filter((i) => i.withinTerms).length, list.length),
      jobIds: list.map((i) => i.inv.jobId).sort(),
    }
  }
  const grouped = (key: (i: (typeof paid)[number]) => string, name: (k: string) => string) => {
    const groups = new Map<string, typeof paid>()
    // Push, not spread: a customer with thousands of paid invoices stays linear.
    for (const i of paid) {
      const list = groups.get(key(i))
      if (list) list.push(i)
      else groups.set(key(i), [i])
    }
    return [...groups]
      .map(([id, list]) => ({ id, name: name(id), ...figure(list) }))
      .sort((a, b) => a.name.localeCompare(b.name))
  }

  // DSO points: each month end in the range up to the last import, and the last import's day.
  const last = input.asOf < input.to ? input.asOf : input.to
  const points: string[] = []
  for (let d = monthEnd(input.from); d <= last; d = monthEnd(addDays(d, 1))) points.push(d)
  if (last >= input.from && points.at(-1) !== last) points.push(last)
  const dso = points.map((day) => ({ date: day, ...countBack(invoices, input.payments, day) }))

  return {
    asOf: input.asOf,
    label: `from the payments you imported, as of ${input.asOf}`,
    termsDays: input.termsDays,
    daysToPay: figure(paid),
    byCustomer: grouped(
      (i) => i.inv.customer ?? '(none)',
      (k) => (k === '(none)' ? 'No customer' : k),
    ),
    byJobType: grouped(
      (i) => i.inv.jobTypeId ?? '(none)',
      (k) => (k === '(none)' ? 'No job type' : (input.jobTypes[k] ?? k)),
    ),
    dso,
  }
}

function monthEnd(day: string): string {
  const [y, m] = parseDay(day)
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10)
}

/** Count-back DSO at the end of `day`: receivables matched against each month's sales, newest first. */
function countBack(
  invoices: readonly { inv: IssuedInvoice; invoiceDate: string }[],
  payments: readonly PaymentRow[],
  day: string,
): { days: number | null; receivableCents: number; noData: boolean } {
  const issued = invoices.filter((i) => i.invoiceDate <= day)
  // Before the first invoice there are no sales to count back against: no data, not 0 days.
  if (issued.length === 0) return { days: null, receivableCents: 0, noData: true }
  const billed = issued.reduce((a, i) => a + i.inv.totalCents, 0)
  const ids = new Set(issued.map((i) => i.inv.jobId))
  const collected = payments.filter((p) => p.paidDate <= day && ids.has(p.jobId)).reduce((a, p) => a + p.amountCents, 0)
  const receivable = Math.max(0, billed - collected)
  let left = receivable
  let days = 0
  let end = day
  for (let k = 0; k < 24 && left > 0; k++) {
    const [y, m] = parseDay(end)
    const start = `${String(y)}-${String(m).padStart(2, '0')}-01`
    const periodDays = dayNumber(end) - dayNumber(start) + 1
    const sales = issued
      .filter((i) => i.invoiceDate >= start && i.invoiceDate <= end)
      .reduce((a, i) => a + i.inv.totalCents, 0)
    if (sales >= left) {
      days += (periodDays * left) / sales
      left = 0
    } else {
      days += periodDays
      left -= sales
    }
    end = addDays(start, -1)
  }
  return { days: left > 0 ? null : round1(days), receivableCents: receivable, noData: false }
}

export async function getPaymentMetrics(
  edb: EngineDb,
  range: { from: string; to: string; timeZone: string; jobTypes: Readonly<Record<string, string>> },
): Promise<PaymentFigures | null> {
  const last = await lastPaymentImport(edb)
  if (last === null) return null
  const [invoices, payments, company] = await Promise.all([issuedInvoices(edb), allPayments(edb), readCompanyInfo(edb)])
  return computePaymentMetrics({
    invoices,
    payments,
    termsDays: company.paymentTermsDays,
    timeZone: range.timeZone,
    from: range.from,
    to: range.to,
    asOf: dayOf(Date.parse(last), range.timeZone),
    jobTypes: range.jobTypes,
  })
}
