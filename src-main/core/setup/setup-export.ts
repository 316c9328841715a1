import { formatMilli, formatMoney } from '../../../src-shared/domain/money'
import type { SetupInput } from '../../../src-shared/schemas/setup'
import type { EngineDb } from '../db/engine-db'
import { binaryOrder } from '../db/sql-fragments'
import { addressForSetup } from '../db/customer-address'
import { CloseoutError } from '../errors'
import { readOwnMailSettingsAsync } from '../mail/mail-settings'
import { readExportSettingsAsync } from '../settings/export-settings'
import { readCompanyMoneyAsync, readMoneyPolicyAsync } from '../settings/money-settings'
import { nextInvoiceNumber } from './setup-money'
import type { AccountingSystem } from '../../../src-shared/api/settings'

type System = AccountingSystem

/**
 * The current configuration as a `closeout-setup/v1` document. Deterministic (sorted by id) so
 * export -> import into an empty data folder -> export gives the same document. PINs leave only
 * as their scrypt hash. On either engine (issue #17); the next invoice number is the one the
 * next export draws (on PostgreSQL the shared sequence's).
 */
export async function exportSetup(edb: EngineDb, options: { withJobs?: boolean } = {}): Promise<SetupInput> {
  const withJobs = options.withJobs ?? true
  const { db } = edb
  // Text keys in SQLite's byte order on either engine, so both export the same document.
  const by = (column: string) => binaryOrder(edb.engine, column)
  const company = await db.selectFrom('company').selectAll().where('id', '=', 1).executeTakeFirst()
  if (!company) throw new CloseoutError('not-set-up', 'This data folder has no company yet: import a setup file first')

  const mappings = new Map<string, Partial<Record<System, string>>>()
  for (const m of await db
    .selectFrom('accounting_mappings')
    .selectAll()
    .orderBy(by('kind'))
    .orderBy(by('ref'))
    .orderBy(by('system'))
    .execute()) {
    const key = `${m.kind}:${m.ref}`
    mappings.set(key, { ...mappings.get(key), [m.system as System]: m.name })
  }
  const mapping = (kind: string, ref: string) => mappings.get(`${kind}:${ref}`) ?? {}

  const policy = await db.selectFrom('approval_policy').selectAll().where('id', '=', 1).executeTakeFirst()

  const estimateByJob = new Map<string, NonNullable<SetupInput['jobs']>[number]['estimate']>()
  const estimates = withJobs
    ? await db.selectFrom('estimate_lines').selectAll().orderBy(by('job_id')).orderBy('line_no').execute()
    : []
  for (const e of estimates) {
    const list = estimateByJob.get(e.job_id) ?? []
    if (e.kind === 'part') {
      list.push({
        sku: e.sku!,
        quantity: formatMilli(e.quantity_milli),
        ...(e.description != null ? { description: e.description } : {}),
        ...(e.unit_price_cents != null ? { unitPrice: formatMoney(e.unit_price_cents) } : {}),
      })
    } else list.push({ role: e.role!, hours: formatMilli(e.quantity_milli) })
    estimateByJob.set(e.job_id, list)
  }

  const pin = (hash: string | null) => (hash ? { pinHash: hash } : {})
  const money = await readCompanyMoneyAsync(edb)
  const moneyPolicy = await readMoneyPolicyAsync(edb)
  const mail = await readOwnMailSettingsAsync(edb)
  const adjustments = [...mappings]
    .filter(([key]) => key.startsWith('adjustment:'))
    .map(([key, names]) => ({ ref: key.slice('adjustment:'.length), ...names }))
  const defaultPart = mapping('item', '*')

  return {
    schema: 'closeout-setup/v1',
    company: {
      name: company.name,
      address: company.address,
      phone: company.phone,
      email: company.email,
      currency: company.currency,
      paymentTermsDays: company.payment_terms_days,
      nextInvoiceNumber: await nextInvoiceNumber(edb, company.next_invoice_number),
      invoicePrefix: company.invoice_prefix,
      ...(money.accountingSystem !== null ? { accountingSystem: money.accountingSystem } : {}),
      invoiceDate: money.invoiceDate,
    },
    taxes: (await db.selectFrom('taxes').selectAll().orderBy(by('id')).execute()).map((t) => {
      const acct = mapping('tax', t.id)
      return {
        id: t.id,
        name: t.name,
        ratePercent: formatMilli(t.rate_milli),
        ...(Object.keys(acct).length ? { accountingName: acct } : {}),
      }
    }),
    users: (await db.selectFrom('users').selectAll().orderBy(by('id')).execute()).map((u) => ({
      id: u.id,
      name: u.name,
      roles: JSON.parse(u.roles_json),
      active: u.active === 1,
      ...(u.technician_id ? { technicianId: u.technician_id } : {}),
      ...pin(u.pin_hash),
    })),
    technicians: (await db.selectFrom('technicians').selectAll().orderBy(by('id')).execute()).map((t) => ({
      id: t.id,
      name: t.name,
      active: t.active === 1,
      ...(t.email != null ? { email: t.email } : {}),
      ...(t.phone != null ? { phone: t.phone } : {}),
      ...(t.default_labor_role != null ? { defaultLaborRole: t.default_labor_role } : {}),
      ...pin(t.pin_hash),
    })),
    customers: (await db.selectFrom('customers').selectAll().orderBy(by('id')).execute()).map((c) => ({
      id: c.id,
      name: c.name,
      // A one-line address stays one line, so a v1 file exports as it was imported.
      address: addressForSetup(c),
      email: c.email,
      phone: c.phone,
      requiresSignature: c.requires_signature === 1,
      taxId: c.tax_id,
      ...(c.accounting_name != null ? { accountingName: c.accounting_name } : {}),
      ...sendPacketsTo(c.send_packets_to_json),
    })),
    priceBook: (await db.selectFrom('price_book').selectAll().orderBy(by('sku')).execute()).map((p) => ({
      sku: p.sku,
      description: p.description,
      unitPrice: formatMoney(p.unit_price_cents),
      taxable: p.taxable === 1,
      accountingItem: mapping('item', p.sku),
    })),
    laborRates: (await db.selectFrom('labor_rates').selectAll().orderBy(by('role')).execute()).map((l) => ({
      role: l.role,
      ...(l.name != null ? { name: l.name } : {}),
      rate: formatMoney(l.rate_cents),
      overtimeMultiplier: formatMilli(l.overtime_multiplier_milli),
      taxable: l.taxable === 1,
      accountingItem: mapping('labor', l.role),
    })),
    jobTypes: (await db.selectFrom('job_types').selectAll().orderBy(by('id')).execute()).map((t) => ({
      id: t.id,
      name: t.name,
      requiredPhotos: JSON.parse(t.required_photos_json),
      requireSerialNumber: t.require_serial_number === 1,
      requireSignature: t.require_signature === 1,
      laborHoursApprovalOver:
        t.labor_hours_approval_over_milli == null ? null : formatMilli(t.labor_hours_approval_over_milli),
    })),
    ...(policy
      ? {
          approvalPolicy: {
            discountPercentOver: formatMilli(policy.discount_percent_over_milli),
            overtimeHoursOver: formatMilli(policy.overtime_hours_over_milli),
            partsOverEstimatePercent: formatMilli(policy.parts_over_estimate_percent_milli),
            signatureExceptionNeedsApproval: policy.signature_exception_needs_approval === 1,
            warrantyNeedsApproval: policy.warranty_needs_approval === 1,
            approverRoles: JSON.parse(policy.approver_roles_json),
            secondApprovalOver:
              policy.second_approval_over_cents == null ? null : formatMoney(policy.second_approval_over_cents),
            creditsNeedApproval: moneyPolicy.creditsNeedApproval,
            belowEstimatePercent: moneyPolicy.belowEstimatePercent,
          },
        }
      : {}),
    jobs: (withJobs
      ? await db
          .selectFrom('jobs')
          .selectAll()
          .where('origin', '=', 'dispatch')
          .where('customer_id', 'is not', null)
          .where('job_type_id', 'is not', null)
          .orderBy(by('id'))
          .execute()
      : []
    ).map((j) => ({
      id: j.id,
      customerId: j.customer_id!,
      siteAddress: j.site_address,
      jobTypeId: j.job_type_id!,
      technicianId: j.technician_id,
      scheduledFor: j.scheduled_for,
      poNumber: j.po_number,
      notToExceed: j.not_to_exceed_cents == null ? null : formatMoney(j.not_to_exceed_cents),
      ...(j.description ? { description: j.description } : {}),
      estimate: estimateByJob.get(j.id) ?? [],
    })),
    accounting: {
      adjustments,
      ...(Object.keys(defaultPart).length ? { defaultPart } : {}),
      exportSettings: await readExportSettingsAsync(edb),
    },
    ...(mail ? { mail } : {}),
  }
}

function sendPacketsTo(json: string): { sendPacketsTo?: string[] } {
  const list = JSON.parse(json) as string[]
  return list.length ? { sendPacketsTo: list } : {}
}
