import { z } from 'zod'
import { EmailAddressSchema } from './mail'
import {
  AddressSchema,
  ApprovalPolicySchema,
  CompanySchema,
  CustomerSchema,
  JobTypeSchema,
  TaxSchema,
  TechnicianSchema,
  USER_ROLES,
  UserSchema,
} from '../schemas/setup'

/** The Settings screen: one view of the office configuration, updated one section at a time. */

export const ACCOUNTING_SYSTEMS = ['qbo', 'xero', 'iif'] as const
/** QuickBooks Online, Xero, QuickBooks Desktop (IIF): the one list every system-keyed type derives from. */
export type AccountingSystem = (typeof ACCOUNTING_SYSTEMS)[number]
export const MAPPING_KINDS = ['item', 'labor', 'tax'] as const

export const AccountingMappingSchema = z.strictObject({
  kind: z.enum(MAPPING_KINDS),
  ref: z.string().min(1).max(64),
  qbo: z.string().max(100).default(''),
  xero: z.string().max(100).default(''),
  iif: z.string().max(100).default(''),
})

/**
 * A customer as Settings > Customers edits it: the address always in parts (setup v1.1), an
 * empty accounting name meaning "the customer's own name", and where packets go (empty: the
 * billing e-mail).
 */
export const SettingsCustomerSchema = CustomerSchema.extend({
  address: AddressSchema,
  accountingName: z.string().max(200, 'must be at most 200 characters').default(''),
  sendPacketsTo: z.array(EmailAddressSchema).max(20, 'at most 20 addresses').default([]),
})
export type SettingsCustomer = z.infer<typeof SettingsCustomerSchema>

const FolderSchema = z.string().min(1, 'choose a folder').max(1000)

/** The admin changing an admin-only section confirms with their own PIN. */
const confirmPin = z
  .string()
  .regex(/^\d{4,8}$/, 'enter your PIN (4 to 8 digits) to confirm')
  .optional()

/** Sections only an admin may change (users, roles, PINs, technicians, policy, and what guards them). */
export const ADMIN_SECTIONS = [
  'jobTypes',
  'approvalPolicy',
  'users',
  'technicians',
  'folders',
  'signIn',
  'secondSeat',
] as const
export const isAdminSection = (section: string): boolean => (ADMIN_SECTIONS as readonly string[]).includes(section)

export const SettingsUpdateSchema = z.discriminatedUnion('section', [
  z.strictObject({ section: z.literal('company'), company: CompanySchema }),
  z.strictObject({ section: z.literal('taxes'), taxes: z.array(TaxSchema.omit({ accountingName: true })).max(50) }),
  z.strictObject({ section: z.literal('jobTypes'), jobTypes: z.array(JobTypeSchema).max(100), confirmPin }),
  z.strictObject({ section: z.literal('approvalPolicy'), approvalPolicy: ApprovalPolicySchema, confirmPin }),
  /** A user or technician without `pin` keeps the PIN they have. */
  z.strictObject({ section: z.literal('users'), users: z.array(UserSchema).max(200), confirmPin }),
  z.strictObject({ section: z.literal('technicians'), technicians: z.array(TechnicianSchema).max(500), confirmPin }),
  /** The customers edited (upserted by id); customers left out are unchanged. */
  z.strictObject({ section: z.literal('customers'), customers: z.array(SettingsCustomerSchema).min(1).max(500) }),
  z.strictObject({ section: z.literal('accountingMappings'), mappings: z.array(AccountingMappingSchema).max(5000) }),
  z.strictObject({
    section: z.literal('folders'),
    sharedDir: FolderSchema.optional(),
    dataDir: FolderSchema.optional(),
    confirmPin,
  }),
  z.strictObject({
    section: z.literal('signIn'),
    /** Minutes without use before the office UI locks. */
    idleLockMinutes: z.number().int().min(1, 'must be at least 1 minute').max(480, 'must be at most 480 minutes'),
    confirmPin,
  }),
  /** The second seat: the office UI on the LAN, on its own port (never the technician form's). */
  z.strictObject({
    section: z.literal('secondSeat'),
    enabled: z.boolean(),
    port: z.number().int().min(1024, 'must be 1024 or more').max(65535, 'must be at most 65535'),
    confirmPin,
  }),
])
export type SettingsUpdate = z.input<typeof SettingsUpdateSchema>
export type SettingsSection = SettingsUpdate['section']

