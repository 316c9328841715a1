import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { sql, type Kysely } from 'kysely'
import { CloseoutError } from '../../errors'
import type { LogVerdict } from '../../lifecycle/event-log'
import { openDatabase } from '../connection'
import type { DatabaseEngine } from './engine'
import { isMigrationTable, migratePostgres } from './migrations'
import { openPostgres } from './pool'
import { verifyPostgresEventLog } from './verify-log'

/**
 * `closeout db migrate --to postgres://…` (issue #17): moves an office from its SQLite file to
 * an EMPTY PostgreSQL database. The target gets the schema (./migrations.ts), then every table's
 * rows in one PostgreSQL transaction read from one SQLite read transaction (a consistent copy:
 * all or nothing), identities moved past the copied ids, the invoice-number sequence started at
 * the office's next number. Counts are taken before and after, and the event log's hash chain is
 * verified on PostgreSQL. The SQLite file is only read (after the usual migrate-on-open).
 */

/** The search table is rebuilt by PostgreSQL's own triggers, never copied (FTS5 shadow tables neither). */
const SEARCH_TABLE = 'jobs_fts'
const isSearchTable = (name: string) => name === SEARCH_TABLE || name.startsWith(`${SEARCH_TABLE}_`)

const ROWS_PER_READ = 2000
/** PostgreSQL takes at most 65,535 parameters per statement. */
const PARAMETERS_PER_INSERT = 30_000

export interface TableCount {
  table: string
  sqlite: number
  postgres: number
}

export interface CopyReport {
  target: string
  tables: TableCount[]
  /** Rows PostgreSQL's triggers built in its search table (one per job). */
  searchRows: number
  eventLog: LogVerdict
  ok: boolean
}

type AnyDb = Kysely<Record<string, Record<string, unknown>>>

async function countRows(db: AnyDb, table: string): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Tables in an order where each comes after the tables its foreign keys name. */
async function dependencyOrder(source: AnyDb, tables: string[]): Promise<string[]> {
  const needs = new Map<string, Set<string>>()
  for (const table of tables) {
    const fks = await sql<{ table: string }>`SELECT "table" FROM pragma_foreign_key_list(${table})`.execute(source)
    needs.set(table, new Set(fks.rows.map((r) => r.table).filter((t) => t !== table && tables.includes(t))))
  }
  const ordered: string[] = []
  while (ordered.length < tables.length) {
    const ready = tables.filter((t) => !ordered.includes(t) && [...needs.get(t)!].every((n) => ordered.includes(n)))
    if (ready.length === 0) throw new CloseoutError('migrate-failed', 'The tables refer to each other in a circle')
    ordered.push(...ready)
  }
  return ordered
}

async function ensureEmpty(target: AnyDb, display: string): Promise<void> {
  const tables = (await target.introspection.getTables()).filter((t) => !t.isView && !isMigrationTable(t.name))
  for (const t of tables) {
    const n = await countRows(target, t.name)
    if (n > 0)
      throw new CloseoutError(
        'target-not-empty',
        `${display} is not empty (table ${t.name} has ${n} row${n === 1 ? '' : 's'}); closeout db migrate only moves an office into an empty database`,
      )
  }
}

