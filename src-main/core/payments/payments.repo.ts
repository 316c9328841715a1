import { all, run, type Db } from '../db/connection'

/** payments: the one writer of its rows, and what a payment import reads (the dashboard's reads: payment-reads.repo.ts). */

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
