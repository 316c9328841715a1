import { parseMilli, parseMoney } from '../../../src-shared/domain/money'
import type { Setup } from '../../../src-shared/schemas/setup'
import { keepAnAdminIn } from '../auth/office-users'
import { customerAddressColumns } from '../db/customer-address'
import type { EngineDb } from '../db/engine-db'
import { estimateRows, readEstimateRowsIn, replaceEstimateRowsIn } from '../jobs/estimate-lines.repo'
import { insertJobRowIn, writeJobFieldsIn } from '../jobs/job-rows.repo'
import { appendEventsIn, type NewEvent } from '../lifecycle/event-log'
import { readOwnMailSettingsAsync, saveMailSettingsIn } from '../mail/mail-settings'
import { replaceMappingNamesIn } from '../settings/accounting-mappings.repo'
import { importMoneySettingsIn, invoiceSequenceIn, saveInvoiceSequenceIn } from './setup-money'
import { upsertSetupRowIn, type SetupRow, type SetupTable, type UpsertOutcome } from './setup-rows.repo'

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

/** What the import worked out before its transaction: each person's PIN hash, the actor, the time. */
export interface PreparedImport {
  setup: Setup
  /** By "users:<id>" / "technicians:<id>": the hash to store (the stored one when the PIN still matches). */
  pinHashes: Map<string, string | null>
  actor: string
  now: string
}

const none = (): SectionCount => ({ created: 0, updated: 0, unchanged: 0 })

/**
 * The setup file's writes, section by section, in the import's transaction (`edb` its view,
 * `{ ...edb, db: trx }`), on either engine (issue #17). Only queries on that transaction: on
 * PostgreSQL a body that lost a race runs again on what the other seat committed, and finds
 * the same file unchanged.
 */
