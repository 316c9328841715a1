import type { ImportKind, ImportPreview, ImportResult } from '../../../src-shared/api/imports'
import { CloseoutError } from '../errors'
import type { Office } from '../office'
import { readCsvTable, type CsvTable } from './csv-table'
import { CUSTOMER_KEY_COLUMNS, planCustomers } from './customers-import'
import type { ImportPlan } from './import-plan'
import { JOB_KEY_COLUMNS, planJobs } from './jobs-import'
import { PRICE_BOOK_KEY_COLUMNS, planPriceBook } from './price-book-import'
import { PAYMENT_KEY_COLUMNS, planPayments } from '../payments/payments-import'

type Planner = (office: Office, table: CsvTable, actor: string) => ImportPlan

const PLANNERS: Record<ImportKind, { keys: readonly string[]; plan: Planner }> = {
  customers: { keys: CUSTOMER_KEY_COLUMNS, plan: planCustomers },
  priceBook: { keys: PRICE_BOOK_KEY_COLUMNS, plan: planPriceBook },
  jobs: { keys: JOB_KEY_COLUMNS, plan: planJobs },
  payments: { keys: PAYMENT_KEY_COLUMNS, plan: planPayments },
}

const MAX_ROWS = 20_000

function plan(office: Office, kind: ImportKind, csv: string, actor: string): ImportPlan {
  const planner = PLANNERS[kind]
  const table = readCsvTable(csv, planner.keys)
  if (table.records.length === 0) throw new CloseoutError('empty-import', 'The file has a header row but no data rows')
  if (table.records.length > MAX_ROWS)
    throw new CloseoutError(
      'too-large',
      `The file has ${table.records.length} rows; import at most ${MAX_ROWS} at a time`,
    )
  return planner.plan(office, table, actor)
}

/** Checks every row and says what each would do; writes nothing. */
export function previewImport(office: Office, input: { kind: ImportKind; csv: string }): ImportPreview {
  const result = plan(office, input.kind, input.csv, 'preview')
  const counts = { create: 0, update: 0, unchanged: 0, error: 0 }
  for (const row of result.rows) counts[row.outcome]++
  return {
    kind: input.kind,
    format: result.format,
    formatLabel: result.formatLabel,
    dateFormat: result.dateFormat ?? null,
    rows: result.rows.map(({ apply: _apply, ...row }) => row),
    counts,
  }
}

/**
 * Checks the file again (the data may have changed since the preview) and writes it in one
 * transaction. Any bad row stops the whole import unless `skipBadRows` is set. `actor` (the
 * signed-in user, or the command line's --as user) is who the event log names for what it records.
 */
export function commitImport(
  office: Office,
  input: { kind: ImportKind; csv: string; skipBadRows: boolean },
  actor = 'import',
): ImportResult {
  const result = plan(office, input.kind, input.csv, actor)
  const bad = result.rows.filter((r) => r.outcome === 'error')
  if (bad.length && !input.skipBadRows) {
    throw new CloseoutError(
      'import-has-errors',
      `${bad.length} row${bad.length === 1 ? '' : 's'} cannot be imported; nothing was written`,
      bad.flatMap((r) => r.errors.map((e) => ({ path: `row ${r.row}.${e.column}`, message: e.message }))),
    )
  }
  const summary: ImportResult = { created: 0, updated: 0, unchanged: 0, skipped: bad.length }
  office.sqlite.transaction(() => {
    for (const row of result.rows) {
      if (row.outcome === 'error') continue
      if (row.outcome === 'unchanged') summary.unchanged++
      else {
        row.apply?.()
        summary[row.outcome === 'create' ? 'created' : 'updated']++
      }
    }
  })()
  if (summary.created + summary.updated > 0) office.events.emit('jobs.changed', { reason: 'csv-import', jobIds: null })
  return summary
}
