import type { EngineDb } from '../db/engine-db'
import { binaryOrder as binary, noCaseOrder as noCase } from '../db/sql-fragments'

/**
 * The office's reference lists (customers, technicians, job types, the price book, labor rates)
 * as the Dispatch form, the inbox filters and the dashboard show them, on the async path of
 * issue #17: every query runs through Kysely's `.execute()` on an `EngineDb`, the SQLite file or
 * PostgreSQL. The writes, and the lookups made inside a synchronous transaction (dispatch's and
 * ingest's reference checks, the CSV imports), stay in catalog.repo.ts for now.
 *
 * Both engines sort alike whatever PostgreSQL's locale (db/sql-fragments.ts): names ignoring
 * case as SQLite's NOCASE does, plain text keys byte by byte.
 */

/** By name, ignoring case; the id breaks ties. */
export async function listCustomers({
  engine,
  db,
}: EngineDb): Promise<{ id: string; name: string; address: string }[]> {
  return db
    .selectFrom('customers')
    .select(['id', 'name', 'address'])
    .orderBy(noCase(engine, 'name'))
    .orderBy(binary(engine, 'id'))
    .execute()
}

export async function listTechnicians({
  engine,
  db,
}: EngineDb): Promise<{ id: string; name: string; active: boolean }[]> {
  const rows = await db
    .selectFrom('technicians')
    .select(['id', 'name', 'active'])
    .orderBy(noCase(engine, 'name'))
    .orderBy(binary(engine, 'id'))
    .execute()
  return rows.map((t) => ({ id: t.id, name: t.name, active: t.active === 1 }))
}

export async function listJobTypes({ engine, db }: EngineDb): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom('job_types')
    .select(['id', 'name'])
    .orderBy(noCase(engine, 'name'))
    .orderBy(binary(engine, 'id'))
    .execute()
}

export async function listPriceBook({
  engine,
  db,
}: EngineDb): Promise<{ sku: string; description: string; unitPriceCents: number }[]> {
  const rows = await db
    .selectFrom('price_book')
    .select(['sku', 'description', 'unit_price_cents'])
    .orderBy(binary(engine, 'sku'))
    .execute()
  return rows.map((p) => ({ sku: p.sku, description: p.description, unitPriceCents: p.unit_price_cents }))
}

export async function listLaborRates({
  engine,
  db,
}: EngineDb): Promise<{ role: string; name: string | null; rateCents: number }[]> {
  const rows = await db
    .selectFrom('labor_rates')
    .select(['role', 'name', 'rate_cents'])
    .orderBy(binary(engine, 'role'))
    .execute()
  return rows.map((l) => ({ role: l.role, name: l.name, rateCents: l.rate_cents }))
}

/** Id and name of every customer, job type or technician, by id: a CSV column or a chart may name either. */
export async function idsAndNames(
  { engine, db }: EngineDb,
  table: 'customers' | 'job_types' | 'technicians',
): Promise<{ id: string; name: string }[]> {
  return db.selectFrom(table).select(['id', 'name']).orderBy(binary(engine, 'id')).execute()
}
