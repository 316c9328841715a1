import { displayMoney } from '../../../src-shared/domain/money'

/** Display helpers in the user's locale. Values are formatted for reading only, never parsed back. */
export function formatMoneyText(cents: number | null | undefined, currency = 'USD'): string {
  return cents == null ? '—' : displayMoney(cents, currency, navigator.language)
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })
const dateOnly = new Intl.DateTimeFormat(undefined, { weekday: 'short', month: 'short', day: 'numeric' })

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
