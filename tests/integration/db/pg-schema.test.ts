import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MIGRATIONS } from '../../../src-main/core/db/migrations/index'
import { migratePostgres, PG_FORMS, PG_MIGRATIONS } from '../../../src-main/core/db/pg/migrations'
import { openPostgres, type PgDatabase } from '../../../src-main/core/db/pg/pool'
import { searchJobIds } from '../../../src-main/core/db/pg/search'
import { inCi, postgresAvailable, startPostgres, type PgCluster } from '../../support/postgres'

/**
 * Issue #17, the schema on PostgreSQL: the migrations bring an EMPTY PostgreSQL database to the
 * schema the SQLite snapshot records (tests/integration/db/schema.snapshot.json): the same
 * tables, columns, types (INTEGER -> bigint, TEXT -> text, BLOB -> bytea), nullability and
 * indexes. The two dialect branches behave alike: the event log refuses UPDATE, DELETE and
 * TRUNCATE; search ignores accents ("muller" finds "Müller") and follows renames.
 */
const available = postgresAvailable()

interface SnapshotTable {
  columns: Record<string, { type: string; notNull: boolean }>
  indexes: string[]
}
const SNAPSHOT = JSON.parse(readFileSync(join(__dirname, 'schema.snapshot.json'), 'utf8')) as Record<
  string,
  SnapshotTable
>

/** Tables only PostgreSQL has: several seats share its database (migrations/seats_*.ts). */
const PG_ONLY_TABLES = ['seat_claims']
/** Indexes only PostgreSQL has: the search table's key and its word index (FTS5 keeps both inside). */
const PG_ONLY_INDEXES: Record<string, string[]> = { jobs_fts: ['jobs_fts_job', 'jobs_fts_words'] }

/** Columns only PostgreSQL has: the search table's stored words (FTS5 keeps them inside). */
const PG_ONLY_COLUMNS: Record<string, SnapshotTable['columns']> = {
  jobs_fts: { document: { type: 'tsvector', notNull: false } },
}

const PG_TYPE: Record<string, string> = { INTEGER: 'bigint', TEXT: 'text', BLOB: 'bytea', '': 'text' }

let cluster: PgCluster | undefined
let db: Kysely<PgDatabase> | undefined

beforeAll(async () => {
  if (!available) return
  cluster = await startPostgres()
  db = openPostgres(cluster.url(await cluster.createDatabase('schema')))
})
afterAll(async () => {
  await db?.destroy()
  cluster?.stop()
})

async function pgSchema(db: Kysely<PgDatabase>): Promise<Record<string, SnapshotTable>> {
  const columns = await sql<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>`
    SELECT c.table_name, c.column_name, c.data_type, c.is_nullable
      FROM information_schema.columns c JOIN information_schema.tables t
        ON t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
       AND c.table_name NOT LIKE 'kysely_%' AND c.table_name NOT LIKE 'closeout_seat_migration%'
     ORDER BY c.table_name, c.ordinal_position`.execute(db)
  // Indexes made by CREATE INDEX, not the ones behind a PRIMARY KEY or UNIQUE constraint
  // (SQLite's snapshot leaves its automatic indexes out the same way).
  const indexes = await sql<{ table: string; name: string }>`
    SELECT t.relname AS table, i.relname AS name
      FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = current_schema()
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)`.execute(db)
  const schema: Record<string, SnapshotTable> = {}
  for (const c of columns.rows) {
    const table = (schema[c.table_name] ??= { columns: {}, indexes: [] })
    table.columns[c.column_name] = { type: c.data_type, notNull: c.is_nullable === 'NO' }
  }
  for (const i of indexes.rows) schema[i.table]?.indexes.push(i.name)
  for (const t of Object.values(schema)) t.indexes.sort()
  return schema
}

/** The SQLite snapshot in PostgreSQL's words. */
function expectedSchema(): Record<string, SnapshotTable> {
  const expected: Record<string, SnapshotTable> = {}
  for (const [name, table] of Object.entries(SNAPSHOT)) {
    const columns: SnapshotTable['columns'] = {}
    for (const [column, c] of Object.entries(table.columns))
      columns[column] = { type: PG_TYPE[c.type] ?? `unmapped SQLite type ${c.type}`, notNull: c.notNull }
    const indexes = table.indexes.map((text) => /CREATE (?:UNIQUE )?INDEX (\S+)/i.exec(text)?.[1] ?? text)
    Object.assign(columns, PG_ONLY_COLUMNS[name] ?? {})
    expected[name] = { columns, indexes: [...indexes, ...(PG_ONLY_INDEXES[name] ?? [])].sort() }
  }
  return expected
}

