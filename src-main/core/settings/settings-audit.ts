import type { SettingsSection, SettingsView } from '../../../src-shared/api/settings'
import type { Kysely } from 'kysely'
import type { EngineDb } from '../db/engine-db'
import type { Database } from '../db/schema'
import { appendEventIn } from '../lifecycle/event-log'

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

/** Each person's PIN hash, by id: read before and after a save, to log whose PIN changed (never the hash). */
export async function pinHashes({ db }: Pick<EngineDb, 'db'>, table: 'users' | 'technicians'): Promise<PinHashes> {
  const rows = await db.selectFrom(table).select(['id', 'pin_hash']).execute()
  return new Map(rows.map((r) => [r.id, r.pin_hash]))
}

/** Ids whose PIN hash differs between two readings (a new PIN, or a new person with one). */
export function changedPins(before: PinHashes, after: PinHashes): string[] {
  return [...after].filter(([id, hash]) => hash !== null && before.get(id) !== hash).map(([id]) => id)
}

export interface SettingsChange {
  userId: string
  section: SettingsSection
  /** The view before and after the save: at least the saved section. */
  before: Partial<SettingsView>
  after: Partial<SettingsView>
  pinsChanged: string[]
}

/** A Settings section's save in the log (in `trx`, the save's own withTransaction); nothing when it changed nothing. */
export async function recordSettingsChangeIn(trx: Kysely<Database>, change: SettingsChange): Promise<void> {
  const key = VIEW_KEY[change.section]
  let before: unknown = change.before[key]
  let after: unknown = change.after[key]
  // Customers are many: the log keeps the ones this save changed, before and after.
  if (change.section === 'customers')
    ({ before, after } = changedRecords(change.before.customers ?? [], change.after.customers ?? []))
  await recordSectionChangeIn(trx, { ...change, before, after })
}

/** recordSettingsChangeIn for a section read on its own (the section's value before and after the save). */
export async function recordSectionChangeIn(
  trx: Kysely<Database>,
  change: { userId: string; section: SettingsSection; before: unknown; after: unknown; pinsChanged: string[] },
): Promise<void> {
  const { before, after } = change
  if (JSON.stringify(before) === JSON.stringify(after) && change.pinsChanged.length === 0) return
  await appendEventIn(trx, {
    jobId: OFFICE_LOG_ID,
    type: 'settings-changed',
    actor: change.userId,
    data: { section: change.section, before, after, pinsChanged: change.pinsChanged },
  })
}

/** An admin setting kept outside the Settings sections (mail, the backup folder): who, what, before/after, in `trx`. */
export async function recordSettingChangeIn(
  trx: Kysely<Database>,
  change: { userId: string; section: string; before: unknown; after: unknown },
): Promise<void> {
  if (JSON.stringify(change.before) === JSON.stringify(change.after)) return
  await appendEventIn(trx, {
    jobId: OFFICE_LOG_ID,
    type: 'settings-changed',
    actor: change.userId,
    data: { section: change.section, before: change.before, after: change.after, pinsChanged: [] },
  })
}
