import { z } from 'zod'
import { ExportSettingsSchema } from '../api/exports'
import { EmailAddressSchema, MailSettingsSchema } from '../api/mail'
import {
  IdSchema,
  MoneySchema,
  NonNegativeQuantitySchema,
  PercentSchema,
  PHOTO_CATEGORIES,
  PositiveMoneySchema,
  QuantitySchema,
  TimestampSchema,
  SkuSchema,
} from './primitives'

/**
 * `closeout-setup/v1` (spec/setup-file-v1.md). Every object is strict: an unknown field is an
 * error that names its path. PINs are accepted in plain text on import only; export writes
 * `pinHash` (scrypt) and never the PIN.
 */
const text = (max: number) => z.string().max(max, `must be at most ${max} characters`)
const name = text(200).min(1, 'must not be empty')

const PinSchema = z.string().regex(/^\d{4,8}$/, 'a PIN is 4 to 8 digits')
const PinHashSchema = z
  .string()
  .regex(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/, 'is not a Closeout PIN hash')

const notBoth = (v: { pin?: string | undefined; pinHash?: string | undefined }) =>
  !(v.pin !== undefined && v.pinHash !== undefined)
const notBothMessage = { message: 'give pin or pinHash, not both', path: ['pin'] }

export const AccountingItemSchema = z.strictObject({
  qbo: text(100).optional(),
  xero: text(100).optional(),
  iif: text(100).optional(),
})

export const CompanySchema = z.strictObject({
  name,
  address: text(500).default(''),
  phone: text(50).default(''),
  email: text(200).default(''),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be a 3-letter currency code like USD')
    .default('USD'),
  paymentTermsDays: z.number().int().min(0).max(365).default(30),
  nextInvoiceNumber: z.number().int().min(1).max(999_999_999).default(1001),
  invoicePrefix: z
    .string()
    .regex(/^[A-Za-z0-9-]{0,6}$/, 'at most 6 letters, digits or "-"')
    .default('INV-'),
  /** v1.1: the system the office books into; Closeout computes tax and rounding its way. Absent: unchanged. */
  accountingSystem: z.enum(['qbo', 'xero', 'iif']).nullable().optional(),
  /** v1.1: the date an exported invoice carries. Absent: unchanged (a new office: "export"). */
  invoiceDate: z.enum(['export', 'completed']).optional(),
})

export const TaxSchema = z.strictObject({
  id: IdSchema,
  name,
  ratePercent: PercentSchema,
  accountingName: AccountingItemSchema.optional(),
})

export const USER_ROLES = ['billing', 'supervisor', 'admin'] as const

export const UserSchema = z
  .strictObject({
    id: IdSchema,
    name,
    roles: z.array(z.enum(USER_ROLES)).min(1, 'a user needs at least one role'),
    active: z.boolean().default(true),
    /** v1.1: the technician record this user works as; they may not approve that technician's work. */
    technicianId: IdSchema.nullable().optional(),
    pin: PinSchema.optional(),
    pinHash: PinHashSchema.optional(),
  })
  .refine(notBoth, notBothMessage)

export const TechnicianSchema = z
  .strictObject({
    id: IdSchema,
    name,
    active: z.boolean().default(true),
    email: text(200).optional(),
    phone: text(50).optional(),
    pin: PinSchema.optional(),
    pinHash: PinHashSchema.optional(),
    /** v1.1: the labor role new labor lines start with on the phone (null clears it). */
    defaultLaborRole: IdSchema.nullable().optional(),
  })
  .refine(notBoth, notBothMessage)

/** v1.1: an address in the parts accounting systems want apart. */
export const AddressSchema = z.strictObject({
  line1: text(200).default(''),
  line2: text(200).default(''),
  city: text(100).default(''),
  region: text(100).default(''),
  postalCode: text(20).default(''),
  country: text(100).default(''),
})
export type Address = z.infer<typeof AddressSchema>

/** "1420 W Fullerton Ave, Suite 200, Chicago, IL 60614, USA": the one-line form screens show. */
export function addressLine(a: Address): string {
  const cityLine = [a.city, [a.region, a.postalCode].filter(Boolean).join(' ')].filter(Boolean).join(', ')
  return [a.line1, a.line2, cityLine, a.country].filter(Boolean).join(', ')
}

export const CustomerSchema = z.strictObject({
  id: IdSchema,
  name,
  /** One line (kept as line 1) or, v1.1, the parts. */
  address: z.union([text(500), AddressSchema]).default(''),
  email: text(200).default(''),
  phone: text(50).default(''),
  requiresSignature: z.boolean().default(false),
  taxId: IdSchema.nullable().default(null),
  accountingName: text(200).optional(),
  /** v1.1: where invoice packets go (default: `email`). Absent: unchanged. */
  sendPacketsTo: z.array(EmailAddressSchema).max(20, 'at most 20 addresses').optional(),
})

