import { z } from 'zod'
import {
  BundlePathSchema,
  IdSchema,
  MoneySchema,
  NonNegativeQuantitySchema,
  PercentSchema,
  PhotoCategorySchema,
  TimestampSchema,
  UuidSchema,
} from './primitives'

/** The closeout document, `closeout/v1` (spec/shared-folder-v1.md section 3). */
const text = (max: number) => z.string().max(max, `must be at most ${max} characters`)

export const LaborLineSchema = z.object({
  role: text(64).min(1, 'must not be empty'),
  hours: NonNegativeQuantitySchema,
  billable: z.boolean().default(true),
  overtime: z.boolean().default(false),
  description: text(500).optional(),
})

export const PartLineSchema = z.object({
  sku: text(64).optional(),
  description: text(500).min(1, 'must not be empty'),
  quantity: NonNegativeQuantitySchema,
  unitPrice: MoneySchema.optional(),
})

export const AdjustmentSchema = z.object({
  kind: text(64).min(1, 'must not be empty'),
  description: text(500).min(1, 'must not be empty'),
  amount: MoneySchema,
})

export const DiscountSchema = z
  .object({
    percent: PercentSchema.optional(),
    /** v1.1: never negative (a surcharge is an adjustment, not a negative discount). */
    amount: MoneySchema.refine(
      (v) => !v.startsWith('-'),
      'a discount is never negative (v1.1); a surcharge is an adjustment',
    ).optional(),
    reason: text(500).min(1, 'a discount needs a reason'),
  })
  .refine((d) => (d.percent === undefined) !== (d.amount === undefined), {
    message: 'give either percent or amount, not both and not neither',
  })

export const AttachmentRefSchema = z.object({
  file: BundlePathSchema,
  category: PhotoCategorySchema,
  takenAt: TimestampSchema.optional(),
  caption: text(500).optional(),
})

export const SignatureSchema = z.object({
  file: BundlePathSchema,
  signerName: text(200).min(1, 'must not be empty'),
  signedAt: TimestampSchema.optional(),
})

export const ExceptionSchema = z.object({
  kind: text(64).min(1, 'must not be empty'),
  reason: text(1000),
})

export const JobRefSchema = z.union([
  z.object({ id: IdSchema }),
  z.object({
    new: z.object({
      customerName: text(200).min(1, 'must not be empty'),
      siteAddress: text(500).min(1, 'must not be empty'),
      jobType: IdSchema,
    }),
  }),
])

export const CloseoutSchema = z.object({
  schema: z.literal('closeout/v1'),
  submissionId: UuidSchema,
  supersedes: UuidSchema.nullable().optional(),
  job: JobRefSchema,
  technician: z.object({ id: IdSchema, name: text(200).optional() }),
  startedAt: TimestampSchema.optional(),
  completedAt: TimestampSchema,
  location: z
    .object({
      lat: z.number().min(-90).max(90),
      lon: z.number().min(-180).max(180),
      accuracyM: z.number().min(0).optional(),
    })
    .optional(),
  workPerformed: z.object({
    tasks: z.array(text(500)).max(200).default([]),
    notes: text(10_000).default(''),
  }),
  labor: z.array(LaborLineSchema).max(200),
  parts: z.array(PartLineSchema).max(500),
  adjustments: z.array(AdjustmentSchema).max(100).default([]),
  discount: DiscountSchema.nullable().optional(),
  serialNumbers: z.array(text(100).min(1)).max(100).default([]),
  warrantyClaim: z.boolean().default(false),
  attachments: z.array(AttachmentRefSchema).max(63),
  signature: SignatureSchema.nullable().optional(),
  exceptions: z.array(ExceptionSchema).max(20).default([]),
  device: z
    .object({ app: text(100), version: text(50) })
    .partial()
    .optional(),
})

export type Closeout = z.infer<typeof CloseoutSchema>
export type CloseoutInput = z.input<typeof CloseoutSchema>
export type LaborLine = z.infer<typeof LaborLineSchema>
export type PartLine = z.infer<typeof PartLineSchema>

/** Every bundle path the document names (attachments and signature), in document order. */
export function namedFiles(doc: Closeout): string[] {
  const files = doc.attachments.map((a) => a.file)
  if (doc.signature) files.push(doc.signature.file)
  return files
}
