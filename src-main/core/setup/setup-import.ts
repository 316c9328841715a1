import { parseMilli, parseMoney } from '../../../src-shared/domain/money'
import { SetupSchema, checkSetupReferences, type KnownIds, type Setup } from '../../../src-shared/schemas/setup'
import { issuesToDetails, summarizeDetails } from '../../../src-shared/schemas/issues'
import { hashPin, verifyPin } from '../auth/pin'
import { customerAddressColumns } from '../db/customer-address'
import { appendEvent } from '../lifecycle/event-log'
import { first } from '../db/connection'
import { keepAnAdmin } from '../auth/office-users'
import { CloseoutError } from '../errors'
import type { Office } from '../office'
import { importMoneySettings, invoiceSequence } from './setup-money'
import { hasMailSettings, readMailSettings, saveMailSettings } from '../mail/mail-settings'
import { insertJobRow, jobExists, writeJobFields } from '../jobs/job-rows.repo'
import { replaceMappingNames } from '../settings/accounting-mappings.repo'
import {
  setupKnownIds,
  storedPinHash,
  upsertSetupRow,
  type SetupRow,
  type SetupTable,
  type UpsertOutcome,
} from './setup-rows.repo'
import { estimateRows, readEstimateRows, replaceEstimateRows } from '../jobs/estimate-lines.repo'

export interface SectionCount {
  created: number
  updated: number
  unchanged: number
}

export type ImportSection =
  | 'company'
  | 'taxes'
  | 'users'
  | 'technicians'
  | 'customers'
  | 'priceBook'
  | 'laborRates'
  | 'jobTypes'
  | 'approvalPolicy'
  | 'jobs'
  | 'accounting'
  | 'mail'

/** What changed per section, and what the import decided that the file did not say. */
export type ImportSummary = Record<ImportSection, SectionCount> & { notes: string[] }

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
 * again changes nothing (every section reports 0 created, 0 updated).
 */