export const SettingsViewSchema = z.object({
  company: z.object({
    name: z.string(),
    address: z.string(),
    phone: z.string(),
    email: z.string(),
    currency: z.string(),
    paymentTermsDays: z.number(),
    nextInvoiceNumber: z.number(),
    invoicePrefix: z.string(),
    /** The system the office books into (null: none chosen); tax is computed its way. */
    accountingSystem: z.enum(ACCOUNTING_SYSTEMS).nullable(),
    /** The date an exported invoice carries: the export's day or the day the work was completed. */
    invoiceDate: z.enum(['export', 'completed']),
  }),
  customers: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      address: z.object({
        line1: z.string(),
        line2: z.string(),
        city: z.string(),
        region: z.string(),
        postalCode: z.string(),
        country: z.string(),
      }),
      email: z.string(),
      phone: z.string(),
      requiresSignature: z.boolean(),
      taxId: z.string().nullable(),
      accountingName: z.string(),
      sendPacketsTo: z.array(z.string()),
    }),
  ),
  taxes: z.array(z.object({ id: z.string(), name: z.string(), ratePercent: z.string() })),
  jobTypes: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      requiredPhotos: z.record(z.string(), z.number()),
      requireSerialNumber: z.boolean(),
      requireSignature: z.boolean(),
      laborHoursApprovalOver: z.string().nullable(),
    }),
  ),
  approvalPolicy: z.object({
    discountPercentOver: z.string(),
    overtimeHoursOver: z.string(),
    partsOverEstimatePercent: z.string(),
    signatureExceptionNeedsApproval: z.boolean(),
    warrantyNeedsApproval: z.boolean(),
    approverRoles: z.array(z.enum(USER_ROLES)),
    secondApprovalOver: z.string().nullable(),
    /** v1.1: every credit line needs approval (credit-needs-approval). */
    creditsNeedApproval: z.boolean(),
    /** v1.1: work before tax this many percent below the estimate needs approval (below-estimate). */
    belowEstimatePercent: z.string(),
  }),
  users: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      roles: z.array(z.enum(USER_ROLES)),
      active: z.boolean(),
      hasPin: z.boolean(),
      technicianId: z.string().nullable(),
    }),
  ),
  technicians: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      active: z.boolean(),
      email: z.string(),
      phone: z.string(),
      hasPin: z.boolean(),
      defaultLaborRole: z.string().nullable(),
    }),
  ),
  accountingMappings: z.array(
    z.object({
      kind: z.enum(MAPPING_KINDS),
      ref: z.string(),
      label: z.string(),
      qbo: z.string(),
      xero: z.string(),
      iif: z.string(),
    }),
  ),
  signIn: z.object({ idleLockMinutes: z.number().int() }),
  /** Off by default; the address and state are `lan.seatInfo`. */
  secondSeat: z.object({ enabled: z.boolean(), port: z.number().int() }),
  folders: z.object({
    dataDir: z.string(),
    sharedDir: z.string(),
    /** Folders chosen in Settings that take effect at the next start. */
    pendingDataDir: z.string().nullable(),
    pendingSharedDir: z.string().nullable(),
  }),
})
export type SettingsView = z.infer<typeof SettingsViewSchema>

/** Settings answers a folder change with what happens next. */
export const SettingsUpdateResultSchema = z.object({ settings: SettingsViewSchema, notice: z.string().nullable() })

/** The settings.* methods; contract.ts spreads them in. */
export const settingsMethods = {
  /** Company, taxes, invoice numbering, job types, approval policy, people, mappings, folders. */
  'settings.get': { input: z.strictObject({}).default({}), output: SettingsViewSchema },
  /** Saves one Settings section; PINs are hashed, folders checked (never inside a synced folder). */
  'settings.update': { input: SettingsUpdateSchema, output: SettingsUpdateResultSchema },
} as const
