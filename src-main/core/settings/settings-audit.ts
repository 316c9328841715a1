import type { SettingsSection, SettingsView } from '../../../src-shared/api/settings'
import { all } from '../db/connection'
import { appendEvent } from '../lifecycle/event-log'
import type { Office } from '../office'

/**
 * Settings changes go into the hash-chained event log like job events, under one id no job can
 * have ("#office": job ids never start with "#"), with who, the section and before/after. PINs
 * never appear: only whose PIN changed.
 */
export const OFFICE_LOG_ID = '#office'

const VIEW_KEY: Record<SettingsSection, keyof SettingsView> = {
  company: 'company',
  taxes: 'taxes',
  jobTypes: 'jobTypes',
  approvalPolicy: 'approvalPolicy',
  users: 'users',
  technicians: 'technicians',
  accountingMappings: 'accountingMappings',
  folders: 'folders',
  signIn: 'signIn',
  secondSeat: 'secondSeat',
  customers: 'customers',
}

/** Of a list of records with ids, the ones whose content changed (or appeared): the log keeps only those. */
function changedRecords<T extends { id: string }>(before: T[], after: T[]): { before: T[]; after: T[] } {
  const old = new Map(before.map((r) => [r.id, JSON.stringify(r)]))
  const changed = new Set(after.filter((r) => old.get(r.id) !== JSON.stringify(r)).map((r) => r.id))
  return { before: before.filter((r) => changed.has(r.id)), after: after.filter((r) => changed.has(r.id)) }
}

type PinHashes = Map<string, string | null>

export function pinHashes(office: Office, table: 'users' | 'technicians'): PinHashes {
  const rows = all(office.sqlite, office.db.selectFrom(table).select(['id', 'pin_hash']))
  return new Map(rows.map((r) => [r.id, r.pin_hash]))
}

/** Ids whose PIN hash differs between two readings (a new PIN, or a new person with one). */
export function changedPins(before: PinHashes, after: PinHashes): string[] {
  return [...after].filter(([id, hash]) => hash !== null && before.get(id) !== hash).map(([id]) => id)
}

export function recordSettingsChange(
  office: Office,
  change: {
    userId: string
    section: SettingsSection
    before: SettingsView
    after: SettingsView
    pinsChanged: string[]
  },
): void {
  const key = VIEW_KEY[change.section]
  let before: unknown = change.before[key]
  let after: unknown = change.after[key]
  // Customers are many: the log keeps the ones this save changed, before and after.
  if (change.section === 'customers')
    ({ before, after } = changedRecords(change.before.customers, change.after.customers))
  if (JSON.stringify(before) === JSON.stringify(after) && change.pinsChanged.length === 0) return
  appendEvent(office.sqlite, office.db, {
    jobId: OFFICE_LOG_ID,
    type: 'settings-changed',
    actor: change.userId,
    data: { section: change.section, before, after, pinsChanged: change.pinsChanged },
  })
}

/** An admin setting kept outside the Settings sections (the backup folder): who, what, before/after. */
export function recordSettingChange(
  office: Office,
  change: { userId: string; section: string; before: unknown; after: unknown },
): void {
  if (JSON.stringify(change.before) === JSON.stringify(change.after)) return
  appendEvent(office.sqlite, office.db, {
    jobId: OFFICE_LOG_ID,
    type: 'settings-changed',
    actor: change.userId,
    data: { section: change.section, before: change.before, after: change.after, pinsChanged: [] },
  })
}
