import type { SettingsView } from '../../../src-shared/api/settings'
import { all } from '../db/connection'
import type { Office } from '../office'
import { exportSetup } from '../setup/setup-export'
import { idleLockMinutes } from '../auth/office-sessions'
import { readSecondSeat } from '../network/second-seat'
import { locationsFile, readLocations } from './folders'
import { readSavedSharedDir } from './settings-store'
import type { AccountingSystem } from '../../../src-shared/api/settings'
import { AddressSchema } from '../../../src-shared/schemas/setup'

/** The Settings screen's view: the setup document without PIN hashes, plus mappings and folders. */
export function loadSettings(office: Office, locations = locationsFile()): SettingsView {
  const setup = exportSetup(office, { withJobs: false })
  const { sqlite } = office
  const mappings = all(sqlite, office.db.selectFrom('accounting_mappings').select(['kind', 'ref', 'system', 'name']))
  const named = new Map<string, Record<AccountingSystem, string>>()
  for (const m of mappings) {
    const key = `${m.kind}:${m.ref}`
    named.set(key, { ...(named.get(key) ?? { qbo: '', xero: '', iif: '' }), [m.system]: m.name })
  }
  const mapping = (kind: 'item' | 'labor' | 'tax', ref: string, label: string) => ({
    kind,
    ref,
    label,
    ...(named.get(`${kind}:${ref}`) ?? { qbo: '', xero: '', iif: '' }),
  })
  const pendingShared = readSavedSharedDir(sqlite)
  const pendingData = readLocations(locations).dataDir ?? null
  const policy = setup.approvalPolicy
  return {
    company: {
      name: setup.company.name,
      address: setup.company.address ?? '',
      phone: setup.company.phone ?? '',
      email: setup.company.email ?? '',
      currency: setup.company.currency ?? 'USD',
      paymentTermsDays: setup.company.paymentTermsDays ?? 30,
      nextInvoiceNumber: setup.company.nextInvoiceNumber ?? 1001,
      invoicePrefix: setup.company.invoicePrefix ?? 'INV-',
      accountingSystem: setup.company.accountingSystem ?? null,
      invoiceDate: setup.company.invoiceDate ?? 'export',
    },
    customers: (setup.customers ?? []).map((c) => ({
      id: c.id,
      name: c.name,
      // A one-line address is shown as line 1, as it is kept.
      address: AddressSchema.parse(typeof c.address === 'object' ? c.address : { line1: c.address ?? '' }),
      email: c.email ?? '',
      phone: c.phone ?? '',
      requiresSignature: c.requiresSignature ?? false,
      taxId: c.taxId ?? null,
      accountingName: c.accountingName ?? '',
      sendPacketsTo: c.sendPacketsTo ?? [],
    })),
    taxes: (setup.taxes ?? []).map((t) => ({ id: t.id, name: t.name, ratePercent: t.ratePercent })),
    jobTypes: (setup.jobTypes ?? []).map((t) => ({
      id: t.id,
      name: t.name,
      requiredPhotos: (t.requiredPhotos ?? {}) as Record<string, number>,
      requireSerialNumber: t.requireSerialNumber ?? false,
      requireSignature: t.requireSignature ?? false,
      laborHoursApprovalOver: t.laborHoursApprovalOver == null ? null : String(t.laborHoursApprovalOver),
    })),
    approvalPolicy: {
      discountPercentOver: policy?.discountPercentOver ?? '10',
      overtimeHoursOver: String(policy?.overtimeHoursOver ?? '2'),
      partsOverEstimatePercent: policy?.partsOverEstimatePercent ?? '15',
      signatureExceptionNeedsApproval: policy?.signatureExceptionNeedsApproval ?? true,
      warrantyNeedsApproval: policy?.warrantyNeedsApproval ?? true,
      approverRoles: policy?.approverRoles ?? ['supervisor'],
      secondApprovalOver: policy?.secondApprovalOver ?? null,
      creditsNeedApproval: policy?.creditsNeedApproval ?? true,
      belowEstimatePercent: policy?.belowEstimatePercent ?? '50',
    },
    users: (setup.users ?? []).map((u) => ({
      id: u.id,
      name: u.name,
      roles: u.roles,
      active: u.active ?? true,
      hasPin: Boolean(u.pinHash),
      technicianId: u.technicianId ?? null,
    })),
    technicians: (setup.technicians ?? []).map((t) => ({
      id: t.id,
      name: t.name,
      active: t.active ?? true,
      email: t.email ?? '',
      phone: t.phone ?? '',
      hasPin: Boolean(t.pinHash),
      defaultLaborRole: t.defaultLaborRole ?? null,
    })),
    signIn: { idleLockMinutes: idleLockMinutes(office) },
    secondSeat: readSecondSeat(office),
    accountingMappings: [
      ...(setup.priceBook ?? []).map((p) => mapping('item', p.sku, p.description)),
      ...(setup.laborRates ?? []).map((l) => mapping('labor', l.role, l.name ?? l.role)),
      ...(setup.taxes ?? []).map((t) => mapping('tax', t.id, t.name)),
    ],
    folders: {
      dataDir: office.dataDir,
      sharedDir: office.sharedDir,
      pendingDataDir: pendingData && pendingData !== office.dataDir ? pendingData : null,
      pendingSharedDir: pendingShared && pendingShared !== office.sharedDir ? pendingShared : null,
    },
  }
}
