import type { Batch, ExportFormat } from '../../../../src-shared/api/exports'
import { formatMoneyText } from '../../app/format'

/** One step of the import, with an optional note of what to check against the batch. */
export interface ImportStep {
  text: string
  check?: string
}

/**
 * The steps of docs/exports.md for each system, said to the clerk in the app with this batch's
 * own numbers to compare, so nobody has to open a developer document in the middle of the day.
 */
export function importSteps(format: ExportFormat, batch: Batch): ImportStep[] {
  const count = `${batch.jobs.length} invoice${batch.jobs.length === 1 ? '' : 's'}`
  const first = batch.jobs[0]?.invoiceNumber ?? ''
  const last = batch.jobs[batch.jobs.length - 1]?.invoiceNumber ?? ''
  const range = batch.jobs.length > 1 ? `${first} to ${last}` : first
  const total = formatMoneyText(batch.totalCents)
  const files =
    batch.files.length > 1
      ? `each of the ${batch.files.length} files in turn (${batch.files.map((f) => f.name).join(', ')})`
      : `the file ${batch.files[0]?.name ?? ''}`
  const compare = `${count} (${range}), ${total} in all`
  switch (format) {
    case 'qbo-csv':
      return [
        {
          text: 'The first time only: in QuickBooks Online open Settings (gear) > Account and settings > Sales > Sales form content and turn on Custom transaction numbers, so QuickBooks keeps these invoice numbers.',
        },
        { text: 'Make sure every customer and product/service in the file already exists in QuickBooks Online.' },
        { text: `Gear > Import data > Invoices. Upload ${files}.` },
        { text: 'The columns map themselves. Set any column you do not use to "Not applicable".' },
        {
          text: 'Choose the date format MM/DD/YYYY (or DD/MM/YYYY if Export settings say so). In VAT/GST regions choose "Exclusive of tax".',
        },
        { text: 'Review, then press Start import.', check: `QuickBooks should show ${compare}.` },
        {
          text: 'Open one imported invoice with a taxable line and check the sales tax box at its foot shows the rate named in the file.',
          check: 'If it is empty or another rate, void this batch, fix the tax name in Settings, and export again.',
        },
      ]
    case 'qbd-iif':
      return [
        { text: 'Back up the company file first (File > Back Up Company): an IIF import cannot be undone.' },
        {
          text: 'Check that the accounts, items, sales-tax items and customers in the file exist with exactly these names: QuickBooks creates any name it does not know.',
        },
        {
          text: `File > Utilities > Import > IIF Files and pick ${files}. In QuickBooks 2019 and later choose Import without review.`,
        },
        { text: 'Open a few invoices and compare their totals.', check: `The batch is ${compare}.` },
        { text: 'Import a batch only once: importing the same file twice makes duplicate invoices.' },
      ]
    case 'xero-csv':
      return [
        { text: 'In Xero open Business > Invoices > Import.' },
        { text: `Upload ${files}.` },
        { text: 'Choose Tax exclusive for the amounts.' },
        {
          text: 'Review and press Import. The invoices arrive as drafts: approve or send them in Xero.',
          check: `Xero should show ${compare}.`,
        },
      ]
    case 'csv':
      return [
        {
          text: `Open or import ${files} in your spreadsheet or accounting system. The CSV has one row per invoice line; the JSON file has the same invoices as documents.`,
          check: `The batch is ${compare}.`,
        },
      ]
  }
}