export async function applySetupIn(edb: EngineDb, prepared: PreparedImport): Promise<ImportSummary> {
  const { setup, pinHashes, actor, now } = prepared
  const trx = edb.db
  const summary = { notes: [] } as unknown as ImportSummary

  const upsert = async <T extends SetupTable>(
    section: ImportSection,
    table: T,
    row: SetupRow<T>,
  ): Promise<UpsertOutcome> => {
    const outcome = await upsertSetupRowIn(trx, table, row)
    ;(summary[section] ??= none())[outcome]++
    return outcome
  }
  /** Replaces one record's accounting names; reports whether anything changed. */
  const setMappings = (kind: string, ref: string, names: Partial<Record<string, string | undefined>>) =>
    replaceMappingNamesIn(trx, kind, ref, names)
  const bump = (section: ImportSection, outcome: string, mappingsChanged: boolean) => {
    if (outcome === 'unchanged' && mappingsChanged) {
      summary[section].unchanged--
      summary[section].updated++
    }
  }

  await keepAnAdminIn(trx, setup.users)
  const c = setup.company
  const firstCompany =
    (await trx.selectFrom('company').select('id').where('id', '=', 1).executeTakeFirst()) === undefined
  const sequence = await invoiceSequenceIn(edb, c.invoicePrefix, c.nextInvoiceNumber)
  if (sequence.note) summary.notes.push(sequence.note)
  const outcome = await upsert('company', 'company', {
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
  await saveInvoiceSequenceIn(edb, sequence.next, firstCompany)
  const money = await importMoneySettingsIn(edb, setup)
  bump('company', outcome, money.company)
  summary.accounting = { created: 0, updated: money.accounting ? 1 : 0, unchanged: money.accounting ? 0 : 1 }
  const accountingUpdated = { created: 0, updated: 1, unchanged: 0 }
  for (const adj of setup.accounting?.adjustments ?? []) {
    if (await setMappings('adjustment', adj.ref, { qbo: adj.qbo, xero: adj.xero, iif: adj.iif }))
      summary.accounting = accountingUpdated
  }
  if (setup.accounting?.defaultPart && (await setMappings('item', '*', setup.accounting.defaultPart)))
    summary.accounting = accountingUpdated
  summary.mail = none()
  if (setup.mail) {
    const before = await readOwnMailSettingsAsync(edb)
    await saveMailSettingsIn(trx, setup.mail)
    const after = JSON.stringify(await readOwnMailSettingsAsync(edb))
    summary.mail =
      before === undefined
        ? { created: 1, updated: 0, unchanged: 0 }
        : JSON.stringify(before) === after
          ? { created: 0, updated: 0, unchanged: 1 }
          : { created: 0, updated: 1, unchanged: 0 }
  }
  summary.taxes = none()
  for (const t of setup.taxes) {
    const outcome = await upsert('taxes', 'taxes', { id: t.id, name: t.name, rate_milli: parseMilli(t.ratePercent) })
    bump('taxes', outcome, await setMappings('tax', t.id, t.accountingName ?? {}))
  }
  summary.users = none()
  for (const u of setup.users) {
    await upsert('users', 'users', {
      id: u.id,
      name: u.name,
      roles_json: JSON.stringify(u.roles),
      pin_hash: pinHashes.get(`users:${u.id}`) ?? null,
      active: u.active ? 1 : 0,
      ...(u.technicianId !== undefined ? { technician_id: u.technicianId } : {}),
    })
  }
  summary.technicians = none()
  for (const t of setup.technicians) {
    await upsert('technicians', 'technicians', {
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
  summary.customers = none()
  for (const cu of setup.customers) {
    await upsert('customers', 'customers', {
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
  summary.priceBook = none()
  for (const p of setup.priceBook) {
    const outcome = await upsert('priceBook', 'price_book', {
      sku: p.sku,
      description: p.description,
      unit_price_cents: parseMoney(p.unitPrice),
      taxable: p.taxable ? 1 : 0,
    })
    bump('priceBook', outcome, await setMappings('item', p.sku, p.accountingItem))
  }
  summary.laborRates = none()
  for (const l of setup.laborRates) {
    const outcome = await upsert('laborRates', 'labor_rates', {
      role: l.role,
      name: l.name ?? null,
      rate_cents: parseMoney(l.rate),
      overtime_multiplier_milli: parseMilli(l.overtimeMultiplier),
      taxable: l.taxable ? 1 : 0,
    })
    bump('laborRates', outcome, await setMappings('labor', l.role, l.accountingItem))
  }
  summary.jobTypes = none()
  for (const jt of setup.jobTypes) {
    await upsert('jobTypes', 'job_types', {
      id: jt.id,
      name: jt.name,
      required_photos_json: JSON.stringify(sortedRecord(jt.requiredPhotos)),
      require_serial_number: jt.requireSerialNumber ? 1 : 0,
      require_signature: jt.requireSignature ? 1 : 0,
      labor_hours_approval_over_milli: jt.laborHoursApprovalOver == null ? null : parseMilli(jt.laborHoursApprovalOver),
    })
  }
  const ap = setup.approvalPolicy
  const policyOutcome = await upsert('approvalPolicy', 'approval_policy', {
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
  summary.jobs = none()
  const events: NewEvent[] = []
  for (const j of setup.jobs) {
    const event = await importJobIn(edb, j, actor, now)
    summary.jobs[event ? (event.type === 'job-created' ? 'created' : 'updated') : 'unchanged']++
    if (event) events.push(event)
  }
  await appendEventsIn(trx, events)
  return summary
}

/** Creates or updates one job of the file with its estimate; the event to log, if anything changed. */
async function importJobIn(
  { db: trx }: EngineDb,
  j: Setup['jobs'][number],
  actor: string,
  now: string,
): Promise<NewEvent | null> {
  const existing = await trx.selectFrom('jobs').selectAll().where('id', '=', j.id).executeTakeFirst()
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
  const wanted = estimateRows(j.estimate)
  if (!existing) {
    await insertJobRowIn(trx, { id: j.id, ...fields, origin: 'dispatch', created_at: now })
    await replaceEstimateRowsIn(trx, j.id, wanted)
    return { jobId: j.id, type: 'job-created', actor, at: now, data: { via: 'setup-import' } }
  }
  const estimateChanged = JSON.stringify(await readEstimateRowsIn(trx, j.id)) !== JSON.stringify(wanted)
  if (estimateChanged) await replaceEstimateRowsIn(trx, j.id, wanted)
  const changed = (Object.keys(fields) as (keyof typeof fields)[]).filter((k) => existing[k] !== fields[k])
  if (changed.length === 0 && !estimateChanged) return null
  if (changed.length > 0) await writeJobFieldsIn(trx, j.id, fields, now)
  return {
    jobId: j.id,
    type: 'job-updated',
    actor,
    at: now,
    data: { via: 'setup-import', fields: changed, estimate: estimateChanged },
  }
}

function sortedRecord(record: Partial<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {}
  for (const key of Object.keys(record).sort()) {
    const v = record[key]
    if (v !== undefined && v > 0) out[key] = v
  }
  return out
}
