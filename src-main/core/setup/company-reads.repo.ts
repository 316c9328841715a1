import type { EngineDb } from '../db/engine-db'

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
