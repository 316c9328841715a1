import type { SettingsSection, SettingsView } from '../../../src-shared/api/settings'
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
}

type PinHashes = Map<string, string | null>

export function pinHashes(office: Office, table: 'users' | 'technicians'): PinHashes {
  const rows = office.sqlite.prepare(`SELECT id, pin_hash FROM ${table}`).all() as {
    id: string
    pin_hash: string | null
  }[]
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
  const before = change.before[key]
  const after = change.after[key]
  if (JSON.stringify(before) === JSON.stringify(after) && change.pinsChanged.length === 0) return
  appendEvent(office.sqlite, office.db, {
    jobId: OFFICE_LOG_ID,
    type: 'settings-changed',
    actor: change.userId,
    data: { section: change.section, before, after, pinsChanged: change.pinsChanged },
  })
}
