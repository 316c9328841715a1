import { z } from 'zod'
import { JobStatusSchema, Sha256Schema, TimestampSchema, UuidSchema, BundlePathSchema } from './primitives'

/** `closeout-manifest/v1`: written last, names every other file with its size and SHA-256. */
export const ManifestSchema = z.object({
  schema: z.literal('closeout-manifest/v1'),
  submissionId: UuidSchema,
  createdAt: TimestampSchema,
  files: z
    .array(
      z.object({
        path: BundlePathSchema,
        size: z
          .number()
          .int()
          .min(0)
          .max(25 * 1024 * 1024, 'a file may be at most 25 MiB'),
        sha256: Sha256Schema,
      }),
    )
    .min(1, 'must list at least closeout.json')
    .max(65, 'a bundle may hold at most 64 files besides the manifest'),
})
export type Manifest = z.infer<typeof ManifestSchema>

export const FindingSeveritySchema = z.enum(['block', 'approval', 'info'])

export const FindingSchema = z.object({
  code: z.string(),
  severity: FindingSeveritySchema,
  message: z.string(),
  path: z.string().optional(),
})
export type Finding = z.infer<typeof FindingSchema>

/** `closeout-receipt/v1`, office -> field (spec section 5). */
export const ReceiptSchema = z.object({
  schema: z.literal('closeout-receipt/v1'),
  submissionId: UuidSchema,
  jobId: z.string().nullable(),
  receivedAt: TimestampSchema,
  updatedAt: TimestampSchema,
  status: z.union([JobStatusSchema, z.literal('duplicate'), z.literal('rejected')]),
  findings: z.array(FindingSchema.omit({ path: true }).extend({ path: z.string().optional() })),
  comment: z.string().nullable(),
  /**
   * v1.1: the invoice number once the job is exported (status `invoiced`). The shared folder's
   * only record of it: `closeout rebuild --from-archive` brings exported jobs back with it.
   */
  invoiceNumber: z.string().optional(),
})
export type Receipt = z.infer<typeof ReceiptSchema>

export const REJECTION_REASONS = [
  'not-a-bundle',
  'bad-manifest',
  'invalid-document',
  'id-mismatch',
  'unsafe-path',
  'too-large',
  'conflicting-resubmission',
] as const
export type RejectionReason = (typeof REJECTION_REASONS)[number]

/** `closeout-rejection/v1`, written as REJECTED.json beside a rejected bundle. */
export const RejectionSchema = z.object({
  schema: z.literal('closeout-rejection/v1'),
  reason: z.enum(REJECTION_REASONS),
  details: z.array(z.object({ path: z.string(), message: z.string() })),
  at: TimestampSchema,
})
export type Rejection = z.infer<typeof RejectionSchema>
