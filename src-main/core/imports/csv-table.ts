import { parse } from 'csv-parse/sync'
import { CloseoutError } from '../errors'

/** One data row of a CSV file, keyed by normalised header ("*ContactName" -> "contactname"). */
export interface CsvRecord {
  /** Spreadsheet row number: the first line of the file is row 1. */
  row: number
  values: Map<string, string>
  /** The row's cells in file order, unnamed columns included (QuickBooks puts group names there). */
  cells: string[]
}

export interface CsvTable {
  headers: string[]
  records: CsvRecord[]
}

export function normalizeHeader(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, '')
}

/**
 * Reads a CSV export. Accounting reports often start with a title and the company name above
 * the real header, so the header is the first of the first 10 rows holding one of `keyColumns`.
 * Blank rows still count, so row numbers match what a spreadsheet shows.
 */
export function readCsvTable(text: string, keyColumns: readonly string[]): CsvTable {
  let rows: { record: string[]; info: { records: number } }[]
  try {
    rows = parse(text.replace(/^\uFEFF/, ''), {
      relax_column_count: true,
      skip_empty_lines: false,
      info: true,
      trim: true,
      relax_quotes: true,
    }) as unknown as typeof rows
  } catch (error) {
    throw new CloseoutError(
      'invalid-csv',
      `This file is not readable as CSV: ${error instanceof Error ? error.message : String(error)}`,
    )
  }
  const headerIndex = rows
    .slice(0, 10)
    .findIndex((r) => r.record.some((cell) => keyColumns.includes(normalizeHeader(cell))))
  if (headerIndex < 0) {
    throw new CloseoutError(
      'unknown-csv-layout',
      `No header row found: expected a column named ${keyColumns.slice(0, 3).join(' or ')} in the first 10 rows`,
    )
  }
  const headers = rows[headerIndex]!.record.map(normalizeHeader)
  const records: CsvRecord[] = []
  for (const { record, info } of rows.slice(headerIndex + 1)) {
    if (record.every((cell) => cell === '')) continue
    const values = new Map<string, string>()
    headers.forEach((h, i) => {
      if (h && !values.get(h)) values.set(h, record[i] ?? '')
    })
    records.push({ row: info.records, values, cells: record })
  }
  return { headers, records }
}

/** The first non-empty value among the given columns. */
export function pick(record: CsvRecord, ...columns: string[]): string {
  for (const c of columns) {
    const v = record.values.get(c)
    if (v) return v
  }
  return ''
}

/** "Yes"/"No", "true"/"false", "1"/"0", "Y"/"N"; blank gives the fallback. */
export function parseYesNo(value: string, fallback: boolean): boolean | null {
  const v = value.trim().toLowerCase()
  if (v === '') return fallback
  if (['yes', 'y', 'true', '1', 'x'].includes(v)) return true
  if (['no', 'n', 'false', '0'].includes(v)) return false
  return null
}

/**
 * A price as accounting exports write it ("$1,234.50", "85.0000") -> a decimal string with at
 * most 2 places, or an error message. Never goes through a float.
 */
export function cleanPrice(value: string): { value: string } | { error: string } {
  let v = value.replace(/[$€£¥\s]/g, '')
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(v)) v = v.replace(/,/g, '')
  const m = /^(-?\d+)(?:\.(\d*?)0*)?$/.exec(v)
  if (!m) return { error: `"${value}" is not a price` }
  if (m[1]!.startsWith('-')) return { error: `${value} is negative` }
  if ((m[2] ?? '').length > 2) return { error: `"${value}" has fractions of a cent` }
  return { value: m[2] ? `${m[1]}.${m[2]}` : m[1]! }
}
