import { stringify } from 'csv-stringify/sync'
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

/** RFC 4180: quote only when needed, CRLF, UTF-8 without a BOM (a BOM corrupts the first header). */
export function csvText(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return stringify([header, ...rows], { record_delimiter: '\r\n', quoted_match: /[\r\n]/ })
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
