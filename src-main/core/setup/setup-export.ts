import { formatMilli, formatMoney } from '../../../src-shared/domain/money'
import type { SetupInput } from '../../../src-shared/schemas/setup'
import type { Office } from '../office'
import { all, first } from '../db/connection'
import { addressForSetup } from '../db/customer-address'
import { CloseoutError } from '../errors'
import { hasMailSettings, readMailSettings } from '../mail/mail-settings'
import { readExportSettings } from '../settings/export-settings'
import { readCompanyMoney, readMoneyPolicy } from '../settings/money-settings'
import type { AccountingSystem } from '../../../src-shared/api/settings'

type System = AccountingSystem

/**
 * The current configuration as a `closeout-setup/v1` document. Deterministic (sorted by id) so
 * export -> import into an empty data folder -> export gives the same document. PINs leave only
 * as their scrypt hash.
 */
export function exportSetup(office: Office, options: { withJobs?: boolean } = {}): SetupInput {
  const withJobs = options.withJobs ?? true
  const { sqlite, db } = office
  const company = first(sqlite, db.selectFrom('company').selectAll().where('id', '=', 1))
  if (!company) throw new CloseoutError('not-set-up', 'This data folder has no company yet: import a setup file first')

  const mappings = new Map<string, Partial<Record<System, string>>>()
  for (const m of all(
    sqlite,
    db.selectFrom('accounting_mappings').selectAll().orderBy('kind').orderBy('ref').orderBy('system'),
  )) {
    const key = `${m.kind}:${m.ref}`
    mappings.set(key, { ...mappings.get(key), [m.system as System]: m.name })
  }
  const mapping = (kind: string, ref: string) => mappings.get(`${kind}:${ref}`) ?? {}

  const policy = first(sqlite, db.selectFrom('approval_policy').selectAll().where('id', '=', 1))

  const estimateByJob = new Map<string, NonNullable<SetupInput['jobs']>[number]['estimate']>()
  const estimates = withJobs
    ? all(sqlite, db.selectFrom('estimate_lines').selectAll().orderBy('job_id').orderBy('line_no'))
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
  const money = readCompanyMoney(sqlite)
  const moneyPolicy = readMoneyPolicy(sqlite)
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
      nextInvoiceNumber: company.next_invoice_number,
      invoicePrefix: company.invoice_prefix,
      ...(money.accountingSystem !== null ? { accountingSystem: money.accountingSystem } : {}),
      invoiceDate: money.invoiceDate,
    },
    taxes: all(sqlite, db.selectFrom('taxes').selectAll().orderBy('id')).map((t) => {
      const acct = mapping('tax', t.id)
      return {
        id: t.id,
        name: t.name,
        ratePercent: formatMilli(t.rate_milli),
        ...(Object.keys(acct).length ? { accountingName: acct } : {}),
      }
    }),
    users: all(sqlite, db.selectFrom('users').selectAll().orderBy('id')).map((u) => ({
      id: u.id,
      name: u.name,
      roles: JSON.parse(u.roles_json),
      active: u.active === 1,
      ...(u.technician_id ? { technicianId: u.technician_id } : {}),
      ...pin(u.pin_hash),
    })),
    technicians: all(sqlite, db.selectFrom('technicians').selectAll().orderBy('id')).map((t) => ({
      id: t.id,
      name: t.name,
      active: t.active === 1,
      ...(t.email != null ? { email: t.email } : {}),
      ...(t.phone != null ? { phone: t.phone } : {}),
      ...(t.default_labor_role != null ? { defaultLaborRole: t.default_labor_role } : {}),
      ...pin(t.pin_hash),
    })),
    customers: all(sqlite, db.selectFrom('customers').selectAll().orderBy('id')).map((c) => ({
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
    priceBook: all(sqlite, db.selectFrom('price_book').selectAll().orderBy('sku')).map((p) => ({
      sku: p.sku,
      description: p.description,
      unitPrice: formatMoney(p.unit_price_cents),
      taxable: p.taxable === 1,
      accountingItem: mapping('item', p.sku),
    })),
    laborRates: all(sqlite, db.selectFrom('labor_rates').selectAll().orderBy('role')).map((l) => ({
      role: l.role,
      ...(l.name != null ? { name: l.name } : {}),
      rate: formatMoney(l.rate_cents),
      overtimeMultiplier: formatMilli(l.overtime_multiplier_milli),
      taxable: l.taxable === 1,
      accountingItem: mapping('labor', l.role),
    })),
    jobTypes: all(sqlite, db.selectFrom('job_types').selectAll().orderBy('id')).map((t) => ({
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
      ? all(
          sqlite,
          db
            .selectFrom('jobs')
            .selectAll()
            .where('origin', '=', 'dispatch')
            .where('customer_id', 'is not', null)
            .where('job_type_id', 'is not', null)
            .orderBy('id'),
        )
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
      exportSettings: readExportSettings(office),
    },
    ...(hasMailSettings(sqlite) ? { mail: readMailSettings(sqlite) } : {}),
  }
}

function sendPacketsTo(json: string): { sendPacketsTo?: string[] } {
  const list = JSON.parse(json) as string[]
  return list.length ? { sendPacketsTo: list } : {}
}
