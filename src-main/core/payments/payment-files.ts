import { DecimalFormatError, parseMoney } from '../../../src-shared/domain/money'
import { CloseoutError } from '../errors'
import { pick, type CsvRecord, type CsvTable } from '../imports/csv-table'

/**
 * The payment files Closeout reads (docs/payments.md has the column layouts):
 *
 * - `template`: `invoiceNumber,paidDate,amountPaid`, one payment per row.
 * - `xero`: Xero's "Receivable Invoices" export (Business > Invoices > Export): one row per
 *   invoice line, the invoice's `InvoiceAmountPaid` so far, and its paid date.
 * - `quickbooks-invoice-list`: the QuickBooks Online "Invoice List" report: one row per invoice,
 *   paid so far = Amount - Open Balance, and its paid date.
 * - `quickbooks-transactions`: the QuickBooks Online "Transaction List by Customer" report:
 *   one row per transaction grouped under the customer's name; each Payment row is a payment.
 */
export type PaymentSource = 'template' | 'xero' | 'quickbooks-invoice-list' | 'quickbooks-transactions'

export const PAYMENT_SOURCE_LABELS: Record<PaymentSource, string> = {
  template: 'Payments template',
  xero: 'Xero receivable invoices export',
  'quickbooks-invoice-list': 'QuickBooks Online Invoice List report',
  'quickbooks-transactions': 'QuickBooks Online Transaction List by Customer report',
}

/** Columns that mark a payments file's header row (normalised: lower case, letters and digits). */
export const PAYMENT_KEY_COLUMNS = ['invoicenumber', 'num', 'no', 'transactiontype'] as const

/** Where a paid date may be, in the order tried. */
const PAID_DATE_COLUMNS = ['paiddate', 'fullypaidondate', 'lastpaymentdate', 'paymentdate', 'datepaid']

export type DayOrder = 'iso' | 'mdy' | 'dmy'
export const DAY_ORDER_LABELS: Record<DayOrder, string> = {
  iso: 'ISO dates, year-month-day (YYYY-MM-DD)',
  mdy: 'US dates, month/day/year (MM/DD/YYYY)',
  dmy: 'day/month/year (DD/MM/YYYY)',
}

/** One row of the file, read: what it says was paid. */
export interface PaymentLine {
  record: CsvRecord
  /**
   * `payment`: one payment of `amountCents`. `paid-to-date`: the invoice's paid total so far
   * (the new payment is the part Closeout has not recorded yet).
   */
  mode: 'payment' | 'paid-to-date'
  invoiceNumber: string
  paidDate: string | null
  amountCents: number | null
  /** Transaction list: the customer group the row sits in, and the report's own reference. */
  group: string | null
  reference: string
  /** Transaction list: the invoices listed in the same customer group, oldest first. */
  groupInvoices?: GroupInvoice[]
  errors: { column: string; message: string }[]
}

export interface GroupInvoice {
  invoiceNumber: string
  date: string | null
  amountCents: number
}

export interface PaymentFile {
  source: PaymentSource
  dayOrder: DayOrder | null
  lines: PaymentLine[]
}

export function detectSource(table: CsvTable): PaymentSource {
  const h = new Set(table.headers)
  if (h.has('transactiontype') && (h.has('num') || h.has('no'))) {
    const types = new Set(table.records.map((r) => pick(r, 'transactiontype').toLowerCase()))
    if (types.has('payment') || !h.has('openbalance')) return 'quickbooks-transactions'
    return 'quickbooks-invoice-list'
  }
  if ((h.has('num') || h.has('no')) && h.has('openbalance') && h.has('amount')) return 'quickbooks-invoice-list'
  if (h.has('invoicenumber') && (h.has('invoiceamountpaid') || (h.has('total') && h.has('amountpaid')))) return 'xero'
  if (h.has('invoicenumber') && h.has('paiddate') && h.has('amountpaid')) return 'template'
  throw new CloseoutError(
    'unknown-csv-layout',
    'This is not a payments file Closeout knows: expected the template (invoiceNumber,paidDate,amountPaid), a Xero receivable invoices export, or a QuickBooks Online Invoice List or Transaction List by Customer report',
  )
}

/** "$1,234.50", "(12.00)", "-12.00", "1 234,50" is refused; returns cents or an error message. */
export function readAmount(value: string): { cents: number } | { error: string } {
  let v = value.replace(/[$€£¥\s]/g, '')
  let negative = false
  if (/^\(.*\)$/.test(v)) {
    negative = true
    v = v.slice(1, -1)
  }
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(v)) v = v.replace(/,/g, '')
  // Reports write four places ("85.0000"); trailing zeros beyond cents are harmless.
  v = v.replace(/^(-?\d+\.\d{2})0+$/, '$1')
  try {
    const cents = parseMoney(v)
    return { cents: negative ? -cents : cents }
  } catch (error) {
    if (error instanceof DecimalFormatError) return { error: `"${value}" is not an amount` }
    throw error
  }
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']

function validDay(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d))
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null
  return date.toISOString().slice(0, 10)
}

const NUMERIC = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/

