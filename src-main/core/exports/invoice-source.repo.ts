import type { InferResult, Kysely } from 'kysely'
import type { EngineName } from '../db/engine-db'
import type { Database } from '../db/schema'
import { binaryOrder, textList } from '../db/sql-fragments'

/**
 * The queries behind an invoice's data (invoice-source.ts), as builders: the export runs them
 * on the async path on either engine (issue #17), the packet on the synchronous one
 * (packets/packet-data.ts), so both read exactly the same rows.
 */
export function invoiceSourceQueries(db: Kysely<Database>, engine: EngineName) {
  return {
    /** The invoice-ready jobs (or those named) with their current submission, customer and technician. */
    jobs: (jobIds: readonly string[] | null) =>
      db
        .selectFrom('jobs as j')
        .innerJoin('submissions as s', 's.id', 'j.current_submission_id')
        .leftJoin('customers as c', 'c.id', 'j.customer_id')
        .leftJoin('technicians as t', 't.id', 's.technician_id')
        .select([
          'j.id',
          'j.invoice_number',
          'j.customer_id',
          'j.site_address',
          'j.po_number',
          's.id as submission_id',
          's.completed_at',
          's.subtotal_cents',
          's.discount_total_cents',
          's.discount_percent_milli',
          's.discount_reason',
          's.tax_cents',
          's.total_cents',
          'c.name as c_name',
          'c.accounting_name as c_accounting_name',
          'c.email as c_email',
          'c.address as c_address',
          'c.address_line1 as c_line1',
          'c.address_line2 as c_line2',
          'c.city as c_city',
          'c.region as c_region',
          'c.postal_code as c_postal',
          'c.country as c_country',
          'c.tax_id as c_tax_id',
          't.name as tech_name',
        ])
        .where((eb) =>
          jobIds === null ? eb('j.status', '=', 'invoice-ready') : eb('j.id', 'in', textList(engine, jobIds)),
        )
        // Byte order on both engines: PostgreSQL's locale must not reorder the invoices.
        .orderBy(binaryOrder(engine, 's.completed_at'))
        .orderBy(binaryOrder(engine, 'j.id')),
    /** The lines still on these submissions, in order. */
    lines: (submissionIds: readonly string[]) =>
      db
        .selectFrom('submission_lines')
        .select([
          'submission_id',
          'line_no',
          'kind',
          'role',
          'sku',
          'description',
          'quantity_milli',
          'adjustment_kind',
          'amount_cents',
          'unit_price_cents',
          'billable',
          'taxable',
          'overtime',
        ])
        .where('removed', '=', 0)
        .where('submission_id', 'in', textList(engine, submissionIds))
        .orderBy(binaryOrder(engine, 'submission_id'))
        .orderBy('line_no'),
    mappings: () => db.selectFrom('accounting_mappings').select(['kind', 'ref', 'system', 'name']),
    taxes: () => db.selectFrom('taxes').select(['id', 'name', 'rate_milli']),
    book: () => db.selectFrom('price_book').select(['sku', 'unit_price_cents']),
    rates: () => db.selectFrom('labor_rates').select(['role', 'name', 'rate_cents', 'overtime_multiplier_milli']),
  }
}

type Queries = ReturnType<typeof invoiceSourceQueries>
type RowsOf<K extends keyof Queries> = InferResult<ReturnType<Queries[K]>>

export type InvoiceJobRow = RowsOf<'jobs'>[number]
export type InvoiceLineRow = RowsOf<'lines'>[number]

/** Every row an invoice's data is made of. */
export interface InvoiceSourceRows {
  jobs: RowsOf<'jobs'>
  lines: RowsOf<'lines'>
  mappings: RowsOf<'mappings'>
  taxes: RowsOf<'taxes'>
  book: RowsOf<'book'>
  rates: RowsOf<'rates'>
}