describe('the schema on PostgreSQL (issue #17)', () => {
  it('fails in CI when PostgreSQL is missing', () => {
    if (inCi) expect(available, 'CI must install postgresql (.ci/run)').toBe(true)
  })

  it('every PostgreSQL form replaces a migration the office has, under the same name', () => {
    for (const name of Object.keys(PG_FORMS)) expect(MIGRATIONS, name).toHaveProperty(name)
    expect(Object.keys(PG_MIGRATIONS)).toEqual(Object.keys(MIGRATIONS))
  })

  it.skipIf(!available && !inCi)(
    'migrates an empty database to the SQLite snapshot: every table, column, type, nullability and index',
    async () => {
      const first = await migratePostgres(db!)
      expect(first.applied).toEqual([
        ...Object.keys(MIGRATIONS),
        'seats_2026_12_05_1930_claims',
        'seats_2026_12_07_1600_search_words',
        'seats_2026_12_07_1610_search_document',
      ])
      expect((await migratePostgres(db!)).applied).toEqual([])
      const actual = await pgSchema(db!)
      const pgOnly = Object.keys(actual).filter((t) => !(t in SNAPSHOT))
      expect(pgOnly).toEqual(PG_ONLY_TABLES)
      for (const t of PG_ONLY_TABLES) delete actual[t]
      expect(actual).toEqual(expectedSchema())
    },
  )

  it.skipIf(!available && !inCi)('the event log is append-only: UPDATE, DELETE and TRUNCATE are refused', async () => {
    await migratePostgres(db!)
    await db!
      .insertInto('job_events')
      .values({
        id: 1,
        job_id: 'J-1',
        at: '2026-12-05T10:00:00Z',
        type: 't',
        actor: 'a',
        data_json: '{}',
        prev_hash: '0',
        hash: 'h1',
      })
      .execute()
    await expect(db!.updateTable('job_events').set({ actor: 'someone else' }).execute()).rejects.toThrow(
      /job_events is append-only/,
    )
    await expect(db!.deleteFrom('job_events').execute()).rejects.toThrow(/job_events is append-only/)
    await expect(sql`TRUNCATE job_events`.execute(db!)).rejects.toThrow(/job_events is append-only/)
    const rows = await db!.selectFrom('job_events').select(['id', 'actor']).execute()
    expect(rows).toEqual([{ id: 1, actor: 'a' }])
  })

  it.skipIf(!available && !inCi)(
    'search ignores accents and follows the job, its customer and its lines ("muller" finds "Müller")',
    async () => {
      await migratePostgres(db!)
      const now = '2026-12-05T10:00:00Z'
      await sql`INSERT INTO customers (id, name) VALUES ('C-1', 'Müller Heizung')`.execute(db!)
      await sql`INSERT INTO jobs (id, customer_id, status, created_at, updated_at, description)
                VALUES ('J-100', 'C-1', 'scheduled', ${now}, ${now}, 'Noisy furnace')`.execute(db!)
      await db!
        .insertInto('estimate_lines')
        .values({
          job_id: 'J-100',
          line_no: 1,
          kind: 'part',
          sku: 'CAP-45',
          description: 'Capacitor 45/5',
          quantity_milli: 1000,
        })
        .execute()
      expect(await searchJobIds(db!, 'muller')).toEqual(['J-100'])
      expect(await searchJobIds(db!, 'MÜLL capac')).toEqual(['J-100'])
      expect(await searchJobIds(db!, 'furnace')).toEqual(['J-100'])
      expect(await searchJobIds(db!, 'boiler')).toEqual([])
      await db!.updateTable('customers').set({ name: 'Søren Åberg' }).where('id', '=', 'C-1').execute()
      expect(await searchJobIds(db!, 'muller')).toEqual([])
      expect(await searchJobIds(db!, 'aberg')).toEqual(['J-100'])
      await db!.deleteFrom('estimate_lines').where('job_id', '=', 'J-100').execute()
      expect(await searchJobIds(db!, 'capacitor')).toEqual([])
    },
  )

  it.skipIf(!available && !inCi)('refuses a database written by a newer Closeout', async () => {
    const other = openPostgres(cluster!.url(await cluster!.createDatabase('newer')))
    try {
      await migratePostgres(other)
      await other
        .withTables<{ kysely_migration: { name: string; timestamp: string } }>()
        .insertInto('kysely_migration')
        .values({ name: '2099_01_01_0000_from_the_future', timestamp: new Date().toISOString() })
        .execute()
      await expect(migratePostgres(other)).rejects.toThrow(/newer version of Closeout \(migration 2099_01_01_0000/)
    } finally {
      await other.destroy()
    }
  })
})
