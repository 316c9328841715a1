import { all, first, run, type Db } from '../db/connection'
import { jsonField } from '../db/sql-fragments'

/** payments: the one writer of its rows, and what imports and metrics read from it. */

export interface NewPayment {
  jobId: string
  invoiceNumber: string
  paidDate: string
  amountCents: number
  source: string
  sourceKey: string
  importedAt: string
  importedBy: string
}

export function insertPayment({ sqlite, db }: Db, p: NewPayment): number {
  return run(
    sqlite,
    db.insertInto('payments').values({
      job_id: p.jobId,
      invoice_number: p.invoiceNumber,
      paid_date: p.paidDate,
      amount_cents: p.amountCents,
      source: p.source,
      source_key: p.sourceKey,
      imported_at: p.importedAt,
      imported_by: p.importedBy,
    }),
  ).lastInsertRowid
}

/** An invoice Closeout issued, as a payment import matches it. */
export interface InvoiceForPayment {
  jobId: string
  invoiceNumber: string
  totalCents: number | null
  status: string
  customer: string | null
}

/** Every job that has an invoice number, by number (upper-cased: matching ignores case). */
export function invoicesByNumber({ sqlite, db }: Db): Map<string, InvoiceForPayment> {
  const rows = all(
    sqlite,
    db
      .selectFrom('jobs as j')
      .leftJoin('customers as c', 'c.id', 'j.customer_id')
      .select(['j.id', 'j.invoice_number', 'j.total_cents', 'j.status', 'c.name as customer'])
      .where('j.invoice_number', 'is not', null),
  )
  return new Map(
    rows.map((r) => [
      r.invoice_number!.toUpperCase(),
      {
        jobId: r.id,
        invoiceNumber: r.invoice_number!,
        totalCents: r.total_cents,
        status: r.status,
        customer: r.customer,
      },
    ]),
  )
}

/** Cents recorded so far per job. */
export function paidSoFar({ sqlite, db }: Db): Map<string, number> {
  const rows = all(
    sqlite,
    db
      .selectFrom('payments')
      .select(['job_id', (eb) => eb.fn.sum<number>('amount_cents').as('paid')])
      .groupBy('job_id'),
  )
  return new Map(rows.map((r) => [r.job_id, Number(r.paid)]))
}

/** How many payments each source key already produced (a re-imported row adds nothing). */
export function recordedSourceKeys({ sqlite, db }: Db): Set<string> {
  return new Set(all(sqlite, db.selectFrom('payments').select('source_key').distinct()).map((r) => r.source_key))
}

export interface PaymentRow {
  jobId: string
  paidDate: string
  amountCents: number
}

/** Every payment, in date order. */
export function allPayments({ sqlite, db }: Db): PaymentRow[] {
  return all(
    sqlite,
    db.selectFrom('payments').select(['job_id', 'paid_date', 'amount_cents']).orderBy('paid_date').orderBy('id'),
  ).map((r) => ({ jobId: r.job_id, paidDate: r.paid_date, amountCents: r.amount_cents }))
}

/** When payments were last imported (UTC ISO), or null if never. */
export function lastPaymentImport({ sqlite, db }: Db): string | null {
  return (
    first(
      sqlite,
      db.selectFrom('payments').select((eb) => eb.fn.max('imported_at').as('at')),
    )?.at ?? null
  )
}

/** One invoice as the payment figures read it. */
export interface IssuedInvoice {
  jobId: string
  totalCents: number
  customer: string | null
  jobTypeId: string | null
  /** The `invoiced` event still in effect: its time and the invoice date the export wrote, if any. */
  invoicedAt: string
  invoiceDate: string | null
}

/**
 * The office's invoices: jobs that are invoiced now (a voided batch or job is not a sale), with
 * the last `invoiced` event of each.
 */
export function issuedInvoices({ sqlite, db }: Db): IssuedInvoice[] {
  const rows = all(
    sqlite,
    db
      .selectFrom('job_events as e')
      .innerJoin('jobs as j', 'j.id', 'e.job_id')
      .leftJoin('customers as c', 'c.id', 'j.customer_id')
      .select([
        'j.id',
        'j.total_cents',
        'j.job_type_id',
        'c.name as customer',
        'e.at',
        jsonField('e.data_json', '$.invoiceDate').as('invoice_date'),
      ])
      .where('e.type', '=', 'invoiced')
      .where('j.status', '=', 'invoiced')
      .where('j.total_cents', 'is not', null)
      .orderBy('e.id'),
  )
  const byJob = new Map<string, IssuedInvoice>()
  for (const r of rows) {
    byJob.set(r.id, {
      jobId: r.id,
      totalCents: r.total_cents!,
      customer: r.customer,
      jobTypeId: r.job_type_id,
      invoicedAt: r.at,
      invoiceDate: typeof r.invoice_date === 'string' ? r.invoice_date : null,
    })
  }
  return [...byJob.values()]
}