export const PriceBookItemSchema = z.strictObject({
  sku: SkuSchema,
  description: text(500).min(1, 'must not be empty'),
  unitPrice: PositiveMoneySchema,
  taxable: z.boolean().default(true),
  accountingItem: AccountingItemSchema.default({}),
})

export const LaborRateSchema = z.strictObject({
  role: IdSchema,
  name: text(100).optional(),
  rate: PositiveMoneySchema,
  overtimeMultiplier: NonNegativeQuantitySchema.default('1.5'),
  taxable: z.boolean().default(false),
  accountingItem: AccountingItemSchema.default({}),
})

const photoCounts = z.partialRecord(z.enum(PHOTO_CATEGORIES), z.number().int().min(0).max(20)).default({})

export const JobTypeSchema = z.strictObject({
  id: IdSchema,
  name,
  requiredPhotos: photoCounts,
  requireSerialNumber: z.boolean().default(false),
  requireSignature: z.boolean().default(false),
  laborHoursApprovalOver: NonNegativeQuantitySchema.nullable().optional(),
})

export const ApprovalPolicySchema = z.strictObject({
  discountPercentOver: PercentSchema.default('10'),
  overtimeHoursOver: NonNegativeQuantitySchema.default('2'),
  partsOverEstimatePercent: PercentSchema.default('15'),
  signatureExceptionNeedsApproval: z.boolean().default(true),
  warrantyNeedsApproval: z.boolean().default(true),
  approverRoles: z.array(z.enum(USER_ROLES)).min(1).default(['supervisor']),
  secondApprovalOver: PositiveMoneySchema.nullable().optional(),
  /** v1.1 (default true): every credit line needs approval (credit-needs-approval). */
  creditsNeedApproval: z.boolean().optional(),
  /** v1.1 (default "50"): work before tax this many percent below the estimate needs approval. */
  belowEstimatePercent: PercentSchema.optional(),
})

/**
 * v1.1 `accounting`: the names and settings an export needs that no other record holds, so one
 * file holds the whole office. `ref` is "discount", "rounding", an adjustment kind or "*".
 */
export const AccountingSectionSchema = z.strictObject({
  adjustments: z
    .array(
      z.strictObject({
        ref: z.string().trim().min(1, 'must not be empty').max(64, 'must be at most 64 characters'),
        qbo: text(100).optional(),
        xero: text(100).optional(),
        iif: text(100).optional(),
      }),
    )
    .max(500)
    .optional(),
  /** Parts without a price-book entry (no SKU, or a SKU the price book lacks). */
  defaultPart: AccountingItemSchema.optional(),
  exportSettings: ExportSettingsSchema.optional(),
})

export const EstimateLineSchema = z.union([
  z.strictObject({
    sku: SkuSchema,
    quantity: NonNegativeQuantitySchema,
    description: text(500).optional(),
    unitPrice: MoneySchema.optional(),
  }),
  z.strictObject({ role: IdSchema, hours: NonNegativeQuantitySchema }),
])

export const SetupJobSchema = z.strictObject({
  id: IdSchema,
  customerId: IdSchema,
  siteAddress: text(500).min(1, 'must not be empty'),
  jobTypeId: IdSchema,
  technicianId: IdSchema.nullable().optional(),
  scheduledFor: TimestampSchema.nullable().optional(),
  poNumber: text(50).nullable().optional(),
  notToExceed: PositiveMoneySchema.nullable().optional(),
  description: text(2000).optional(),
  estimate: z.array(EstimateLineSchema).max(200).default([]),
})

