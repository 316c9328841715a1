import type { SettingsView } from '../../../src-shared/api/settings'
import type { EngineDb } from '../db/engine-db'
import type { Office } from '../office'
import { exportSetup } from '../setup/setup-export'
import { idleLockMinutesAsync } from '../auth/office-sessions'
import { readSecondSeatAsync } from '../network/second-seat'
import { accountingMappingsView } from './accounting-mappings.repo'
import { locationsFile, readLocations } from './folders'
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import { seatSharedDir } from '../seat'
import { readSavedSharedDir } from './settings-store'
import { AddressSchema, type SetupInput } from '../../../src-shared/schemas/setup'

/** What the Settings screen's own sections need: the office on either engine, and this PC's folders. */
export type SettingsOffice = EngineDb & Pick<Office, 'dataDir' | 'sharedDir'>

type OwnSections = Pick<SettingsView, 'signIn' | 'secondSeat' | 'accountingMappings' | 'folders'>

/**
 * The sections Settings keeps itself (not the setup document's): sign-in, the second seat, the
 * accounting names and the folders, read on either engine. The locations file is this PC's.
 */
export async function loadOwnSections(office: SettingsOffice, locations = locationsFile()): Promise<OwnSections> {
  const pendingShared = await savedSharedDir(office)
  const pendingData = readLocations(locations).dataDir ?? null
  return {
    signIn: { idleLockMinutes: await idleLockMinutesAsync(office) },
    secondSeat: await readSecondSeatAsync(office),
    accountingMappings: await accountingMappingsView(office),
    folders: foldersSection(office, pendingShared, pendingData),
  }
}

/**
 * The shared folder saved for this PC's next start (resolveSharedDir reads it so): on SQLite in
 * the office's own file (read in `db`, a transaction's when given); on PostgreSQL in this PC's
 * seat file, since the database is every seat's.
 */
export async function savedSharedDir(office: SettingsOffice, db: Kysely<Database> = office.db): Promise<string | null> {
  return office.engine === 'postgres' ? seatSharedDir(office.dataDir) : readSavedSharedDir({ db })
}

/** Settings > Folders: the folders in use and the ones saved for the next start (where they differ). */
export function foldersSection(
  office: Pick<Office, 'dataDir' | 'sharedDir'>,
  pendingShared: string | null,
  pendingData: string | null,
): SettingsView['folders'] {
  return {
    dataDir: office.dataDir,
    sharedDir: office.sharedDir,
    pendingDataDir: pendingData && pendingData !== office.dataDir ? pendingData : null,
    pendingSharedDir: pendingShared && pendingShared !== office.sharedDir ? pendingShared : null,
  }
}

/** The Settings screen's view: the setup document without PIN hashes, plus mappings and folders. */
export async function loadSettings(office: SettingsOffice, locations = locationsFile()): Promise<SettingsView> {
  const setup = await loadSetupSections(office)
  return { ...setup, ...(await loadOwnSections(office, locations)) }
}

/** The sections saved through the setup importer, as the screen shows them (inside a transaction too: `{ ...edb, db: trx }`). */
export async function loadSetupSections(edb: EngineDb): Promise<SetupSections> {
  return setupSections(await exportSetup(edb, { withJobs: false }))
}

export type SetupSections = Omit<SettingsView, keyof OwnSections>

function setupSections(setup: SetupInput): SetupSections {
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
  }
}
