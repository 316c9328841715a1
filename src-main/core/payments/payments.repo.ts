import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'

/**
 * payments: the one writer of its rows, and what a payment import reads, on either engine
 * (issue #17): `db` is the import's transaction, so the check and the write see the same rows
 * (the dashboard's reads: payment-reads.repo.ts).
 */

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

/** Stores a payment in `trx`; answers its id. */
export async function insertPaymentIn(trx: Kysely<Database>, p: NewPayment): Promise<number> {
  const row = await trx
    .insertInto('payments')
    .values({
      job_id: p.jobId,
      invoice_number: p.invoiceNumber,
      paid_date: p.paidDate,
      amount_cents: p.amountCents,
      source: p.source,
      source_key: p.sourceKey,
      imported_at: p.importedAt,
      imported_by: p.importedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return Number(row.id)
}

/** An invoice Closeout issued, as a payment import matches it. */
export interface InvoiceForPayment {
  jobId: string
  invoiceNumber: string
  totalCents: number | null
  status: string
  customer: string | null
}

/** Every job that has an invoice number, by number (upper-cased: matching ignores case; the later job id wins a tie). */
export async function invoicesByNumber(db: Kysely<Database>): Promise<Map<string, InvoiceForPayment>> {
  const rows = await db
    .selectFrom('jobs as j')
    .leftJoin('customers as c', 'c.id', 'j.customer_id')
    .select(['j.id', 'j.invoice_number', 'j.total_cents', 'j.status', 'c.name as customer'])
    .where('j.invoice_number', 'is not', null)
    .orderBy('j.id')
    .execute()
  return new Map(
    rows.map((r) => [
      r.invoice_number!.toUpperCase(),
      {
        jobId: r.id,
        invoiceNumber: r.invoice_number!,
        totalCents: r.total_cents === null ? null : Number(r.total_cents),
        status: r.status,
        customer: r.customer,
      },
    ]),
  )
}

/** Cents recorded so far per job. */
export async function paidSoFar(db: Kysely<Database>): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('payments')
    .select(['job_id', (eb) => eb.fn.sum<number>('amount_cents').as('paid')])
    .groupBy('job_id')
    .execute()
  return new Map(rows.map((r) => [r.job_id, Number(r.paid)]))
}

/** The source keys already recorded (a re-imported row adds nothing). */
export async function recordedSourceKeys(db: Kysely<Database>): Promise<Set<string>> {
  const rows = await db.selectFrom('payments').select('source_key').distinct().execute()
  return new Set(rows.map((r) => r.source_key))
}
