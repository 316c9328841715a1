import { withTransaction, type EngineDb } from '../db/engine-db'
import { readSettingAsync, writeSettingIn } from '../settings/settings-store'
import { isValidTimeZone } from './zoned-time'

/** How long an approval may wait before the dashboard counts it as late. */
export const DEFAULT_APPROVAL_SLA_HOURS = 4
const SLA_KEY = 'approvalSlaHours'
const TIME_ZONE_KEY = 'timeZone'

export async function getApprovalSlaHours(edb: EngineDb): Promise<number> {
  const value = await readSettingAsync(edb, SLA_KEY)
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : DEFAULT_APPROVAL_SLA_HOURS
}

export async function setApprovalSlaHours(edb: EngineDb, hours: number): Promise<number> {
  await withTransaction(edb, (trx) => writeSettingIn(trx, SLA_KEY, hours))
  return hours
}

/**
 * The office's time zone: weeks and days on the dashboard follow its wall clock. Settings key
 * 'timeZone' (an IANA name such as "America/Chicago"); without one, the machine's zone.
 */
export async function getOfficeTimeZone(edb: EngineDb): Promise<string> {
  const value = await readSettingAsync(edb, TIME_ZONE_KEY)
  if (typeof value === 'string' && isValidTimeZone(value)) return value
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}
