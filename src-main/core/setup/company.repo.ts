import { sql } from 'kysely'
import { run, type Db } from '../db/connection'

/**
 * The company row (id 1): where its invoice numbers stand. These writers run inside the export
 * and rebuild transactions, so they stay on the synchronous path for now (issue #17); the
 * company's reads are in company-reads.repo.ts.
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

/** The number the next export starts from, once an export has used the ones before it. */
export function setNextInvoiceNumber({ sqlite, db }: Db, next: number): void {
  run(sqlite, db.updateTable('company').set({ next_invoice_number: next }).where('id', '=', 1))
}
