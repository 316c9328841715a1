import type { ExportFormat } from '../../../src-shared/api/exports'
import type { ExportWriter } from './export-file'
import { writePlainCsv } from './plain-csv'
import { writeQbdIif } from './qbd-iif'
import { writeQboCsv } from './qbo-csv'
import { writeXeroCsv } from './xero-csv'

export const WRITERS: Record<ExportFormat, ExportWriter> = {
  'qbo-csv': writeQboCsv,
  'qbd-iif': writeQbdIif,
  'xero-csv': writeXeroCsv,
  csv: writePlainCsv,
}

const EXTENSIONS: Record<ExportFormat, string> = { 'qbo-csv': 'csv', 'qbd-iif': 'iif', 'xero-csv': 'csv', csv: 'csv' }

/** "quickbooks-online-2026-11-25-batch-7.csv" */
export function defaultFileName(format: ExportFormat, date: string, batchId: number): string {
  const stem = { 'qbo-csv': 'quickbooks-online', 'qbd-iif': 'quickbooks-desktop', 'xero-csv': 'xero', csv: 'invoices' }[
    format
  ]
  return `${stem}-${date}-batch-${batchId}.${EXTENSIONS[format]}`
}
