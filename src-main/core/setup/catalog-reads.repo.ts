import type { Kysely } from 'kysely'
import type { EngineDb, EngineName } from '../db/engine-db'
import type { Database } from '../db/schema'
import { binaryOrder as binary, noCaseOrder as noCase, textList } from '../db/sql-fragments'

/**
 * The office's reference lists (customers, technicians, job types, the price book, labor rates)
 * as the Dispatch form, the inbox filters and the dashboard show them, on the async path of
 * issue #17: every query runs through Kysely's `.execute()` on an `EngineDb`, the SQLite file or
 * PostgreSQL, with the lookup Dispatch's writers make in their transaction (catalogHasIn). The
 * writes, and the lookups made inside a synchronous transaction (ingest's and the review's
 * reference checks, the CSV imports), stay in catalog.repo.ts for now.
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
  { engine, db }: { engine: EngineName; db: Kysely<Database> },
  table: 'customers' | 'job_types' | 'technicians',
): Promise<{ id: string; name: string }[]> {
  return db.selectFrom(table).select(['id', 'name']).orderBy(binary(engine, 'id')).execute()
}

/** The kinds of catalog record a job names, each found by its key. */
export type CatalogKind = 'customer' | 'jobType' | 'technician' | 'priceBookItem' | 'laborRate'

/** The query finding one catalog record by its key (catalog.repo.ts's synchronous lookups share it). */
export function catalogRecordQuery(db: Kysely<Database>, kind: CatalogKind, key: string) {
  switch (kind) {
    case 'customer':
      return db.selectFrom('customers').select('id as key').where('id', '=', key)
    case 'jobType':
      return db.selectFrom('job_types').select('id as key').where('id', '=', key)
    case 'technician':
      return db.selectFrom('technicians').select('id as key').where('id', '=', key)
    case 'priceBookItem':
      return db.selectFrom('price_book').select('sku as key').where('sku', '=', key)
    case 'laborRate':
      return db.selectFrom('labor_rates').select('role as key').where('role', '=', key)
  }
}

/** Whether the catalog has the record, read in `db`: an EngineDb's, or a writer's transaction. */
export async function catalogHasIn(db: Kysely<Database>, kind: CatalogKind, key: string): Promise<boolean> {
  return (await catalogRecordQuery(db, kind, key).executeTakeFirst()) !== undefined
}

export const customerAddressQuery = (db: Kysely<Database>, id: string) =>
  db.selectFrom('customers').select('address').where('id', '=', id)

/** The customer's one-line address (undefined: no such customer), read in `db` (the CSV import of jobs' transaction). */
export async function customerAddressIn(db: Kysely<Database>, id: string): Promise<string | undefined> {
  return (await customerAddressQuery(db, id).executeTakeFirst())?.address
}

/**
 * The first customer (by id, byte by byte on either engine) with exactly this name: a field job
 * names its customer, not an id. In `db` (the ingest's transaction).
 */
export async function customerIdByNameIn(
  db: Kysely<Database>,
  engine: EngineName,
  name: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('customers')
    .select('id')
    .where('name', '=', name)
    .orderBy(binary(engine, 'id'))
    .limit(1)
    .executeTakeFirst()
  return row?.id
}

/**
 * Whether each labor role and price-book SKU is taxable (0/1), for a closeout's lines: two
 * statements for all of its lines. A role or SKU the catalog does not have is absent.
 */
export async function taxabilityIn(
  db: Kysely<Database>,
  engine: EngineName,
  roles: readonly string[],
  skus: readonly string[],
): Promise<{ roles: Map<string, number>; skus: Map<string, number> }> {
  const [rates, items] = await Promise.all([
    roles.length
      ? db.selectFrom('labor_rates').select(['role', 'taxable']).where('role', 'in', textList(engine, roles)).execute()
      : [],
    skus.length
      ? db.selectFrom('price_book').select(['sku', 'taxable']).where('sku', 'in', textList(engine, skus)).execute()
      : [],
  ])
  return {
    roles: new Map(rates.map((r) => [r.role, Number(r.taxable)])),
    skus: new Map(items.map((i) => [i.sku, Number(i.taxable)])),
  }
}

/** Of `ids`, the technicians the catalog has (the ingest's group: one statement for all its closeouts). */
export async function technicianIdsIn(
  db: Kysely<Database>,
  engine: EngineName,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set()
  const rows = await db
    .selectFrom('technicians')
    .select('id')
    .where('id', 'in', textList(engine, [...new Set(ids)]))
    .execute()
  return new Set(rows.map((r) => r.id))
}