/** A calendar day as the file writes it; `order` settles "03/04/2026". Times after the date are ignored. */
export function readDay(value: string, order: DayOrder): string | null {
  const v = value.trim().replace(/[T ]\d{1,2}:\d{2}.*$/, '')
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(v)
  if (m) return validDay(Number(m[1]), Number(m[2]), Number(m[3]))
  m = NUMERIC.exec(v)
  if (m) {
    const [a, b, y] = [Number(m[1]), Number(m[2]), Number(m[3])]
    return order === 'dmy' ? validDay(y, b, a) : validDay(y, a, b)
  }
  // "30 Nov 2026", "30-Nov-2026", "Nov 30, 2026"
  m = /^(\d{1,2})[ -]([A-Za-z]{3})[A-Za-z]*\.?[ -](\d{4})$/.exec(v)
  if (m) {
    const month = MONTHS.indexOf(m[2]!.toLowerCase()) + 1
    return month ? validDay(Number(m[3]), month, Number(m[1])) : null
  }
  m = /^([A-Za-z]{3})[A-Za-z]*\.? (\d{1,2}),? (\d{4})$/.exec(v)
  if (m) {
    const month = MONTHS.indexOf(m[1]!.toLowerCase()) + 1
    return month ? validDay(Number(m[3]), month, Number(m[2])) : null
  }
  return null
}

/**
 * Which way the file's numeric dates go: a first part above 12 means day/month, a second part
 * above 12 month/day; with nothing to tell, QuickBooks and the template are read as US dates
 * and Xero as day/month (its export follows the organisation's region).
 */
function dayOrderOf(values: readonly string[], source: PaymentSource): DayOrder | null {
  let dmy = false
  let mdy = false
  let numeric = false
  let any = false
  for (const value of values) {
    const v = value.trim()
    if (!v) continue
    any = true
    const m = NUMERIC.exec(v.replace(/[T ]\d{1,2}:\d{2}.*$/, ''))
    if (!m) continue
    numeric = true
    const [a, b] = [Number(m[1]), Number(m[2])]
    if (a > 12 && b <= 12) dmy = true
    if (b > 12 && a <= 12) mdy = true
  }
  if (!any) return null
  if (!numeric) return 'iso'
  if (dmy && mdy)
    throw new CloseoutError(
      'mixed-date-formats',
      'The file mixes day/month and month/day dates; export it again with one date format',
    )
  if (dmy) return 'dmy'
  if (mdy) return 'mdy'
  return source === 'xero' ? 'dmy' : 'mdy'
}

const paidDateColumn = (table: CsvTable): string | null =>
  PAID_DATE_COLUMNS.find((c) => table.headers.includes(c)) ?? null

export function readPaymentFile(table: CsvTable): PaymentFile {
  const source = detectSource(table)
  switch (source) {
    case 'template':
      return readTemplate(table)
    case 'xero':
      return readPaidToDate(table, source, {
        number: ['invoicenumber'],
        paid: (r) => pick(r, 'invoiceamountpaid', 'amountpaid'),
        paidColumn: table.headers.includes('invoiceamountpaid') ? 'InvoiceAmountPaid' : 'AmountPaid',
      })
    case 'quickbooks-invoice-list':
      return readPaidToDate(table, source, {
        number: ['num', 'no'],
        paid: (r) => {
          const amount = readAmount(pick(r, 'amount'))
          const open = readAmount(pick(r, 'openbalance') || '0')
          if ('error' in amount) return pick(r, 'amount')
          if ('error' in open) return pick(r, 'openbalance')
          return String((amount.cents - open.cents) / 100)
        },
        paidColumn: 'Amount - Open Balance',
        skip: (r) => {
          const type = pick(r, 'transactiontype').toLowerCase()
          return (type !== '' && type !== 'invoice') || isReportFurniture(r)
        },
      })
    case 'quickbooks-transactions':
      return readTransactions(table)
  }
}

function readTemplate(table: CsvTable): PaymentFile {
  const dayOrder = dayOrderOf(
    table.records.map((r) => pick(r, 'paiddate')),
    'template',
  )
  const lines = table.records.map((record): PaymentLine => {
    const errors: PaymentLine['errors'] = []
    const invoiceNumber = pick(record, 'invoicenumber')
    if (!invoiceNumber) errors.push({ column: 'invoiceNumber', message: 'is empty' })
    const dateText = pick(record, 'paiddate')
    const paidDate = dateText ? readDay(dateText, dayOrder ?? 'mdy') : null
    if (!dateText) errors.push({ column: 'paidDate', message: 'is empty' })
    else if (!paidDate) errors.push({ column: 'paidDate', message: `"${dateText}" is not a date` })
    const amount = readAmount(pick(record, 'amountpaid'))
    if ('error' in amount) errors.push({ column: 'amountPaid', message: amount.error })
    else if (amount.cents <= 0) errors.push({ column: 'amountPaid', message: 'must be more than 0' })
    return {
      record,
      mode: 'payment',
      invoiceNumber,
      paidDate,
      amountCents: 'cents' in amount ? amount.cents : null,
      group: null,
      reference: '',
      errors,
    }
  })
  return { source: 'template', dayOrder, lines }
}

