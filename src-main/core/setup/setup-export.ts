import { formatMilli, formatMoney } from '../../../src-shared/domain/money'
import type { SetupInput } from '../../../src-shared/schemas/setup'
import type { Office } from '../office'
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
  const { sqlite } = office
  const rows = <T>(sqlText: string, ...params: unknown[]) => sqlite.prepare(sqlText).all(...params) as T[]
  const company = sqlite.prepare('SELECT * FROM company WHERE id = 1').get() as
    | {
        name: string
        address: string
        phone: string
        email: string
        currency: string
        payment_terms_days: number
        next_invoice_number: number
        invoice_prefix: string
      }
    | undefined
  if (!company) throw new CloseoutError('not-set-up', 'This data folder has no company yet: import a setup file first')

  const mappings = new Map<string, Partial<Record<System, string>>>()
  for (const m of rows<{ kind: string; ref: string; system: System; name: string }>(
    'SELECT * FROM accounting_mappings ORDER BY kind, ref, system',
  )) {
    const key = `${m.kind}:${m.ref}`
    mappings.set(key, { ...mappings.get(key), [m.system]: m.name })
  }
  const mapping = (kind: string, ref: string) => mappings.get(`${kind}:${ref}`) ?? {}

  const policy = sqlite.prepare('SELECT * FROM approval_policy WHERE id = 1').get() as
    | {
        discount_percent_over_milli: number
        overtime_hours_over_milli: number
        parts_over_estimate_percent_milli: number
        signature_exception_needs_approval: number
        warranty_needs_approval: number
        approver_roles_json: string
        second_approval_over_cents: number | null
      }
    | undefined

  const estimateByJob = new Map<string, NonNullable<SetupInput['jobs']>[number]['estimate']>()
  for (const e of rows<{
    job_id: string
    kind: string
    sku: string | null
    role: string | null
    description: string | null
    quantity_milli: number
    unit_price_cents: number | null
  }>(withJobs ? 'SELECT * FROM estimate_lines ORDER BY job_id, line_no' : 'SELECT * FROM estimate_lines WHERE 0')) {
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
    taxes: rows<{ id: string; name: string; rate_milli: number }>('SELECT * FROM taxes ORDER BY id').map((t) => {
      const acct = mapping('tax', t.id)
      return {
        id: t.id,
        name: t.name,
        ratePercent: formatMilli(t.rate_milli),
        ...(Object.keys(acct).length ? { accountingName: acct } : {}),
      }
    }),
    users: rows<{
      id: string
      name: string
      roles_json: string
      pin_hash: string | null
      active: number
      technician_id: string | null
    }>('SELECT * FROM users ORDER BY id').map((u) => ({
      id: u.id,
      name: u.name,
      roles: JSON.parse(u.roles_json),
      active: u.active === 1,
      ...(u.technician_id ? { technicianId: u.technician_id } : {}),
      ...pin(u.pin_hash),
    })),
    technicians: rows<{
      id: string
      name: string
      pin_hash: string | null
      active: number
      email: string | null
      phone: string | null
      default_labor_role: string | null
    }>('SELECT * FROM technicians ORDER BY id').map((t) => ({
      id: t.id,
      name: t.name,
      active: t.active === 1,
      ...(t.email != null ? { email: t.email } : {}),
      ...(t.phone != null ? { phone: t.phone } : {}),
      ...(t.default_labor_role != null ? { defaultLaborRole: t.default_labor_role } : {}),
      ...pin(t.pin_hash),
    })),
    customers: rows<{
      id: string
      name: string
      address: string
      email: string
      phone: string
      requires_signature: number
      tax_id: string | null
      accounting_name: string | null
      send_packets_to_json: string
      address_line1: string
      address_line2: string
      city: string
      region: string
      postal_code: string
      country: string
    }>('SELECT * FROM customers ORDER BY id').map((c) => ({
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
    priceBook: rows<{ sku: string; description: string; unit_price_cents: number; taxable: number }>(
      'SELECT * FROM price_book ORDER BY sku',
    ).map((p) => ({
      sku: p.sku,
      description: p.description,
      unitPrice: formatMoney(p.unit_price_cents),
      taxable: p.taxable === 1,
      accountingItem: mapping('item', p.sku),
    })),
    laborRates: rows<{
      role: string
      name: string | null
      rate_cents: number
      overtime_multiplier_milli: number
      taxable: number
    }>('SELECT * FROM labor_rates ORDER BY role').map((l) => ({
      role: l.role,
      ...(l.name != null ? { name: l.name } : {}),
      rate: formatMoney(l.rate_cents),
      overtimeMultiplier: formatMilli(l.overtime_multiplier_milli),
      taxable: l.taxable === 1,
      accountingItem: mapping('labor', l.role),
    })),
    jobTypes: rows<{
      id: string
      name: string
      required_photos_json: string
      require_serial_number: number
      require_signature: number
      labor_hours_approval_over_milli: number | null
    }>('SELECT * FROM job_types ORDER BY id').map((t) => ({
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
    jobs: rows<{
      id: string
      customer_id: string | null
      site_address: string
      job_type_id: string | null
      technician_id: string | null
      scheduled_for: string | null
      po_number: string | null
      not_to_exceed_cents: number | null
      description: string
    }>(
      `SELECT * FROM jobs WHERE origin = 'dispatch' AND customer_id IS NOT NULL AND job_type_id IS NOT NULL AND ${withJobs ? 1 : 0} ORDER BY id`,
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
