import type { InferResult, Kysely } from 'kysely'
import type { EngineDb } from '../db/engine-db'
import type { Database } from '../db/schema'
import { CloseoutError } from '../errors'
import type { CompanyInfo } from '../exports/export-invoice'

/**
 * Reads of the company row (id 1) on the async path of issue #17 (`.execute()` on an
 * `EngineDb`, the SQLite file or PostgreSQL). The export's invoice numbers are written by
 * exports/invoice-numbers.repo.ts; a rebuild's by company.repo.ts, inside its transaction.
 */

/** Whether the office has its company yet (a setup file has been imported). */
export async function hasCompany({ db }: EngineDb): Promise<boolean> {
  return (await db.selectFrom('company').select('id').where('id', '=', 1).executeTakeFirst()) !== undefined
}

/** The company's ISO 4217 currency (undefined: no company yet). */
export async function companyCurrency({ db }: EngineDb): Promise<string | undefined> {
  return (await db.selectFrom('company').select('currency').where('id', '=', 1).executeTakeFirst())?.currency
}

/** The company row as invoices need it (exports, packets, payment terms), on either path. */
export function companyInvoicingQuery(db: Kysely<Database>) {
  return db
    .selectFrom('company')
    .select(['name', 'currency', 'payment_terms_days', 'next_invoice_number', 'invoice_prefix'])
    .where('id', '=', 1)
}

/** The row of companyInvoicingQuery as a CompanyInfo; refuses an office without a company (no-company). */
export function companyInfoFrom(
  row: InferResult<ReturnType<typeof companyInvoicingQuery>>[number] | undefined,
): CompanyInfo {
  if (!row)
    throw new CloseoutError(
      'no-company',
      'Set up the company first (closeout setup import FILE, or Settings > Company)',
    )
  return {
    name: row.name,
    currency: row.currency,
    paymentTermsDays: row.payment_terms_days,
    nextInvoiceNumber: row.next_invoice_number,
    invoicePrefix: row.invoice_prefix,
  }
}

/** The company as an invoice needs it; `nextInvoiceNumber` is the company row's (the SQLite office's). */
export async function readCompanyInfo({ db }: Pick<EngineDb, 'db'>): Promise<CompanyInfo> {
  return companyInfoFrom(await companyInvoicingQuery(db).executeTakeFirst())
}