/** QuickBooks reports end with a total and a "Cash Basis Friday, December 4, 2026 ..." line. */
function isReportFurniture(record: CsvRecord): boolean {
  const first = record.cells.find((c) => c !== '') ?? ''
  return /^total\b/i.test(first) || /\bbasis\b/i.test(first)
}

/**
 * Invoice-level files (Xero, the QuickBooks Invoice List): the paid total so far per invoice.
 * Xero repeats the invoice on every line row; the first row of each invoice speaks for it.
 */
function readPaidToDate(
  table: CsvTable,
  source: 'xero' | 'quickbooks-invoice-list',
  spec: {
    number: string[]
    paid: (r: CsvRecord) => string
    paidColumn: string
    skip?: (r: CsvRecord) => boolean
  },
): PaymentFile {
  const dateColumn = paidDateColumn(table)
  const records = table.records.filter((r) => !(spec.skip?.(r) ?? false) && pick(r, ...spec.number) !== '')
  const dayOrder = dayOrderOf(
    records.flatMap((r) => [dateColumn ? pick(r, dateColumn) : '', pick(r, 'invoicedate', 'date', 'duedate')]),
    source,
  )
  const seen = new Set<string>()
  const lines: PaymentLine[] = []
  for (const record of records) {
    const invoiceNumber = pick(record, ...spec.number)
    if (seen.has(invoiceNumber.toUpperCase())) continue
    seen.add(invoiceNumber.toUpperCase())
    const errors: PaymentLine['errors'] = []
    const amount = readAmount(spec.paid(record) || '0')
    if ('error' in amount) errors.push({ column: spec.paidColumn, message: amount.error })
    else if (amount.cents < 0) errors.push({ column: spec.paidColumn, message: 'is negative' })
    const dateText = dateColumn ? pick(record, dateColumn) : ''
    const paidDate = dateText ? readDay(dateText, dayOrder ?? 'mdy') : null
    if (dateText && !paidDate)
      errors.push({ column: dateColumn ?? 'paid date', message: `"${dateText}" is not a date` })
    lines.push({
      record,
      mode: 'paid-to-date',
      invoiceNumber,
      paidDate,
      amountCents: 'cents' in amount ? amount.cents : null,
      group: null,
      reference: '',
      errors,
    })
  }
  return { source, dayOrder, lines }
}

/**
 * The Transaction List by Customer: a row holding only a name opens a customer's group, Invoice
 * rows list its invoices, Payment rows its payments, "Total for …" closes it. A payment names its
 * invoice when its Num or memo holds the invoice number; otherwise it goes to the group's oldest
 * invoices first, which is how QuickBooks applies a payment by default.
 */
function readTransactions(table: CsvTable): PaymentFile {
  const dayOrder = dayOrderOf(
    table.records.map((r) => pick(r, 'date', 'transactiondate')),
    'quickbooks-transactions',
  )
  const order = dayOrder ?? 'mdy'
  const lines: PaymentLine[] = []
  let group: string | null = null
  let invoices: GroupInvoice[] = []
  const close = () => {
    invoices.sort((a, b) => (a.date ?? '').localeCompare(b.date ?? ''))
  }
  for (const record of table.records) {
    const type = pick(record, 'transactiontype').toLowerCase()
    const amountText = pick(record, 'amount')
    if (!type && !amountText) {
      const name = record.cells.find((c) => c !== '') ?? ''
      if (/^total for\b/i.test(name) || /^total\b/i.test(name)) continue
      if (isReportFurniture(record)) continue
      close()
      group = name
      invoices = []
      continue
    }
    const customer = pick(record, 'customer', 'name', 'customerfullname') || group
    if (type === 'invoice') {
      const amount = readAmount(amountText)
      invoices.push({
        invoiceNumber: pick(record, 'num', 'no'),
        date: readDay(pick(record, 'date', 'transactiondate'), order),
        amountCents: 'cents' in amount ? Math.abs(amount.cents) : 0,
      })
      continue
    }
    if (type !== 'payment') continue
    const errors: PaymentLine['errors'] = []
    const dateText = pick(record, 'date', 'transactiondate')
    const paidDate = readDay(dateText, order)
    if (!paidDate) errors.push({ column: 'Date', message: dateText ? `"${dateText}" is not a date` : 'is empty' })
    const amount = readAmount(amountText)
    if ('error' in amount) errors.push({ column: 'Amount', message: amount.error })
    else if (amount.cents === 0) errors.push({ column: 'Amount', message: 'is 0' })
    lines.push({
      record,
      mode: 'payment',
      invoiceNumber: '',
      paidDate,
      amountCents: 'cents' in amount ? Math.abs(amount.cents) : null,
      group: customer,
      reference: [pick(record, 'num', 'no'), pick(record, 'memodescription', 'memo', 'description')]
        .filter(Boolean)
        .join(' '),
      groupInvoices: invoices,
      errors,
    })
  }
  close()
  return { source: 'quickbooks-transactions', dayOrder, lines }
}
