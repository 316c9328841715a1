import { parse } from 'csv-parse/sync'
import { readIif } from './iif-reader'

/**
 * What each accounting system books from an export file, computed the way the vendor says it
 * computes it, never with Closeout's code: exact decimals (bigint), each system's own rounding.
 * - Xero ("Rounding in Xero"): line amount = quantity x unit amount, and each taxable line's tax,
 *   each rounded to the cent (half to even), summed.
 * - QuickBooks Online US ("How is sales tax calculated?"): the amounts as written; tax = the
 *   taxable subtotal x the rate, rounded once (half up). Non-US: tax per line, half up.
 * - QuickBooks Desktop IIF: the TRNS amount (the block must balance to zero).
 * - Plain CSV: the lines as written must add up to the invoice total column.
 */
export type Row = Record<string, string>

export const csvRows = (text: string): Row[] =>
  parse(text, { columns: true, record_delimiter: '\r\n', bom: true }) as Row[]

/** "-12.3456" -> exact [numerator, denominator]. */
export function decimal(text: string): [bigint, bigint] {
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text)
  if (!m) throw new Error(`not a number: "${text}"`)
  const frac = m[3] ?? ''
  const n = BigInt(`${m[2]}${frac}`)
  return [m[1] ? -n : n, 10n ** BigInt(frac.length)]
}

/** n/d to whole cents of n/d x 100: ties away from zero, or to even. */
export function roundCents(n: bigint, d: bigint, even: boolean): bigint {
  const neg = n < 0n !== d < 0n
  const a = n < 0n ? -n : n
  const b = d < 0n ? -d : d
  let q = a / b
  const r2 = (a % b) * 2n
  if (r2 > b || (r2 === b && (!even || q % 2n === 1n))) q += 1n
  return neg ? -q : q
}

/** a x b (decimal strings) in cents. */
export function productCents(a: string, b: string, even: boolean): bigint {
  const [an, ad] = decimal(a)
  const [bn, bd] = decimal(b)
  return roundCents(an * bn * 100n, ad * bd, even)
}

export const cents = (text: string): bigint => {
  const [n, d] = decimal(text)
  return (n * 100n) / d
}

/** cents x percent ("6.25") / 100, rounded. */
function taxOf(amount: bigint, percent: string, even: boolean): bigint {
  const [pn, pd] = decimal(percent)
  return roundCents(amount * pn, pd * 100n, even)
}

/** Xero: total per invoice number; `rates` maps a *TaxType to its percent ("6.25"). */
export function xeroBooks(text: string, rates: Record<string, string>): Map<string, bigint> {
  const totals = new Map<string, bigint>()
  for (const r of csvRows(text)) {
    const amount = productCents(r['*Quantity']!, r['*UnitAmount']!, true)
    const rate = rates[r['*TaxType']!]
    const tax = rate ? taxOf(amount, rate, true) : 0n
    totals.set(r['*InvoiceNumber']!, (totals.get(r['*InvoiceNumber']!) ?? 0n) + amount + tax)
  }
  return totals
}

/**
 * QuickBooks Online: total per invoice number. US form: `Taxable` Y lines taxed at the rate the
 * `TaxRate` name stands for, on their sum; non-US: `*ItemTaxCode` per line. The amount written
 * must be quantity x rate (QuickBooks recomputes it).
 */
export function qboBooks(text: string, form: 'us' | 'non-us', rates: Record<string, string>): Map<string, bigint> {
  const invoices = new Map<string, { amount: bigint; rate: string | undefined }[]>()
  for (const r of csvRows(text)) {
    const amount = cents(r['*ItemAmount']!)
    if (productCents(r['ItemQuantity']!, r['ItemRate']!, false) !== amount)
      throw new Error(`${r['*InvoiceNo']}: ${r['ItemQuantity']} x ${r['ItemRate']} is not ${r['*ItemAmount']}`)
    const rate = form === 'us' ? (r['Taxable'] === 'Y' ? rates[r['TaxRate']!] : undefined) : rates[r['*ItemTaxCode']!]
    invoices.set(r['*InvoiceNo']!, [...(invoices.get(r['*InvoiceNo']!) ?? []), { amount, rate }])
  }
  return new Map(
    [...invoices].map(([no, lines]) => {
      const sum = lines.reduce((n, l) => n + l.amount, 0n)
      const taxed = lines.filter((l) => l.rate !== undefined)
      let tax = 0n
      if (form === 'non-us') for (const l of taxed) tax += taxOf(l.amount, l.rate!, false)
      else if (taxed.length > 0) {
        const base = taxed.reduce((n, l) => n + l.amount, 0n)
        tax = taxOf(base > 0n ? base : 0n, taxed[0]!.rate!, false)
      }
      return [no, sum + tax]
    }),
  )
}

/** IIF: the receivable (TRNS AMOUNT) per DOCNUM; every block balances to zero. */
export function iifBooks(text: string): Map<string, bigint> {
  return new Map(
    readIif(text).map((b) => {
      const total = cents(b.trns.AMOUNT!)
      const splits = b.spl.reduce((n, s) => n + cents(s.AMOUNT!), 0n)
      if (total + splits !== 0n) throw new Error(`${b.trns.DOCNUM}: block does not balance`)
      return [b.trns.DOCNUM!, total]
    }),
  )
}

/** Plain CSV: the invoice_total column, after checking it is the lines' sum less the discount plus the tax. */
export function plainBooks(text: string): Map<string, bigint> {
  const invoices = new Map<string, Row[]>()
  for (const r of csvRows(text)) invoices.set(r.invoice_number!, [...(invoices.get(r.invoice_number!) ?? []), r])
  return new Map(
    [...invoices].map(([no, rows]) => {
      const first = rows[0]!
      // Lines include the discount lines (negative); the total is lines + tax.
      const lines = rows.reduce((n, r) => n + cents(r.amount!), 0n)
      const total = cents(first.invoice_total!)
      if (lines + cents(first.invoice_tax!) !== total) throw new Error(`${no}: lines and tax do not make the total`)
      return [no, total]
    }),
  )
}
