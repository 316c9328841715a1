import { SetupSchema, checkSetupReferences, type KnownIds, type Setup } from '../../../src-shared/schemas/setup'
import { issuesToDetails, summarizeDetails } from '../../../src-shared/schemas/issues'
import { hashPin, verifyPin } from '../auth/pin'
import { keepAnAdminIn } from '../auth/office-users'
import { withTransaction, type EngineDb } from '../db/engine-db'
import { CloseoutError } from '../errors'
import type { Office } from '../office'
import { applySetupIn, type ImportSummary } from './setup-apply'
import { setupKnownIds, storedPinHashes } from './setup-rows.repo'

export type { ImportSection, ImportSummary, SectionCount } from './setup-apply'

/**
 * Parses and validates a setup document; throws `invalid-setup` naming the JSON path and record.
 * References may point at records already in the office (`known`), since import is an upsert.
 */
export function parseSetup(input: unknown, known?: KnownIds): Setup {
  const result = SetupSchema.safeParse(input)
  const details = result.success
    ? checkSetupReferences(result.data, known ?? emptyKnown())
    : issuesToDetails(result.error).map((d) => ({ ...d, message: withRecordId(input, d.path, d.message) }))
  if (details.length > 0 || !result.success) {
    throw new CloseoutError('invalid-setup', `Setup file is not valid: ${summarizeDetails(details)}`, details)
  }
  return result.data
}

function emptyKnown(): KnownIds {
  const none = new Set<string>()
  return { taxes: none, customers: none, jobTypes: none, technicians: none, skus: none, roles: none }
}

/** "customers[3].taxId" -> prefix the message with that record's id, if it has one. */
function withRecordId(input: unknown, path: string, message: string): string {
  const m = /^(\w+)\[(\d+)\]/.exec(path)
  if (!m || typeof input !== 'object' || input === null) return message
  const list = (input as Record<string, unknown>)[m[1]!]
  const record = Array.isArray(list) ? (list[Number(m[2])] as Record<string, unknown> | undefined) : undefined
  const id = record?.id ?? record?.sku ?? record?.role
  if (typeof id !== 'string' || message.includes(id)) return message
  return `${m[1]} "${id}": ${message}`
}

/**
 * Imports a setup document in one transaction, as an upsert by id: records in the file are
 * created or updated, records not in the file are left alone, and importing the same file
 * again changes nothing (every section reports 0 created, 0 updated). The office's screens
 * hear of it (jobs.changed).
 */
export async function importSetup(office: Office, input: unknown, actor = 'setup-import'): Promise<ImportSummary> {
  const summary = await recordSetupImport(office, input, actor)
  office.events.emit('jobs.changed', { reason: 'setup-import', jobIds: null })
  return summary
}

/**
 * The import itself on either engine (issue #17): checks, then one withTransaction. PIN hashing
 * is slow and async, so it happens before the transaction; a PIN that still matches its stored
 * hash keeps that hash, so a second import changes nothing. Should another seat change a stored
 * hash in between (two seats importing the same file at once on PostgreSQL), the hashes are
 * worked out again against what it committed, and the file is applied once.
 */
export async function recordSetupImport(
  edb: EngineDb,
  input: unknown,
  actor: string,
  /** Runs the apply inside the import's transaction, for what must commit with it (Settings' audit entry). */
  around: (trx: EngineDb, apply: () => Promise<ImportSummary>) => Promise<ImportSummary> = (_trx, apply) => apply(),
): Promise<ImportSummary> {
  const setup = parseSetup(input, await setupKnownIds(edb.db))
  await keepAnAdminIn(edb.db, setup.users)
  const now = new Date().toISOString()
  let stored = await storedPinHashes(edb.db)
  for (let attempt = 1; ; attempt++) {
    const pinHashes = await pinHashesFor(setup, stored)
    const outcome = await withTransaction(
      edb,
      async (trx): Promise<{ summary: ImportSummary } | { stale: Map<string, string | null> }> => {
        const current = await storedPinHashes(trx)
        if (attempt < 5 && [...pinHashes.keys()].some((key) => current.get(key) !== stored.get(key)))
          return { stale: current }
        const inTrx: EngineDb = { ...edb, db: trx }
        return { summary: await around(inTrx, () => applySetupIn(inTrx, { setup, pinHashes, actor, now })) }
      },
    )
    if ('summary' in outcome) return outcome.summary
    stored = outcome.stale
  }
}

/** The PIN hash to store for each person of the file, by "users:<id>" / "technicians:<id>". */
async function pinHashesFor(setup: Setup, stored: Map<string, string | null>): Promise<Map<string, string | null>> {
  const pinHashes = new Map<string, string | null>()
  for (const [table, list] of [
    ['users', setup.users],
    ['technicians', setup.technicians],
  ] as const) {
    for (const person of list) {
      const key = `${table}:${person.id}`
      const existing = stored.get(key) ?? null
      if (person.pinHash) pinHashes.set(key, person.pinHash)
      else if (person.pin)
        pinHashes.set(key, (await verifyPin(person.pin, existing)) ? existing : await hashPin(person.pin))
      else pinHashes.set(key, existing)
    }
  }
  return pinHashes
}
