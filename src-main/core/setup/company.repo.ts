import { sql } from 'kysely'
import { first, run, type Db } from '../db/connection'

/** The company row (id 1): who the office is and where its invoice numbers stand. */

export function hasCompany({ sqlite, db }: Db): boolean {
  return first(sqlite, db.selectFrom('company').select('id').where('id', '=', 1)) !== undefined
}

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
