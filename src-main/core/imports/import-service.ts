import type { ImportKind, ImportPreview, ImportResult } from '../../../src-shared/api/imports'
import type { Kysely } from 'kysely'
import { withTransaction, type EngineDb, type EngineName } from '../db/engine-db'
import type { Database } from '../db/schema'
import { CloseoutError } from '../errors'
import type { Office } from '../office'
import { readCsvTable, type CsvTable } from './csv-table'
import { CUSTOMER_KEY_COLUMNS, planCustomers } from './customers-import'
import type { ImportPlan, PlannedRow, TrxWrite } from './import-plan'
import { JOB_KEY_COLUMNS, planJobs } from './jobs-import'
import { PRICE_BOOK_KEY_COLUMNS, planPriceBook } from './price-book-import'
import { PAYMENT_KEY_COLUMNS, planPayments } from '../payments/payments-import'

/**
 * The CSV imports (imports.preview, imports.commit) on the async path of issue #17: customers,
 * the price book, jobs and payments are checked and written in one withTransaction on either
 * engine (the check runs again inside it, on what the other seats committed).
 */

/** Who an import's rows are recorded under, and when. */
interface ImportBy {
  actor: string
  at: string
}

const PLANNERS: Record<
  ImportKind,
  {
    keys: readonly string[]
    plan: (db: Kysely<Database>, table: CsvTable, engine: EngineName, by: ImportBy) => Promise<ImportPlan<TrxWrite>>
  }
> = {
  customers: { keys: CUSTOMER_KEY_COLUMNS, plan: planCustomers },
  priceBook: { keys: PRICE_BOOK_KEY_COLUMNS, plan: planPriceBook },
  jobs: { keys: JOB_KEY_COLUMNS, plan: planJobs },
  payments: { keys: PAYMENT_KEY_COLUMNS, plan: (db, table, _engine, by) => planPayments(db, table, by) },
}

const MAX_ROWS = 20_000

function readTable(csv: string, keys: readonly string[]): CsvTable {
  const table = readCsvTable(csv, keys)
  if (table.records.length === 0) throw new CloseoutError('empty-import', 'The file has a header row but no data rows')
  if (table.records.length > MAX_ROWS)
    throw new CloseoutError(
      'too-large',
      `The file has ${table.records.length} rows; import at most ${MAX_ROWS} at a time`,
    )
  return table
}

function toPreview<W>(kind: ImportKind, result: ImportPlan<W>): ImportPreview {
  const counts = { create: 0, update: 0, unchanged: 0, error: 0 }
  for (const row of result.rows) counts[row.outcome]++
  return {
    kind,
    format: result.format,
    formatLabel: result.formatLabel,
    dateFormat: result.dateFormat ?? null,
    rows: result.rows.map(({ apply: _apply, ...row }) => row),
    counts,
  }
}

/** What the import will have done; refuses the whole import over any bad row unless `skipBadRows`. */
function summarize<W>(rows: PlannedRow<W>[], skipBadRows: boolean): ImportResult {
  const bad = rows.filter((r) => r.outcome === 'error')
  if (bad.length && !skipBadRows) {
    throw new CloseoutError(
      'import-has-errors',
      `${bad.length} row${bad.length === 1 ? '' : 's'} cannot be imported; nothing was written`,
      bad.flatMap((r) => r.errors.map((e) => ({ path: `row ${r.row}.${e.column}`, message: e.message }))),
    )
  }
  const summary: ImportResult = { created: 0, updated: 0, unchanged: 0, skipped: bad.length }
  for (const row of rows) {
    if (row.outcome === 'create') summary.created++
    else if (row.outcome === 'update') summary.updated++
    else if (row.outcome === 'unchanged') summary.unchanged++
  }
  return summary
}

/** Checks every row and says what each would do; writes nothing. Any kind, on either engine. */
export async function previewImportOn(edb: EngineDb, input: { kind: ImportKind; csv: string }): Promise<ImportPreview> {
  const planner = PLANNERS[input.kind]
  const by = { actor: 'preview', at: new Date().toISOString() }
  return toPreview(input.kind, await planner.plan(edb.db, readTable(input.csv, planner.keys), edb.engine, by))
}

/**
 * A file's rows in one transaction on either engine: the rows are checked again inside it (the
 * data may have changed since the preview, or another seat may be importing the same file: on
 * PostgreSQL the later seat runs again and finds the rows there, so a payment is recorded once
 * and the later seat reports it as already recorded). Any bad row stops the whole import unless
 * `skipBadRows`. `actor` (the signed-in user, or the command line's --as user) is who the event
 * log names for what it records, at `now`.
 */
export async function recordImport(
  edb: EngineDb,
  input: { kind: ImportKind; csv: string; skipBadRows: boolean },
  actor = 'import',
  now = new Date(),
): Promise<ImportResult> {
  const planner = PLANNERS[input.kind]
  const table = readTable(input.csv, planner.keys)
  const by = { actor, at: now.toISOString() }
  return withTransaction(edb, async (trx) => {
    const { rows } = await planner.plan(trx, table, edb.engine, by)
    const summary = summarize(rows, input.skipBadRows)
    for (const row of rows) if (row.outcome !== 'error' && row.outcome !== 'unchanged') await row.apply?.(trx)
    return summary
  })
}

/** imports.preview: any kind. */
export async function previewAnyImport(
  office: Office,
  input: { kind: ImportKind; csv: string },
): Promise<ImportPreview> {
  return previewImportOn(office, input)
}

/** imports.commit: any kind; the office's screens hear of what was written after the commit. */
export async function commitAnyImport(
  office: Office,
  input: { kind: ImportKind; csv: string; skipBadRows: boolean },
  actor = 'import',
): Promise<ImportResult> {
  const summary = await recordImport(office, input, actor)
  if (summary.created + summary.updated > 0) office.events.emit('jobs.changed', { reason: 'csv-import', jobIds: null })
  return summary
}
