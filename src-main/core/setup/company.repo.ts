import { run, type Db } from '../db/connection'
import { companyNextRaise } from '../exports/invoice-numbers.repo'

/**
 * The company row (id 1) on the synchronous path: where its invoice numbers stand after a
 * rebuild (inside its transaction), until the rebuild moves to the async path and calls
 * exports/invoice-numbers.repo.ts `raiseInvoiceNumbersIn` (which also raises PostgreSQL's
 * sequence). The reads are in company-reads.repo.ts.
 */

/** Moves the next invoice number up to `next` if it is lower; never backwards. */
export function raiseNextInvoiceNumber({ sqlite, db }: Db, next: number): void {
  run(sqlite, companyNextRaise(db, next))
}
