import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * Issue #15: queries are built with Kysely's typed builder in *.repo.ts files, so a column
 * renamed in db/schema.ts breaks the build instead of a screen. Raw SQL lives only in
 * migrations, in the statement machinery (db/connection.ts) and in db/raw-sql.ts's short list
 * of statements the builder cannot express. Each table has one writer of new rows.
 */
const ROOT = join(__dirname, '../../../..')
const SRC = join(ROOT, 'src-main')

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  )
}

const files = sources(SRC)
  .map((file) => ({ path: relative(ROOT, file).split('\\').join('/'), text: readFileSync(file, 'utf8') }))
  .filter((f) => !f.path.startsWith('src-main/core/db/migrations/'))

const RAW_SQL = /\.prepare\(|\bstatement\(|\bprepareCached\(/

/** Where raw SQL belongs for good. */
const RAW_HOMES = ['src-main/core/db/connection.ts', 'src-main/core/db/raw-sql.ts']

describe('data access (issue #15)', () => {
  it('keeps raw SQL in its two homes (every area is on the typed builder)', () => {
    const raw = files.filter((f) => RAW_SQL.test(f.text)).map((f) => f.path)
    expect(raw.filter((p) => !RAW_HOMES.includes(p))).toEqual([])
  })

  it.each(['jobs', 'submissions', 'approvals'])('has one writer of new %s rows', (table) => {
    const writers = files.filter(
      (f) =>
        f.text.includes(`insertInto('${table}')`) ||
        new RegExp(`INSERT\\s+(OR\\s+\\w+\\s+)?INTO\\s+${table}\\b`, 'i').test(f.text),
    )
    expect(writers.map((f) => f.path)).toHaveLength(1)
  })

  it('writes a job status only through lifecycle/changeJobStatus', () => {
    const writers = files.filter(
      (f) => /UPDATE\s+jobs\s+SET\s+status\b/i.test(f.text) || /updateTable\('jobs'\)[\s\S]{0,80}status:/.test(f.text),
    )
    expect(writers.map((f) => f.path)).toEqual(['src-main/core/jobs/job-rows.repo.ts'])
  })
})