export const SetupSchema = z
  .strictObject({
    schema: z.literal('closeout-setup/v1'),
    company: CompanySchema,
    taxes: z.array(TaxSchema).default([]),
    users: z.array(UserSchema).default([]),
    technicians: z.array(TechnicianSchema).default([]),
    customers: z.array(CustomerSchema).default([]),
    priceBook: z.array(PriceBookItemSchema).default([]),
    laborRates: z.array(LaborRateSchema).default([]),
    jobTypes: z.array(JobTypeSchema).default([]),
    approvalPolicy: ApprovalPolicySchema.default({
      discountPercentOver: '10',
      overtimeHoursOver: '2',
      partsOverEstimatePercent: '15',
      signatureExceptionNeedsApproval: true,
      warrantyNeedsApproval: true,
      approverRoles: ['supervisor'],
    }),
    jobs: z.array(SetupJobSchema).default([]),
    accounting: AccountingSectionSchema.optional(),
    /** v1.1: how packets reach customers (never a password). Absent: unchanged. */
    mail: MailSettingsSchema.optional(),
  })
  .superRefine((doc, ctx) => {
    const unique = <T>(list: T[], key: (t: T) => string, field: string, what: string) => {
      const seen = new Set<string>()
      list.forEach((item, i) => {
        const k = key(item)
        if (seen.has(k)) ctx.addIssue({ code: 'custom', path: [field, i], message: `duplicate ${what} "${k}"` })
        seen.add(k)
      })
    }
    unique(doc.taxes, (t) => t.id, 'taxes', 'tax id')
    unique(doc.users, (t) => t.id, 'users', 'user id')
    unique(doc.technicians, (t) => t.id, 'technicians', 'technician id')
    unique(doc.customers, (t) => t.id, 'customers', 'customer id')
    unique(doc.priceBook, (t) => t.sku, 'priceBook', 'SKU')
    unique(doc.laborRates, (t) => t.role, 'laborRates', 'labor role')
    unique(doc.jobTypes, (t) => t.id, 'jobTypes', 'job type id')
    unique(doc.jobs, (t) => t.id, 'jobs', 'job id')
    unique(doc.accounting?.adjustments ?? [], (t) => t.ref, 'accounting.adjustments', 'adjustment')
  })

export type Setup = z.infer<typeof SetupSchema>

/** Ids already in the office's database; a setup file may refer to them without repeating them. */
export interface KnownIds {
  taxes: ReadonlySet<string>
  customers: ReadonlySet<string>
  jobTypes: ReadonlySet<string>
  technicians: ReadonlySet<string>
  skus: ReadonlySet<string>
  roles: ReadonlySet<string>
}

/**
 * Cross-references (a job's customer, a customer's tax, an estimate's SKU or role) must name a
 * record in the file or already in the office. Returns one problem per broken reference.
 */
export function checkSetupReferences(doc: Setup, known: KnownIds): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = []
  const add = (path: (string | number)[], message: string) =>
    problems.push({ path: path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${p}` : p)).join(''), message })
  const union = (a: ReadonlySet<string>, b: string[]) => new Set([...a, ...b])
  const taxes = union(
    known.taxes,
    doc.taxes.map((t) => t.id),
  )
  doc.customers.forEach((c, i) => {
    if (c.taxId && !taxes.has(c.taxId)) add(['customers', i, 'taxId'], `customer ${c.id}: unknown tax "${c.taxId}"`)
  })
  const customers = union(
    known.customers,
    doc.customers.map((c) => c.id),
  )
  const jobTypes = union(
    known.jobTypes,
    doc.jobTypes.map((t) => t.id),
  )
  const techs = union(
    known.technicians,
    doc.technicians.map((t) => t.id),
  )
  const skus = union(
    known.skus,
    doc.priceBook.map((p) => p.sku),
  )
  const roles = union(
    known.roles,
    doc.laborRates.map((r) => r.role),
  )
  doc.technicians.forEach((t, i) => {
    if (t.defaultLaborRole && !roles.has(t.defaultLaborRole))
      add(['technicians', i, 'defaultLaborRole'], `technician ${t.id}: unknown labor role "${t.defaultLaborRole}"`)
  })
  doc.users.forEach((u, i) => {
    if (u.technicianId && !techs.has(u.technicianId))
      add(['users', i, 'technicianId'], `user ${u.id}: unknown technician "${u.technicianId}"`)
  })
  doc.jobs.forEach((j, i) => {
    if (!customers.has(j.customerId)) add(['jobs', i, 'customerId'], `job ${j.id}: unknown customer "${j.customerId}"`)
    if (!jobTypes.has(j.jobTypeId)) add(['jobs', i, 'jobTypeId'], `job ${j.id}: unknown job type "${j.jobTypeId}"`)
    if (j.technicianId && !techs.has(j.technicianId))
      add(['jobs', i, 'technicianId'], `job ${j.id}: unknown technician "${j.technicianId}"`)
    j.estimate.forEach((line, k) => {
      if ('sku' in line && !skus.has(line.sku) && line.unitPrice === undefined)
        add(['jobs', i, 'estimate', k, 'sku'], `job ${j.id}: SKU "${line.sku}" is not in the price book`)
      if ('role' in line && !roles.has(line.role))
        add(['jobs', i, 'estimate', k, 'role'], `job ${j.id}: no labor rate for role "${line.role}"`)
    })
  })
  return problems
}
export type SetupInput = z.input<typeof SetupSchema>
export { QuantitySchema }
