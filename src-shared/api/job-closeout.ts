import { z } from 'zod'
import { FindingSchema } from '../schemas/bundle'

/** What the technician sent for a job, priced: the heart of the Job detail screen. */
export const CloseoutLineViewSchema = z.object({
  lineNo: z.number().int(),
  kind: z.enum(['labor', 'part', 'adjustment']),
  role: z.string().nullable(),
  sku: z.string().nullable(),
  description: z.string(),
  /** Decimal strings: quantity or hours, unit price, amount. */
  quantity: z.string(),
  unitPrice: z.string().nullable(),
  /** The rate the amount was priced at (the technician's price, else the price book's or the labor rate with any overtime); null when not a whole cent. */
  rate: z.string().nullable(),
  amountCents: z.number().int().nullable(),
  billable: z.boolean(),
  overtime: z.boolean(),
  taxable: z.boolean(),
  edited: z.boolean(),
  removed: z.boolean(),
})
export type CloseoutLineView = z.infer<typeof CloseoutLineViewSchema>

export const PhotoViewSchema = z.object({
  id: z.number().int(),
  category: z.enum(['before', 'after', 'serial-plate', 'other', 'signature']),
  file: z.string(),
  mime: z.string(),
  size: z.number().int(),
  takenAt: z.string().nullable(),
  caption: z.string().nullable(),
})
export type PhotoView = z.infer<typeof PhotoViewSchema>

export const JobCloseoutSchema = z.object({
  submissionId: z.string(),
  supersedes: z.string().nullable(),
  technicianId: z.string(),
  startedAt: z.string().nullable(),
  completedAt: z.string(),
  receivedAt: z.string(),
  tasks: z.array(z.string()),
  notes: z.string(),
  serialNumbers: z.array(z.string()),
  warrantyClaim: z.boolean(),
  lines: z.array(CloseoutLineViewSchema),
  discount: z
    .object({ percent: z.string().nullable(), amountCents: z.number().int().nullable(), reason: z.string() })
    .nullable(),
  totals: z.object({
    subtotalCents: z.number().int().nullable(),
    discountCents: z.number().int().nullable(),
    taxCents: z.number().int().nullable(),
    totalCents: z.number().int().nullable(),
  }),
  photos: z.array(PhotoViewSchema),
  signature: z
    .object({ attachmentId: z.number().int().nullable(), signerName: z.string(), signedAt: z.string().nullable() })
    .nullable(),
  noSignatureReason: z.string().nullable(),
  exceptions: z.array(z.object({ kind: z.string(), reason: z.string() })),
  /** The GPS fix the technician chose to add (never required): where the job was closed, at completedAt. */
  location: z.object({ lat: z.number(), lon: z.number(), accuracyM: z.number().nullable() }).nullable(),
  findings: z.array(FindingSchema),
  /** Earlier closeouts for the same job, oldest first (sent back and replaced). */
  history: z.array(z.object({ submissionId: z.string(), receivedAt: z.string() })),
})
export type JobCloseout = z.infer<typeof JobCloseoutSchema>

export const JobCloseoutAnswerSchema = z.object({
  closeout: JobCloseoutSchema.nullable(),
  /** The estimate priced at today's price book, for "estimate vs actual". */
  estimateCents: z.number().int().nullable(),
  notToExceedCents: z.number().int().nullable(),
  currency: z.string(),
})
export type JobCloseoutAnswer = z.infer<typeof JobCloseoutAnswerSchema>

export const JobCloseoutInputSchema = z.strictObject({
  jobId: z.string().min(1, 'must not be empty'),
  /** Leave out for the job's current closeout. */
  submissionId: z.string().optional(),
})
