import { displayMoney } from '../../../src-shared/domain/money'
import type { ImportFormat } from '../../../src-shared/api/imports'
import type { CsvTable } from '../imports/csv-table'
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import { RowCheck, type ImportPlan, type PlannedRow, type TrxWrite } from '../imports/import-plan'
import { appendEventIn } from '../lifecycle/event-log'
import {
  DAY_ORDER_LABELS,
  PAYMENT_SOURCE_LABELS,
  readPaymentFile,
  type PaymentLine,
  type PaymentSource,
} from './payment-files'
import {
  insertPaymentIn,
  invoicesByNumber,
  paidSoFar,
  recordedSourceKeys,
  type InvoiceForPayment,
} from './payments.repo'

export { PAYMENT_KEY_COLUMNS } from './payment-files'

const FORMAT_OF: Record<PaymentSource, ImportFormat> = {
  template: 'template',
  xero: 'xero',
  'quickbooks-invoice-list': 'quickbooks',
  'quickbooks-transactions': 'quickbooks',
}

interface Part {
  invoice: InvoiceForPayment
  cents: number
}

/**
 * Checks a payments file against Closeout's invoices: each row names an invoice Closeout issued
 * (by invoice number, ignoring case) and, added to what is already recorded and to the earlier
 * rows of the file, stays within the invoice's total. Rows already imported are unchanged.
 * Writing a row stores the payment (payments.repo) and logs `payment-recorded` as `by.actor` at
 * `by.at`. On either engine: `db` is the import's transaction (or the database, for a preview).
 */
