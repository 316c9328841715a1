import type { ImportFormat, ImportRow } from '../../../src-shared/api/imports'
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import type { CsvRecord } from './csv-table'

/** Writes a row in the import's transaction on the synchronous path (jobs, payments). */
export type SyncWrite = () => void
/** Writes a row in `trx`, the import's withTransaction (customers, the price book: issue #17's async path). */
export type TrxWrite = (trx: Kysely<Database>) => Promise<void>

/** A checked row: what it would do, why it cannot, and how to write it. */
export interface PlannedRow<W = SyncWrite> extends ImportRow {
  /** Writes the row (called inside the import's transaction). Absent for errors and unchanged rows. */
  apply?: W
}

export interface ImportPlan<W = SyncWrite> {
  format: ImportFormat
  formatLabel: string
  rows: PlannedRow<W>[]
  /** Jobs: which way the file's dates were read; null when there were none. */
  dateFormat?: string | null
}

/** Collects a row's problems column by column, then decides the row's outcome. */
export class RowCheck {
  readonly errors: { column: string; message: string }[] = []
  constructor(readonly record: CsvRecord) {}

  fail(column: string, message: string): void {
    this.errors.push({ column, message })
  }

  result<W = SyncWrite>(
    key: string | null,
    summary: string,
    outcome: 'create' | 'update' | 'unchanged',
    apply?: W,
  ): PlannedRow<W> {
    if (this.errors.length) return { row: this.record.row, outcome: 'error', key, summary, errors: this.errors }
    return {
      row: this.record.row,
      outcome,
      key,
      summary,
      errors: [],
      ...(outcome === 'unchanged' || !apply ? {} : { apply }),
    }
  }
}

/** Flags the second and later rows that name the same record, pointing at the first. */
export function firstSeen(): (key: string, check: RowCheck, column: string) => void {
  const seen = new Map<string, number>()
  return (key, check, column) => {
    const k = key.toLowerCase()
    const before = seen.get(k)
    if (before !== undefined) check.fail(column, `"${key}" is already on row ${before}`)
    else seen.set(k, check.record.row)
  }
}

/** Compares a prepared row with the stored one: which columns would change. */
export function changedColumns(
  existing: Record<string, unknown> | undefined,
  wanted: Record<string, unknown>,
): string[] {
  if (!existing) return Object.keys(wanted)
  return Object.keys(wanted).filter((k) => existing[k] !== wanted[k])
}

/** The named columns of a row: what an update writes. */
export function pickColumns<T extends object>(row: T, columns: readonly string[]): Partial<T> {
  return Object.fromEntries(Object.entries(row).filter(([k]) => columns.includes(k))) as Partial<T>
}
