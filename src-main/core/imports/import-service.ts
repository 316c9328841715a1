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
 * The CSV imports (imports.preview, imports.commit). Customers, the price book and jobs are on
 * the async path of issue #17: checked and written in one withTransaction on either engine (the
 * check runs again inside it, on what the other seats committed). Payments still plan and write
 * on the synchronous path (previewImport / commitImport, for that kind only).
 */

/** The kinds whose rows are checked and written on the async path, on either engine. */
export type AsyncImportKind = 'customers' | 'priceBook' | 'jobs'
type SyncImportKind = Exclude<ImportKind, AsyncImportKind>

const ASYNC_PLANNERS: Record<
  AsyncImportKind,
  {
    keys: readonly string[]
    plan: (db: Kysely<Database>, table: CsvTable, engine: EngineName) => Promise<ImportPlan<TrxWrite>>
  }
> = {
  customers: { keys: CUSTOMER_KEY_COLUMNS, plan: planCustomers },
  priceBook: { keys: PRICE_BOOK_KEY_COLUMNS, plan: planPriceBook },
  jobs: { keys: JOB_KEY_COLUMNS, plan: planJobs },
}

const SYNC_PLANNERS: Record<
  SyncImportKind,
  { keys: readonly string[]; plan: (office: Office, table: CsvTable, actor: string) => ImportPlan }
> = {
  payments: { keys: PAYMENT_KEY_COLUMNS, plan: planPayments },
}

const MAX_ROWS = 20_000

const isAsyncKind = (kind: ImportKind): kind is AsyncImportKind => kind in ASYNC_PLANNERS

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

/** Checks every row and says what each would do; writes nothing. Customers, the price book and jobs on either engine. */
export async function previewImportOn(
  edb: EngineDb,
  input: { kind: AsyncImportKind; csv: string },
): Promise<ImportPreview> {
  const planner = ASYNC_PLANNERS[input.kind]
  return toPreview(input.kind, await planner.plan(edb.db, readTable(input.csv, planner.keys), edb.engine))
}

/**
 * Customers, price book items or jobs from a file, in one transaction on either engine: the rows are
 * checked again inside it (the data may have changed since the preview, or another seat may be
 * importing the same file: on PostgreSQL the later seat runs again and finds the rows there).
 */
export async function recordImport(
  edb: EngineDb,
  input: { kind: AsyncImportKind; csv: string; skipBadRows: boolean },
): Promise<ImportResult> {
  const planner = ASYNC_PLANNERS[input.kind]
  const table = readTable(input.csv, planner.keys)
  return withTransaction(edb, async (trx) => {
    const { rows } = await planner.plan(trx, table, edb.engine)
    const summary = summarize(rows, input.skipBadRows)
    for (const row of rows) if (row.outcome !== 'error' && row.outcome !== 'unchanged') await row.apply?.(trx)
    return summary
  })
}

/** Checks every row and says what each would do; writes nothing (payments, on the synchronous path). */
export function previewImport(office: Office, input: { kind: SyncImportKind; csv: string }): ImportPreview {
  const planner = SYNC_PLANNERS[input.kind]
  return toPreview(input.kind, planner.plan(office, readTable(input.csv, planner.keys), 'preview'))
}

/**
 * Checks the file again (the data may have changed since the preview) and writes it in one
 * transaction. Any bad row stops the whole import unless `skipBadRows` is set. `actor` (the
 * signed-in user, or the command line's --as user) is who the event log names for what it
 * records. Payments, on the synchronous path.
 */
export function commitImport(
  office: Office,
  input: { kind: SyncImportKind; csv: string; skipBadRows: boolean },
  actor = 'import',
): ImportResult {
  const planner = SYNC_PLANNERS[input.kind]
  const { rows } = planner.plan(office, readTable(input.csv, planner.keys), actor)
  const summary = summarize(rows, input.skipBadRows)
  office.sqlite.transaction(() => {
    for (const row of rows) if (row.outcome !== 'error' && row.outcome !== 'unchanged') row.apply?.()
  })()
  changed(office, summary)
  return summary
}

function changed(office: Office, summary: ImportResult): void {
  if (summary.created + summary.updated > 0) office.events.emit('jobs.changed', { reason: 'csv-import', jobIds: null })
}

/** imports.preview: any kind. */
export async function previewAnyImport(
  office: Office,
  input: { kind: ImportKind; csv: string },
): Promise<ImportPreview> {
  const { kind, csv } = input
  return isAsyncKind(kind) ? previewImportOn(office, { kind, csv }) : previewImport(office, { kind, csv })
}

/** imports.commit: any kind; the office's screens hear of what was written after the commit. */
export async function commitAnyImport(
  office: Office,
  input: { kind: ImportKind; csv: string; skipBadRows: boolean },
  actor = 'import',
): Promise<ImportResult> {
  const { kind, csv, skipBadRows } = input
  if (!isAsyncKind(kind)) return commitImport(office, { kind, csv, skipBadRows }, actor)
  const summary = await recordImport(office, { kind, csv, skipBadRows })
  changed(office, summary)
  return summary
}