export async function copyOfficeToPostgres(
  dataDir: string,
  target: Extract<DatabaseEngine, { engine: 'postgres' }>,
  options: { nativeBinding?: string } = {},
): Promise<CopyReport> {
  if (!existsSync(join(dataDir, 'closeout.sqlite')))
    throw new CloseoutError('no-office', `There is no office in ${dataDir} (no closeout.sqlite) to move`)
  const pgDb = openPostgres(target.url, { max: 2, applicationName: 'closeout db migrate' }) as unknown as AnyDb
  try {
    try {
      await sql`SELECT 1`.execute(pgDb)
    } catch (error) {
      throw new CloseoutError(
        'database-unreachable',
        `Cannot connect to ${target.display}: ${error instanceof Error ? error.message : String(error)}`,
      )
    }
    await ensureEmpty(pgDb, target.display)
    await migratePostgres(pgDb)

    const opened = await openDatabase(dataDir, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
    const source = opened.db as unknown as AnyDb
    try {
      const sourceTables = (await source.introspection.getTables()).filter(
        (t) => !t.isView && !isMigrationTable(t.name) && !isSearchTable(t.name),
      )
      const targetTables = new Map((await pgDb.introspection.getTables()).map((t) => [t.name, t]))
      for (const t of sourceTables) {
        const there = targetTables.get(t.name)
        const missing = t.columns.filter((c) => !there?.columns.some((p) => p.name === c.name)).map((c) => c.name)
        if (!there || missing.length > 0)
          throw new CloseoutError(
            'schema-differs',
            `PostgreSQL has no ${there ? `column ${t.name}.${missing[0]}` : `table ${t.name}`}: the two schemas differ (is this Closeout older than the data folder?)`,
          )
      }
      const order = await dependencyOrder(
        source,
        sourceTables.map((t) => t.name),
      )
      const before = new Map<string, number>()

      await source.transaction().execute(async (read) => {
        for (const table of order) before.set(table, await countRows(read, table))
        await pgDb.transaction().execute(async (write) => {
          // The target must still be empty now that this transaction holds its snapshot.
          for (const table of order)
            if ((await countRows(write, table)) > 0)
              throw new CloseoutError('target-not-empty', `${target.display} is not empty (table ${table} gained rows)`)
          for (const table of order) {
            const columns = sourceTables.find((t) => t.name === table)!.columns.map((c) => c.name)
            const perInsert = Math.max(1, Math.floor(PARAMETERS_PER_INSERT / columns.length))
            let after = Number.MIN_SAFE_INTEGER
            for (;;) {
              const rows = await read
                .selectFrom(table)
                .select([...columns, sql<number>`rowid`.as('__rowid')] as never)
                .where(sql`rowid`, '>', after)
                .orderBy(sql`rowid`)
                .limit(ROWS_PER_READ)
                .execute()
              if (rows.length === 0) break
              after = Number(rows[rows.length - 1]!.__rowid)
              const values = rows.map((r) => Object.fromEntries(columns.map((c) => [c, r[c]])))
              for (let i = 0; i < values.length; i += perInsert)
                await write
                  .insertInto(table)
                  .values(values.slice(i, i + perInsert))
                  .execute()
              if (rows.length < ROWS_PER_READ) break
            }
          }
          // Identity columns continue after the copied ids.
          const identities = await sql<{ table_name: string; column_name: string }>`
            SELECT table_name, column_name FROM information_schema.columns
             WHERE table_schema = current_schema() AND is_identity = 'YES'`.execute(write)
          for (const { table_name: t, column_name: c } of identities.rows)
            await sql`SELECT setval(pg_get_serial_sequence(${t}, ${c}), coalesce((SELECT max(${sql.ref(c)}) FROM ${sql.table(t)}), 0) + 1, false)`.execute(
              write,
            )
          // Every seat draws invoice numbers from one sequence, starting where this office stands.
          const company = await write
            .selectFrom('company')
            .select('next_invoice_number')
            .where('id', '=', 1)
            .executeTakeFirst()
          if (company)
            await sql`SELECT setval('invoice_numbers', ${Number(company.next_invoice_number)}, false)`.execute(write)
        })
      })

      const tables: TableCount[] = []
      for (const table of order)
        tables.push({ table, sqlite: before.get(table)!, postgres: await countRows(pgDb, table) })
      const searchRows = await countRows(pgDb, SEARCH_TABLE)
      const eventLog = await verifyPostgresEventLog(pgDb as never)
      const jobs = tables.find((t) => t.table === 'jobs')?.postgres ?? 0
      const ok = eventLog.ok && searchRows === jobs && tables.every((t) => t.sqlite === t.postgres)
      return { target: target.display, tables, searchRows, eventLog, ok }
    } finally {
      await opened.db.destroy()
    }
  } finally {
    await pgDb.destroy()
  }
}
