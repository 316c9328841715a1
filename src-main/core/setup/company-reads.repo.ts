import type { EngineDb } from '../db/engine-db'
import { CloseoutError } from '../errors'

/**
 * Reads of the company row (id 1) on the async path of issue #17 (`.execute()` on an
 * `EngineDb`, the SQLite file or PostgreSQL). Its writers (the invoice numbers) stay in
 * company.repo.ts for now, inside the export and rebuild transactions.
 */

/** Whether the office has its company yet (a setup file has been imported). */
export async function hasCompany({ db }: EngineDb): Promise<boolean> {
  return (await db.selectFrom('company').select('id').where('id', '=', 1).executeTakeFirst()) !== undefined
}

/** The company's ISO 4217 currency (undefined: no company yet). */
export async function companyCurrency({ db }: EngineDb): Promise<string | undefined> {
  return (await db.selectFrom('company').select('currency').where('id', '=', 1).executeTakeFirst())?.currency
}

/** The company's payment terms in days (the dashboard's share paid within terms); refuses an office without a company. */
export async function companyPaymentTermsDays({ db }: EngineDb): Promise<number> {
  const row = await db.selectFrom('company').select('payment_terms_days').where('id', '=', 1).executeTakeFirst()
  if (!row)
    throw new CloseoutError(
      'no-company',
      'Set up the company first (closeout setup import FILE, or Settings > Company)',
    )
  return row.payment_terms_days
}
