import { stringify } from 'csv-stringify/sync'
import { excelSafe } from './export-text'
import { numberedNames, splitInvoices, type ExportInvoice, type WriterContext } from './export-invoice'

/** One output file of a batch, as bytes. */
export interface ExportFile {
  name: string
  content: Buffer
  invoices: number
  rows: number
}

/** A format's writer: turns numbered invoices into files (split where the system has limits). */
export type ExportWriter = (invoices: readonly ExportInvoice[], ctx: WriterContext, fileName: string) => ExportFile[]

/** RFC 4180: quote only when needed, CRLF, UTF-8 without a BOM (a BOM corrupts an importer's first header). */
export function csvText(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return stringify([header, ...rows], { record_delimiter: '\r\n', quoted_match: /[\r\n]/ })
}

/**
 * A CSV for people to open in a spreadsheet: the UTF-8 BOM Excel on Windows needs to read UTF-8
 * (without it "Müller" shows as "MÃ¼ller"), and every formula-like cell neutralized.
 */
export function spreadsheetCsv(header: readonly string[], rows: readonly (readonly string[])[]): Buffer {
  const text = csvText(
    header,
    rows.map((r) => r.map(excelSafe)),
  )
  return Buffer.from(`\ufeff${text}`, 'utf8')
}

/** One row per line, whole invoices grouped into as many files as the limits need. */
export function splitCsvFiles(
  invoices: readonly ExportInvoice[],
  header: readonly string[],
  rowsFor: (inv: ExportInvoice) => string[][],
  limits: { maxInvoices: number; maxRows: number },
  fileName: string,
): ExportFile[] {
  const items = invoices.map((inv) => {
    const data = rowsFor(inv)
    return { rows: data.length, data }
  })
  const groups = splitInvoices(items, limits.maxInvoices, limits.maxRows)
  const names = numberedNames(fileName, groups.length)
  return groups.map((group, i) => ({
    name: names[i]!,
    content: Buffer.from(
      csvText(
        header,
        group.flatMap((g) => g.data),
      ),
      'utf8',
    ),
    invoices: group.length,
    rows: group.reduce((n, g) => n + g.rows, 0),
  }))
}
