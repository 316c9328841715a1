import { displayMoney } from '../../../src-shared/domain/money'

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** "2026-11-25" -> "Nov 25, 2026". */
export function printDate(isoDate: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-')
  return `${MONTHS[Number(m) - 1] ?? '?'} ${Number(d)}, ${y}`
}

/** "-06:00" at the end of a time -> -360 minutes; null for a UTC ("Z") or zone-less time. */
export function offsetMinutesOf(iso: string): number | null {
  const m = /([+-])(\d\d):(\d\d)$/.exec(iso)
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : null
}

/**
 * A time as the packet prints it. Times from the field keep the wall clock they were written
 * with (the site's time); times the office recorded in UTC are shown in that same zone (the
 * offset the job's completion was written with), so the completion time and the approval trail
 * agree whatever zone this PC is set to. Without a known offset, this PC's zone.
 */
export function printDateTime(iso: string, siteOffsetMinutes: number | null = null): string {
  let wall = iso
  if (/Z$/i.test(iso)) {
    const p = (n: number) => String(n).padStart(2, '0')
    if (siteOffsetMinutes === null) {
      const d = new Date(iso)
      wall = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`
    } else {
      const d = new Date(Date.parse(iso) + siteOffsetMinutes * 60_000)
      wall = `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}T${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`
    }
  }
  const hour = Number(wall.slice(11, 13))
  const minute = wall.slice(14, 16)
  const h12 = hour % 12 === 0 ? 12 : hour % 12
  return `${printDate(wall)}, ${h12}:${minute} ${hour < 12 ? 'AM' : 'PM'}`
}

export function printMoney(cents: number, currency: string): string {
  return displayMoney(cents, currency, 'en-US')
}

/** A unit price in ten-thousandths: "$18.75", or "$0.0612" when it has more than two decimals. */
export function printUnitPrice(e4: number, currency: string): string {
  if (e4 % 100 === 0) return printMoney(e4 / 100, currency)
  const fmt = new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    minimumFractionDigits: 2,
    maximumFractionDigits: 4,
  })
  return fmt.format(e4 / 10_000)
}

export function categoryLabel(category: string): string {
  return (
    { before: 'Before', after: 'After', 'serial-plate': 'Serial plate', other: 'Other', signature: 'Signature' }[
      category
    ] ?? category
  )
}

const STATUS_WORDS: Record<string, string> = {
  scheduled: 'Scheduled',
  'needs-review': 'Needs review',
  'needs-approval': 'Needs approval',
  'sent-back': 'Sent back to the technician',
  'invoice-ready': 'Invoice ready',
  invoiced: 'Invoiced',
  void: 'Void',
}

const FORMAT_WORDS: Record<string, string> = {
  'qbo-csv': 'QuickBooks Online',
  'qbd-iif': 'QuickBooks Desktop',
  'xero-csv': 'Xero',
  csv: 'CSV',
}

/**
 * The approval trail's one-line description of an event, in words a customer reads: people by
 * name (`name` turns a technician's or user's id into one), statuses and systems spelled out.
 */
export function describeEvent(
  type: string,
  data: Record<string, unknown>,
  name: (id: string) => string = (id) => id,
): string {
  const s = (k: string) => (typeof data[k] === 'string' || typeof data[k] === 'number' ? String(data[k]) : '')
  const status = (k: string) => STATUS_WORDS[s(k)] ?? s(k)
  switch (type) {
    case 'job-created':
      return `Job created (${name(s('via'))})`
    case 'submission-received':
      return `Closeout received from ${name(s('technicianId'))}`
    case 'status-changed':
      return `Status changed from ${status('from')} to ${status('to')}${s('reason') ? `: ${s('reason')}` : ''}`
    case 'approved':
      return `Approved${s('comment') ? `: ${s('comment')}` : ''}`
    case 'sent-back':
      return `Sent back: ${s('comment')}`
    case 'lines-edited':
      return `Lines edited by the office (${Array.isArray(data.edits) ? data.edits.length : 0} change(s))`
    case 'invoiced':
      return `Invoiced as ${s('invoiceNumber')} (export batch ${s('batchId')}, ${FORMAT_WORDS[s('format')] ?? s('format')})`
    case 'batch-voided':
      return `Export batch ${s('batchId')} voided: ${s('reason')}`
    case 'voided':
      return `Job voided: ${s('reason')}`
    case 'invoice-sent': {
      const to = Array.isArray(data.to) ? data.to.join(', ') : ''
      return s('mode') === 'draft' ? `Draft e-mail to ${to} made` : `Sent to ${to}${data.again ? ' (sent again)' : ''}`
    }
    case 'payment-recorded':
      return `Payment of ${typeof data.amountCents === 'number' ? displayMoney(data.amountCents) : '?'} on ${s('paidDate')} recorded (imported)`
    default:
      return type.replace(/-/g, ' ')
  }
}
