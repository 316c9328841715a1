import { first, run } from '../db/connection'
import type { Office } from '../office'
import { isValidTimeZone } from './zoned-time'

/** How long an approval may wait before the dashboard counts it as late. */
export const DEFAULT_APPROVAL_SLA_HOURS = 4
const SLA_KEY = 'approvalSlaHours'
const TIME_ZONE_KEY = 'timeZone'

function readSetting(office: Office, key: string): unknown {
  const row = first(office.sqlite, office.db.selectFrom('settings').select('value_json').where('key', '=', key))
  if (!row) return undefined
  try {
    return JSON.parse(row.value_json) as unknown
  } catch {
    return undefined
  }
}

export function getApprovalSlaHours(office: Office): number {
  const value = readSetting(office, SLA_KEY)
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : DEFAULT_APPROVAL_SLA_HOURS
}

export function setApprovalSlaHours(office: Office, hours: number): number {
  const value_json = JSON.stringify(hours)
  run(office.sqlite, office.db.insertInto('settings').values({ key: SLA_KEY, value_json }).onConflict((oc) => oc.column('key').doUpdateSet({ value_json })))
  return hours
}

/**
 * The office's time zone: weeks and days on the dashboard follow its wall clock. Settings key
 * 'timeZone' (an IANA name such as "America/Chicago"); without one, the machine's zone.
 */
export function getOfficeTimeZone(office: Office): string {
  const value = readSetting(office, TIME_ZONE_KEY)
  if (typeof value === 'string' && isValidTimeZone(value)) return value
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}
