import type { EngineDb } from '../db/engine-db'
import { jsonText } from '../db/sql-fragments'

/**
 * What the dashboard's payment figures read (metrics/payments-metrics.ts), on the async path of
 * issue #17 (`.execute()` on an `EngineDb`: the SQLite file or PostgreSQL). The writer of
 * payments and the import's own lookups stay in payments.repo.ts.
 */

export interface PaymentRow {
  jobId: string
  paidDate: string
  amountCents: number
}

/** Every payment, in date order. */
export async function allPayments({ db }: EngineDb): Promise<PaymentRow[]> {
  const rows = await db
    .selectFrom('payments')
    .select(['job_id', 'paid_date', 'amount_cents'])
    .orderBy('paid_date')
    .orderBy('id')
    .execute()
  return rows.map((r) => ({ jobId: r.job_id, paidDate: r.paid_date, amountCents: r.amount_cents }))
}

/** When payments were last imported (UTC ISO), or null if never. */
export async function lastPaymentImport({ db }: EngineDb): Promise<string | null> {
  const row = await db
    .selectFrom('payments')
    .select((eb) => eb.fn.max('imported_at').as('at'))
    .executeTakeFirst()
  return row?.at ?? null
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
export async function issuedInvoices({ engine, db }: EngineDb): Promise<IssuedInvoice[]> {
  const rows = await db
    .selectFrom('job_events as e')
    .innerJoin('jobs as j', 'j.id', 'e.job_id')
    .leftJoin('customers as c', 'c.id', 'j.customer_id')
    .select([
      'j.id',
      'j.total_cents',
      'j.job_type_id',
      'c.name as customer',
      'e.at',
      jsonText(engine, 'e.data_json', 'invoiceDate').as('invoice_date'),
    ])
    .where('e.type', '=', 'invoiced')
    .where('j.status', '=', 'invoiced')
    .where('j.total_cents', 'is not', null)
    .orderBy('e.id')
    .execute()
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