export async function importSetup(office: Office, input: unknown, actor = 'setup-import'): Promise<ImportSummary> {
  const setup = parseSetup(input, setupKnownIds(office))
  const { sqlite, db } = office
  keepAnAdmin(sqlite, setup.users)

  // PIN hashing is slow and async: do it before the transaction. A PIN that still matches its
  // stored hash keeps that hash, so a second import changes nothing.
  const pinHashes = new Map<string, string | null>()
  for (const [table, list] of [
    ['users', setup.users],
    ['technicians', setup.technicians],
  ] as const) {
    for (const person of list) {
      const key = `${table}:${person.id}`
      const existing = storedPinHash(office, table, person.id) ?? null
      if (person.pinHash) pinHashes.set(key, person.pinHash)
      else if (person.pin) {
        pinHashes.set(key, (await verifyPin(person.pin, existing)) ? existing : await hashPin(person.pin))
      } else pinHashes.set(key, existing)
    }
  }

  const summary = { notes: [] } as unknown as ImportSummary
  const now = new Date().toISOString()

  const upsert = <T extends SetupTable>(section: ImportSection, table: T, row: SetupRow<T>): UpsertOutcome => {
    const outcome = upsertSetupRow(office, table, row)
    ;(summary[section] ??= { created: 0, updated: 0, unchanged: 0 })[outcome]++
    return outcome
  }

  /** Replaces one record's accounting names; reports whether anything changed. */
  const setMappings = (kind: string, ref: string, names: Partial<Record<string, string | undefined>>): boolean =>
    replaceMappingNames(office, kind, ref, names)

  const bump = (section: ImportSection, outcome: string, mappingsChanged: boolean) => {
    if (outcome === 'unchanged' && mappingsChanged) {
      summary[section].unchanged--
      summary[section].updated++
    }
  }

  const apply = sqlite.transaction(() => {
    const c = setup.company
    const sequence = invoiceSequence(sqlite, c.invoicePrefix, c.nextInvoiceNumber)
    if (sequence.note) summary.notes.push(sequence.note)
    const outcome = upsert('company', 'company', {
      id: 1,
      name: c.name,
      address: c.address,
      phone: c.phone,
      email: c.email,
      currency: c.currency,
      payment_terms_days: c.paymentTermsDays,
      next_invoice_number: sequence.next,
      invoice_prefix: c.invoicePrefix,
    })
    const money = importMoneySettings(sqlite, setup)
    bump('company', outcome, money.company)
    summary.accounting = { created: 0, updated: money.accounting ? 1 : 0, unchanged: money.accounting ? 0 : 1 }
    for (const adj of setup.accounting?.adjustments ?? []) {
      if (setMappings('adjustment', adj.ref, { qbo: adj.qbo, xero: adj.xero, iif: adj.iif }))
        summary.accounting = { created: 0, updated: 1, unchanged: 0 }
    }
    if (setup.accounting?.defaultPart && setMappings('item', '*', setup.accounting.defaultPart))
      summary.accounting = { created: 0, updated: 1, unchanged: 0 }
    summary.mail = { created: 0, updated: 0, unchanged: 0 }
    if (setup.mail) {
      const before = hasMailSettings(sqlite) ? JSON.stringify(readMailSettings(sqlite)) : null
      saveMailSettings(sqlite, setup.mail)
      const after = JSON.stringify(readMailSettings(sqlite))
      summary.mail =
        before === null
          ? { created: 1, updated: 0, unchanged: 0 }
          : before === after
            ? { created: 0, updated: 0, unchanged: 1 }
            : { created: 0, updated: 1, unchanged: 0 }
    }
    summary.taxes = { created: 0, updated: 0, unchanged: 0 }
    for (const t of setup.taxes) {
      const outcome = upsert('taxes', 'taxes', { id: t.id, name: t.name, rate_milli: parseMilli(t.ratePercent) })
      bump('taxes', outcome, setMappings('tax', t.id, t.accountingName ?? {}))
    }
    summary.users = { created: 0, updated: 0, unchanged: 0 }
    for (const u of setup.users) {
      upsert('users', 'users', {
        id: u.id,
        name: u.name,
        roles_json: JSON.stringify(u.roles),
        pin_hash: pinHashes.get(`users:${u.id}`) ?? null,
        active: u.active ? 1 : 0,
        ...(u.technicianId !== undefined ? { technician_id: u.technicianId } : {}),
      })
    }
    summary.technicians = { created: 0, updated: 0, unchanged: 0 }
    for (const t of setup.technicians) {
      upsert('technicians', 'technicians', {
        id: t.id,
        name: t.name,
        pin_hash: pinHashes.get(`technicians:${t.id}`) ?? null,
        active: t.active ? 1 : 0,
        email: t.email ?? null,
        phone: t.phone ?? null,
        // Left out of the file: the technician keeps the default role they had.
        ...(t.defaultLaborRole !== undefined ? { default_labor_role: t.defaultLaborRole } : {}),
      })
    }
    summary.customers = { created: 0, updated: 0, unchanged: 0 }
    for (const cu of setup.customers) {
      upsert('customers', 'customers', {
        id: cu.id,
        name: cu.name,
        ...customerAddressColumns(cu.address),
        email: cu.email,
        phone: cu.phone,
        requires_signature: cu.requiresSignature ? 1 : 0,
        tax_id: cu.taxId,
        accounting_name: cu.accountingName ?? null,
        ...(cu.sendPacketsTo ? { send_packets_to_json: JSON.stringify(cu.sendPacketsTo) } : {}),
      })
    }
    summary.priceBook = { created: 0, updated: 0, unchanged: 0 }
    for (const p of setup.priceBook) {
      const outcome = upsert('priceBook', 'price_book', {
        sku: p.sku,
        description: p.description,
        unit_price_cents: parseMoney(p.unitPrice),
        taxable: p.taxable ? 1 : 0,
      })
      bump('priceBook', outcome, setMappings('item', p.sku, p.accountingItem))
    }
    summary.laborRates = { created: 0, updated: 0, unchanged: 0 }
    for (const l of setup.laborRates) {
      const outcome = upsert('laborRates', 'labor_rates', {
        role: l.role,
        name: l.name ?? null,
        rate_cents: parseMoney(l.rate),
        overtime_multiplier_milli: parseMilli(l.overtimeMultiplier),
        taxable: l.taxable ? 1 : 0,
      })
      bump('laborRates', outcome, setMappings('labor', l.role, l.accountingItem))
    }
    summary.jobTypes = { created: 0, updated: 0, unchanged: 0 }
    for (const jt of setup.jobTypes) {
      upsert('jobTypes', 'job_types', {
        id: jt.id,
        name: jt.name,
        required_photos_json: JSON.stringify(sortedRecord(jt.requiredPhotos)),
        require_serial_number: jt.requireSerialNumber ? 1 : 0,
        require_signature: jt.requireSignature ? 1 : 0,
        labor_hours_approval_over_milli:
          jt.laborHoursApprovalOver == null ? null : parseMilli(jt.laborHoursApprovalOver),
      })
    }
    const ap = setup.approvalPolicy
    const policyOutcome = upsert('approvalPolicy', 'approval_policy', {
      id: 1,
      discount_percent_over_milli: parseMilli(ap.discountPercentOver),
      overtime_hours_over_milli: parseMilli(ap.overtimeHoursOver),
      parts_over_estimate_percent_milli: parseMilli(ap.partsOverEstimatePercent),
      signature_exception_needs_approval: ap.signatureExceptionNeedsApproval ? 1 : 0,
      warranty_needs_approval: ap.warrantyNeedsApproval ? 1 : 0,
      approver_roles_json: JSON.stringify(ap.approverRoles),
      second_approval_over_cents: ap.secondApprovalOver == null ? null : parseMoney(ap.secondApprovalOver),
    })
    bump('approvalPolicy', policyOutcome, money.policy)
    summary.jobs = { created: 0, updated: 0, unchanged: 0 }
    for (const j of setup.jobs) importJob(j)
  })

  const importJob = (j: Setup['jobs'][number]) => {
    const existing = first(sqlite, db.selectFrom('jobs').selectAll().where('id', '=', j.id))
    const fields = {
      customer_id: j.customerId,
      site_address: j.siteAddress,
      job_type_id: j.jobTypeId,
      technician_id: j.technicianId ?? null,
      scheduled_for: j.scheduledFor ?? null,
      po_number: j.poNumber ?? null,
      not_to_exceed_cents: j.notToExceed == null ? null : parseMoney(j.notToExceed),
      description: j.description ?? '',
    }
    const count = summary.jobs
    const estimateChanged = replaceEstimate(j)
    if (!existing) {
      insertJobRow(office, { id: j.id, ...fields, origin: 'dispatch', created_at: now })
      replaceEstimate(j)
      appendEvent(sqlite, db, { jobId: j.id, type: 'job-created', actor, at: now, data: { via: 'setup-import' } })
      count.created++
      return
    }
    const changed = (Object.keys(fields) as (keyof typeof fields)[]).filter((k) => existing[k] !== fields[k])
    if (changed.length === 0 && !estimateChanged) {
      count.unchanged++
      return
    }
    if (changed.length > 0) writeJobFields(office, j.id, fields, now)
    appendEvent(sqlite, db, {
      jobId: j.id,
      type: 'job-updated',
      actor,
      at: now,
      data: { via: 'setup-import', fields: changed, estimate: estimateChanged },
    })
    count.updated++
  }

  /** Makes the job's estimate lines equal the file's; returns whether anything changed. */
  const replaceEstimate = (j: Setup['jobs'][number]): boolean => {
    if (!jobExists(office, j.id)) return true
    const wanted = estimateRows(j.estimate)
    if (JSON.stringify(readEstimateRows(office, j.id)) === JSON.stringify(wanted)) return false
    replaceEstimateRows(office, j.id, wanted)
    return true
  }

  apply()
  office.events.emit('jobs.changed', { reason: 'setup-import', jobIds: null })
  return summary
}

function sortedRecord(record: Partial<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {}
  for (const key of Object.keys(record).sort()) {
    const v = record[key]
    if (v !== undefined && v > 0) out[key] = v
  }
  return out
}
