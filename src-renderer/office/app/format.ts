import { displayMoney } from '../../../src-shared/domain/money'

/** Display helpers in the user's locale. Values are formatted for reading only, never parsed back. */
export function formatMoneyText(cents: number | null | undefined, currency = 'USD'): string {
  return cents == null ? '—' : displayMoney(cents, currency, navigator.language)
}

/** A decimal money string from the API ("1234.50") for display; integer math only. */
export function formatMoneyString(value: string | null | undefined, currency = 'USD'): string {
  if (value == null) return '—'
  const m = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(value)
  if (!m) return value
  const cents = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'))
  return formatMoneyText(m[1] ? -cents : cents, currency)
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })
const dateOnly = new Intl.DateTimeFormat(undefined, { weekday: 'short', month: 'short', day: 'numeric' })
const numberFormat = new Intl.NumberFormat(undefined)
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' })

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—'
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? iso : dateTime.format(d)
}

export function formatDay(iso: string | null | undefined): string {
  if (!iso) return '—'
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? iso : dateOnly.format(d)
}

export function formatCount(n: number): string {
  return numberFormat.format(n)
}

/** A decimal quantity string ("1.5") in the user's locale ("1,5" in Germany). */
export function formatQuantity(value: string): string {
  const [whole = '0', fraction] = value.replace('-', '').split('.')
  const sign = value.startsWith('-') ? '-' : ''
  const sep = new Intl.NumberFormat(undefined).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.'
  return `${sign}${numberFormat.format(Number(whole))}${fraction ? sep + fraction : ''}`
}

/** "3 hours ago", "in 2 days". */
export function formatAgo(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '—'
  const t = new Date(iso).getTime()
  if (Number.isNaN(t)) return iso
  const seconds = Math.round((t - now) / 1000)
  const abs = Math.abs(seconds)
  if (abs < 60) return relative.format(seconds, 'second')
  if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute')
  if (abs < 86400) return relative.format(Math.round(seconds / 3600), 'hour')
  return relative.format(Math.round(seconds / 86400), 'day')
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${formatCount(bytes)} B`
  if (bytes < 1024 * 1024) return `${formatCount(Math.round(bytes / 1024))} KB`
  return `${new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 }).format(bytes / 1024 / 1024)} MB`
}