export async function planPayments(
  db: Kysely<Database>,
  table: CsvTable,
  by: { actor: string; at: string },
): Promise<ImportPlan<TrxWrite>> {
  const { actor, at: importedAt } = by
  const file = readPaymentFile(table)
  const invoices = await invoicesByNumber(db)
  const recorded = await paidSoFar(db)
  const keys = await recordedSourceKeys(db)
  const planned = new Map<string, number>()
  const occurrences = new Map<string, number>()
  /** Transaction list: what this file already applied to invoices Closeout did not issue. */
  const appliedElsewhere = new Map<string, number>()
  const paidOf = (inv: InvoiceForPayment) => (recorded.get(inv.jobId) ?? 0) + (planned.get(inv.jobId) ?? 0)
  const money = (cents: number) => displayMoney(cents)

  const keyOf = (base: string) => {
    const n = (occurrences.get(base) ?? 0) + 1
    occurrences.set(base, n)
    return `${base}#${n}`
  }

  /** The invoice a row names, or why it cannot be paid. */
  const invoiceOf = (check: RowCheck, number: string, column: string): InvoiceForPayment | null => {
    const inv = invoices.get(number.toUpperCase())
    if (!inv) {
      check.fail(column, `no invoice ${number} in Closeout`)
      return null
    }
    if (inv.status === 'void') {
      check.fail(column, `invoice ${inv.invoiceNumber} (${inv.jobId}) was voided`)
      return null
    }
    if (inv.totalCents === null) {
      check.fail(column, `invoice ${inv.invoiceNumber} (${inv.jobId}) has no total`)
      return null
    }
    return inv
  }

  const writer =
    (parts: Part[], paidDate: string, sourceKey: string): TrxWrite =>
    async (trx) => {
      for (const { invoice, cents } of parts) {
        const paymentId = await insertPaymentIn(trx, {
          jobId: invoice.jobId,
          invoiceNumber: invoice.invoiceNumber,
          paidDate,
          amountCents: cents,
          source: file.source,
          sourceKey,
          importedAt,
          importedBy: actor,
        })
        await appendEventIn(trx, {
          jobId: invoice.jobId,
          type: 'payment-recorded',
          actor,
          at: importedAt,
          data: {
            invoiceNumber: invoice.invoiceNumber,
            paidDate,
            amountCents: cents,
            source: file.source,
            paymentId,
          },
        })
      }
    }

  const summaryOf = (parts: Part[], paidDate: string) =>
    parts
      .map(
        ({ invoice, cents }) =>
          `${invoice.invoiceNumber} · ${invoice.customer ?? invoice.jobId} · ${money(cents)} paid ${paidDate} · ${money(paidOf(invoice))} of ${money(invoice.totalCents!)}`,
      )
      .join('; ')

  const planOne = (line: PaymentLine): PlannedRow<TrxWrite> => {
    const check = new RowCheck(line.record)
    for (const e of line.errors) check.fail(e.column, e.message)
    if (check.errors.length) return check.result(line.invoiceNumber || null, '', 'create')
    const paidDate = line.paidDate
    const cents = line.amountCents!

    if (file.source === 'quickbooks-transactions') return planTransaction(check, line)

    const numberColumn = file.source === 'template' ? 'invoiceNumber' : file.source === 'xero' ? 'InvoiceNumber' : 'Num'
    const inv = invoiceOf(check, line.invoiceNumber, numberColumn)
    if (!inv) return check.result(line.invoiceNumber, '', 'create')
    const total = inv.totalCents!

    if (line.mode === 'payment') {
      const key = keyOf(`${file.source}:${inv.invoiceNumber.toUpperCase()}:${paidDate}:${cents}`)
      if (keys.has(key)) return check.result(inv.invoiceNumber, `${inv.invoiceNumber} · already imported`, 'unchanged')
      if (paidOf(inv) + cents > total)
        check.fail(
          'amountPaid',
          `${money(cents)} brings ${inv.invoiceNumber} to ${money(paidOf(inv) + cents)} paid, more than its total of ${money(total)}`,
        )
      if (check.errors.length) return check.result(inv.invoiceNumber, '', 'create')
      const parts = [{ invoice: inv, cents }]
      planned.set(inv.jobId, (planned.get(inv.jobId) ?? 0) + cents)
      return check.result(inv.invoiceNumber, summaryOf(parts, paidDate!), 'create', writer(parts, paidDate!, key))
    }

    // Paid to date: the new payment is what the file says beyond what Closeout has.
    const paidColumn = file.source === 'xero' ? 'InvoiceAmountPaid' : 'Open Balance'
    const already = paidOf(inv)
    if (cents === already)
      return check.result(
        inv.invoiceNumber,
        cents === 0
          ? `${inv.invoiceNumber} · nothing paid yet`
          : `${inv.invoiceNumber} · ${money(cents)} paid, already recorded`,
        'unchanged',
      )
    if (cents < already)
      check.fail(
        paidColumn,
        `the file says ${money(cents)} paid on ${inv.invoiceNumber}, but Closeout already has ${money(already)} recorded`,
      )
    else if (cents > total)
      check.fail(paidColumn, `${money(cents)} paid is more than the total of ${inv.invoiceNumber}, ${money(total)}`)
    else if (!paidDate)
      check.fail(
        'paid date',
        `${inv.invoiceNumber} shows ${money(cents - already)} newly paid but the file has no paid date: add the ${file.source === 'xero' ? 'FullyPaidOnDate' : 'Payment Date'} column to the export (docs/payments.md)`,
      )
    if (check.errors.length) return check.result(inv.invoiceNumber, '', 'create')
    const parts = [{ invoice: inv, cents: cents - already }]
    const key = keyOf(`${file.source}:${inv.invoiceNumber.toUpperCase()}:to-date:${cents}`)
    planned.set(inv.jobId, (planned.get(inv.jobId) ?? 0) + cents - already)
    return check.result(inv.invoiceNumber, summaryOf(parts, paidDate!), 'create', writer(parts, paidDate!, key))
  }

  const planTransaction = (check: RowCheck, line: PaymentLine): PlannedRow<TrxWrite> => {
    const paidDate = line.paidDate!
    const cents = line.amountCents!
    const key = keyOf(`${file.source}:${(line.group ?? '').toUpperCase()}:${paidDate}:${line.reference}:${cents}`)
    if (keys.has(key))
      return check.result(line.reference || null, `Payment ${money(cents)} · already imported`, 'unchanged')
    // A payment whose Num or memo names an invoice pays that invoice.
    const named = line.reference
      .split(/[\s,;#:]+/)
      .map((t) => invoices.get(t.toUpperCase()))
      .find((inv) => inv !== undefined)
    const parts: Part[] = []
    if (named) {
      const inv = invoiceOf(check, named.invoiceNumber, 'Num')
      if (inv && paidOf(inv) + cents > inv.totalCents!)
        check.fail(
          'Amount',
          `${money(cents)} brings ${inv.invoiceNumber} to ${money(paidOf(inv) + cents)} paid, more than its total of ${money(inv.totalCents!)}`,
        )
      if (inv) parts.push({ invoice: inv, cents })
    } else {
      let left = cents
      for (const gi of line.groupInvoices ?? []) {
        if (left === 0) break
        const inv = invoices.get(gi.invoiceNumber.toUpperCase())
        if (inv && inv.status !== 'void' && inv.totalCents !== null) {
          const open =
            inv.totalCents - paidOf(inv) - parts.filter((p) => p.invoice === inv).reduce((a, p) => a + p.cents, 0)
          if (open <= 0) continue
          const take = Math.min(open, left)
          parts.push({ invoice: inv, cents: take })
          left -= take
        } else {
          const k = `${line.group}:${gi.invoiceNumber}`
          const open = gi.amountCents - (appliedElsewhere.get(k) ?? 0)
          if (open <= 0) continue
          const take = Math.min(open, left)
          appliedElsewhere.set(k, (appliedElsewhere.get(k) ?? 0) + take)
          left -= take
        }
      }
      if (parts.length === 0)
        check.fail(
          'Amount',
          `this payment of ${money(cents)} from ${line.group ?? 'the customer'} pays no invoice Closeout issued${line.groupInvoices?.length ? ` (the report lists ${line.groupInvoices.map((g) => g.invoiceNumber).join(', ')})` : ' (the report lists no invoice for this customer)'}`,
        )
      else if (left > 0)
        check.fail(
          'Amount',
          `${money(left)} of this ${money(cents)} payment is more than the open invoices of ${line.group ?? 'the customer'}`,
        )
    }
    if (check.errors.length) return check.result(line.reference || null, '', 'create')
    for (const p of parts) planned.set(p.invoice.jobId, (planned.get(p.invoice.jobId) ?? 0) + p.cents)
    return check.result(
      parts.map((p) => p.invoice.invoiceNumber).join(', '),
      summaryOf(parts, paidDate),
      'create',
      writer(parts, paidDate, key),
    )
  }

  return {
    format: FORMAT_OF[file.source],
    formatLabel: PAYMENT_SOURCE_LABELS[file.source],
    dateFormat: file.dayOrder ? DAY_ORDER_LABELS[file.dayOrder] : null,
    rows: file.lines.map(planOne),
  }
}
