import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase, type Sqlite } from '../../../src-main/core/db/connection'
import { tempFolders, type TempFolders } from '../../support/temp-office'

/**
 * The schema guard (Actual's idea): the database the migrations build must be the one
 * `db/schema.ts` describes to Kysely, column for column, and must equal the committed snapshot,
 * so a migration without a schema change (or a schema change without a migration) fails here.
 * After an intended change: `UPDATE_SCHEMA_SNAPSHOT=1 npx vitest run tests/integration/db/schema-guard.test.ts`.
 */
const ROOT = join(__dirname, '..', '..', '..')
const SNAPSHOT = join(__dirname, 'schema.snapshot.json')

let folders: TempFolders
afterEach(() => folders?.cleanup())

interface Column {
  type: string
  notNull: boolean
}
interface Table {
  columns: Record<string, Column>
  indexes: string[]
}

function migratedSchema(sqlite: Sqlite): Record<string, Table> {
  const tables = sqlite
    .prepare(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kysely_%'
         AND name NOT LIKE '%_fts_%' ORDER BY name`,
    )
    .pluck()
    .all() as string[]
  const schema: Record<string, Table> = {}
  for (const table of tables) {
    const columns: Record<string, Column> = {}
    for (const c of sqlite.prepare(`SELECT * FROM pragma_table_info(?)`).all(table) as {
      name: string
      type: string
      notnull: number
      pk: number
    }[])
      columns[c.name] = { type: c.type.toUpperCase(), notNull: c.notnull === 1 || (c.pk === 1 && c.type === 'INTEGER') }
    const indexes = (
      sqlite
        .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`)
        .all(table) as { name: string; sql: string }[]
    )
      .map((i) => i.sql.replace(/\s+/g, ' '))
      .sort()
    schema[table] = { columns, indexes }
  }
  return schema
}

/** Each table interface of db/schema.ts: column → its TypeScript type text, read with the compiler API. */
function declaredSchema(): Record<string, Record<string, string>> {
  const file = join(ROOT, 'src-main', 'core', 'db', 'schema.ts')
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true)
  const interfaces = new Map<string, ts.InterfaceDeclaration>()
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node)) interfaces.set(node.name.text, node)
  })
  const database = interfaces.get('Database')
  if (!database) throw new Error('db/schema.ts has no Database interface')
  const result: Record<string, Record<string, string>> = {}
  for (const member of database.members) {
    if (!ts.isPropertySignature(member) || !member.type || !ts.isTypeReferenceNode(member.type)) continue
    const table = (member.name as ts.Identifier).text
    const decl = interfaces.get(member.type.typeName.getText(source))
    if (!decl) throw new Error(`db/schema.ts: ${table} names a type it does not declare`)
    result[table] = Object.fromEntries(
      decl.members
        .filter(ts.isPropertySignature)
        .map((m) => [(m.name as ts.Identifier).text, m.type?.getText(source) ?? '']),
    )
  }
  return result
}

/** What a declared TypeScript type must look like for a column of this SQLite type and nullability. */
function agrees(tsType: string, column: Column): boolean {
  const inner = tsType.replace(/^Generated<(.*)>$/, '$1').trim()
  const parts = inner.split('|').map((p) => p.trim())
  const nullable = parts.includes('null')
  const base = parts.filter((p) => p !== 'null')
  // An FTS5 table's columns have no declared type or constraint; what goes in is text.
  if (column.type === '') return base.every((p) => p === 'string')
  if (nullable === column.notNull) return false
  // SQLite's type affinity rules.
  const expected = /INT|REAL|FLOA|DOUB/.test(column.type) ? 'number' : /BLOB/.test(column.type) ? 'Buffer' : 'string'
  // A TEXT column may be typed as a union of its allowed strings ('a' | 'b').
  return base.every((p) => p === expected || (expected === 'string' && /^'.*'$/.test(p)))
}

describe('schema guard', () => {
  it('the migrated database is what db/schema.ts declares: every table, column, type and nullability', async () => {
    folders = tempFolders()
    const { sqlite, db } = await openDatabase(folders.dataDir)
    const migrated = migratedSchema(sqlite)
    await db.destroy()
    const declared = declaredSchema()
    const problems: string[] = []
    for (const table of Object.keys(migrated))
      if (!(table in declared)) problems.push(`${table}: in the database, missing from db/schema.ts`)
    for (const [table, columns] of Object.entries(declared)) {
      const real = migrated[table]
      if (!real) {
        problems.push(`${table}: declared in db/schema.ts, not created by any migration`)
        continue
      }
      for (const [name, tsType] of Object.entries(columns)) {
        const column = real.columns[name]
        if (!column) problems.push(`${table}.${name}: declared, not in the database`)
        else if (!agrees(tsType, column))
          problems.push(
            `${table}.${name}: declared ${tsType}, the database has ${column.type}${column.notNull ? ' NOT NULL' : ''}`,
          )
      }
      for (const name of Object.keys(real.columns))
        if (!(name in columns)) problems.push(`${table}.${name}: in the database, missing from db/schema.ts`)
    }
    expect(problems).toEqual([])
  })

  it('the migrated database equals the committed snapshot (tests/integration/db/schema.snapshot.json)', async () => {
    folders = tempFolders()
    const { sqlite, db } = await openDatabase(folders.dataDir)
    const migrated = migratedSchema(sqlite)
    await db.destroy()
    const text = `${JSON.stringify(migrated, null, 2)}\n`
    if (process.env.UPDATE_SCHEMA_SNAPSHOT === '1' || !existsSync(SNAPSHOT)) writeFileSync(SNAPSHOT, text)
    expect(JSON.parse(readFileSync(SNAPSHOT, 'utf8'))).toEqual(migrated)
  })
})
