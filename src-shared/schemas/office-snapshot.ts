import { z } from 'zod'
import type { TechJob, TechJobType, TechJobsAnswer, TechPriceBookItem } from '../api/lan'
import { PHOTO_CATEGORIES } from './primitives'
import { CloseoutSchema } from './closeout'

/**
 * Spec v1.1 `office/`: the read-only snapshot the office writes into the shared folder for form
 * servers that run without an office database (`closeout serve --lan-only`). Files and fields
 * are documented in docs/shared-folder.md. Readers validate every file with these schemas.
 */

const TimeSchema = z.iso.datetime({ offset: true, message: 'must be an RFC 3339 time' })
const IntSchema = z.number().int()

const RequirementsSchema = z.object({
  photos: z.partialRecord(z.enum(PHOTO_CATEGORIES), IntSchema.nonnegative()),
  serialNumber: z.boolean(),
  signature: z.boolean(),
})

const EstimateLineSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('part'), sku: z.string(), quantityMilli: IntSchema, unitPriceCents: IntSchema.nullish() }),
  z.object({ kind: z.literal('labor'), role: z.string(), hoursMilli: IntSchema }),
])

/** A sent-back closeout the office could not read back arrives as null, as it does from /api/jobs. */
const StoredCloseoutSchema = z.unknown().transform((value) => {
  const parsed = CloseoutSchema.safeParse(value)
  return parsed.success ? parsed.data : null
})

const TechJobSchema = z.object({
  id: z.string(),
  status: z.string(),
  customerId: z.string().nullable(),
  customer: z.string().nullable(),
  siteAddress: z.string(),
  jobTypeId: z.string().nullable(),
  jobType: z.string().nullable(),
  scheduledFor: z.string().nullable(),
  poNumber: z.string().nullable(),
  description: z.string(),
  notToExceed: z.string().nullable(),
  estimate: z.array(
    z.object({
      kind: z.enum(['part', 'labor']),
      sku: z.string().nullable(),
      role: z.string().nullable(),
      description: z.string(),
      quantity: z.string(),
      unitPrice: z.string().nullable(),
    }),
  ),
  requirements: RequirementsSchema,
  sentBack: z
    .object({
      submissionId: z.string(),
      comment: z.string().nullable(),
      closeout: StoredCloseoutSchema,
      findings: z.array(
        z.object({ code: z.string(), severity: z.enum(['block', 'approval', 'info']), message: z.string() }),
      ),
    })
    .nullable(),
  rules: z.object({
    job: z.object({
      id: z.string(),
      technicianId: z.string().nullish(),
      notToExceedCents: IntSchema.nullable(),
      estimate: z.array(EstimateLineSchema).readonly(),
    }),
    customer: z.object({ id: z.string(), name: z.string(), requiresSignature: z.boolean() }).nullable(),
    taxRateMilli: IntSchema.nullable(),
  }),
})

const PriceBookItemSchema = z.object({
  sku: z.string(),
  description: z.string(),
  unitPrice: z.string(),
  unitPriceCents: IntSchema,
  taxable: z.boolean(),
})

/** `office/technicians.json`: who may sign in on the form, with the office's scrypt PIN hashes. */
export const OfficeTechniciansSchema = z.object({
  schema: z.literal('closeout-office-technicians/v1'),
  updatedAt: TimeSchema,
  technicians: z.array(
    z.object({
      id: z.string().min(1),
      name: z.string(),
      pinHash: z
        .string()
        .regex(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/, 'must be a scrypt PIN hash'),
      // Absent in a snapshot from an office before it: the phone then goes by the estimate.
      defaultLaborRole: z.string().nullable().default(null),
    }),
  ),
})
export type OfficeTechnicians = z.infer<typeof OfficeTechniciansSchema>

/** `office/jobs.json`: each technician's open jobs, exactly as `GET /api/jobs` lists them. */
export const OfficeJobsSchema = z.object({
  schema: z.literal('closeout-office-jobs/v1'),
  updatedAt: TimeSchema,
  byTechnician: z.record(z.string(), z.array(TechJobSchema)),
})
export type OfficeJobs = z.infer<typeof OfficeJobsSchema>

/** `office/job-types.json`: job types and the office-wide rules the phone's checklist uses. */
export const OfficeJobTypesSchema = z.object({
  schema: z.literal('closeout-office-job-types/v1'),
  updatedAt: TimeSchema,
  jobTypes: z.array(z.object({ id: z.string(), name: z.string(), requirements: RequirementsSchema })),
  laborRoles: z.array(z.object({ role: z.string(), name: z.string() })),
  rules: z.object({
    policy: z.object({
      discountPercentOverMilli: IntSchema,
      overtimeHoursOverMilli: IntSchema,
      partsOverEstimatePercentMilli: IntSchema,
      signatureExceptionNeedsApproval: z.boolean(),
      warrantyNeedsApproval: z.boolean(),
      creditsNeedApproval: z.boolean().optional(),
      belowEstimatePercentMilli: IntSchema.nullish(),
    }),
    laborRates: z.array(
      z.object({
        role: z.string(),
        name: z.string().nullish(),
        rateCents: IntSchema,
        overtimeMultiplierMilli: IntSchema,
        taxable: z.boolean(),
      }),
    ),
    jobTypes: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        requiredPhotos: z.partialRecord(z.enum(PHOTO_CATEGORIES), IntSchema.nonnegative()),
        requireSerialNumber: z.boolean(),
        requireSignature: z.boolean(),
        laborHoursApprovalOverMilli: IntSchema.nullable(),
      }),
    ),
  }),
})
export type OfficeJobTypes = z.infer<typeof OfficeJobTypesSchema>

/** `office/price-book.json`: the whole price book, ordered by description (the form searches it). */
export const OfficePriceBookSchema = z.object({
  schema: z.literal('closeout-office-price-book/v1'),
  updatedAt: TimeSchema,
  items: z.array(PriceBookItemSchema),
})
export type OfficePriceBook = z.infer<typeof OfficePriceBookSchema>

/** The parts of `GET /api/jobs` that are the same for every technician. */
export type FormCatalog = Pick<TechJobsAnswer, 'jobTypes' | 'laborRoles'> & {
  rules: Omit<TechJobsAnswer['rules'], 'priceBook'>
}

// The schemas must describe what the API answers: a drift is a compile error here.
type Assignable<T, U extends T> = U
export type SnapshotTypesMatch = [
  Assignable<TechJob, z.infer<typeof TechJobSchema>>,
  Assignable<TechJobType, OfficeJobTypes['jobTypes'][number]>,
  Assignable<TechPriceBookItem, z.infer<typeof PriceBookItemSchema>>,
  Assignable<FormCatalog, Omit<OfficeJobTypes, 'schema' | 'updatedAt'>>,
]
