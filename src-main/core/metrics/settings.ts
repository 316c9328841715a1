import type { Office } from '../office'
import { readSetting, writeSetting } from '../settings/settings-store'
import { isValidTimeZone } from './zoned-time'

/** How long an approval may wait before the dashboard counts it as late. */
export const DEFAULT_APPROVAL_SLA_HOURS = 4
const SLA_KEY = 'approvalSlaHours'
const TIME_ZONE_KEY = 'timeZone'

export function getApprovalSlaHours(office: Office): number {
  const value = readSetting(office.sqlite, SLA_KEY)
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : DEFAULT_APPROVAL_SLA_HOURS
}

export function setApprovalSlaHours(office: Office, hours: number): number {
  writeSetting(office.sqlite, SLA_KEY, hours)
  return hours
}

/**
 * The office's time zone: weeks and days on the dashboard follow its wall clock. Settings key
 * 'timeZone' (an IANA name such as "America/Chicago"); without one, the machine's zone.
 */
export function getOfficeTimeZone(office: Office): string {
  const value = readSetting(office.sqlite, TIME_ZONE_KEY)
  if (typeof value === 'string' && isValidTimeZone(value)) return value
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}
