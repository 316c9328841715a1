import { sql } from 'kysely'
import { first, run, type Db } from '../db/connection'
import type { CompanyInfo } from '../exports/export-invoice'
import { companyInfoFrom, companyInvoicingQuery } from './company-reads.repo'

/**
 * The company row (id 1) on the synchronous path: where its invoice numbers stand after a
 * rebuild (inside its transaction), and the company as packets and payment figures read it.
 * The export's numbers are in exports/invoice-numbers.repo.ts; the async reads in
 * company-reads.repo.ts.
 */

/** Moves the next invoice number up to `next` if it is lower; never backwards. */
export function raiseNextInvoiceNumber({ sqlite, db }: Db, next: number): void {
  run(
    sqlite,
    db
      .updateTable('company')
      .set({ next_invoice_number: sql<number>`MAX(next_invoice_number, ${next})` })
      .where('id', '=', 1),
  )
}

/** The company as an invoice needs it, read synchronously (packets, payment metrics); refuses an office without one. */
export function readCompany({ sqlite, db }: Db): CompanyInfo {
  return companyInfoFrom(first(sqlite, companyInvoicingQuery(db)))
}
