import { z } from 'zod'
import { FindingSchema } from '../schemas/bundle'
import { IdSchema, JobStatusSchema, MoneySchema, NonNegativeQuantitySchema, SkuSchema } from '../schemas/primitives'

/** The approval inbox, office edits and voids (docs/rules.md). Money is a decimal string. */
const PinSchema = z.string().regex(/^\d{4,8}$/, 'a PIN is 4 to 8 digits')
const text = (max: number) => z.string().max(max, `must be at most ${max} characters`)

/** Who decides: an office user's id and PIN (checked with a lockout after 5 wrong PINs). */
const Approver = { userId: IdSchema, pin: PinSchema }

export const LineEditSchema = z.discriminatedUnion('op', [
  z.strictObject({
    op: z.literal('update'),
    lineNo: z.number().int().min(1),
    quantity: NonNegativeQuantitySchema.optional(),
    /** null: back to the price book's price or the role's rate. */
    unitPrice: MoneySchema.nullable().optional(),
    description: text(500).min(1, 'must not be empty').optional(),
    billable: z.boolean().optional(),
    overtime: z.boolean().optional(),
  }),
  z.strictObject({ op: z.literal('remove'), lineNo: z.number().int().min(1) }),
  z.strictObject({
    op: z.literal('add'),
    kind: z.enum(['labor', 'part', 'adjustment']),
    description: text(500).min(1, 'must not be empty'),
    sku: SkuSchema.optional(),
    role: IdSchema.optional(),
    quantity: NonNegativeQuantitySchema.optional(),
    unitPrice: MoneySchema.optional(),
    billable: z.boolean().optional(),
    overtime: z.boolean().optional(),
    adjustmentKind: text(64).min(1).optional(),
  }),
])
export type LineEdit = z.infer<typeof LineEditSchema>

export const LineViewSchema = z.object({
  lineNo: z.number().int(),
  kind: z.enum(['labor', 'part', 'adjustment']),
  /** Where the line came from in the closeout ("parts[0]"), or "lines[N]" for office-added lines. */
  path: z.string(),
  description: z.string(),
  sku: z.string().nullable(),
  role: z.string().nullable(),
  quantity: z.string(),
  /** The unit price used (per hour for labor, before any overtime multiplier); null if unpriced. */
  unitPrice: z.string().nullable(),
  priceSource: z.enum(['closeout', 'price-book', 'labor-rate', 'none']),
  amount: z.string().nullable(),
  taxable: z.boolean(),
  billable: z.boolean(),
  overtime: z.boolean(),
  edited: z.boolean(),
})
export type LineView = z.infer<typeof LineViewSchema>

export const TotalsViewSchema = z.object({
  subtotal: z.string(),
  discount: z.string(),
  taxable: z.string(),
  tax: z.string(),
  total: z.string(),
})

/**
 * One card of the Approvals screen: why the job waits (the findings) and the amounts behind them
 * (totals, estimate vs actual). The closeout's lines are not listed here; the job screen fetches
 * them when the card is opened (jobs.closeout), so the list stays small with hundreds waiting.
 */
export const ApprovalItemSchema = z.object({
  jobId: z.string(),
  status: JobStatusSchema,
  customer: z.string().nullable(),
  siteAddress: z.string(),
  technicianId: z.string().nullable(),
  technician: z.string().nullable(),
  jobType: z.string().nullable(),
  submissionId: z.string(),
  completedAt: z.string(),
  receivedAt: z.string(),
  waitingSince: z.string(),
  /** Every finding; those with severity 'approval' are why the job is here. */
  findings: z.array(FindingSchema),
  totals: TotalsViewSchema,
  estimateVsActual: z.object({
    partsEstimate: z.string().nullable(),
    partsActual: z.string(),
    laborHoursEstimate: z.string().nullable(),
    laborHoursActual: z.string(),
    notToExceed: z.string().nullable(),
    total: z.string(),
  }),
  approvals: z.array(
    z.object({
      userId: z.string(),
      name: z.string(),
      level: z.number().int(),
      at: z.string(),
      comment: z.string().nullable(),
    }),
  ),
  levelsRequired: z.number().int(),
})
export type ApprovalItem = z.infer<typeof ApprovalItemSchema>

export const DecisionOutputSchema = z.object({
  jobId: z.string(),
  submissionId: z.string().nullable(),
  status: JobStatusSchema,
  level: z.number().int().optional(),
  levelsRequired: z.number().int().optional(),
})

export const ApprovalsListInputSchema = z.strictObject({ jobId: IdSchema.optional() }).default({})
export const ApproveInputSchema = z.strictObject({ jobId: IdSchema, ...Approver, comment: text(2000).optional() })
export const ApproveManyInputSchema = z.strictObject({
  jobIds: z
    .array(IdSchema)
    .min(1, 'choose at least one job')
    .max(200, 'approve at most 200 jobs at once')
    .superRefine((ids, ctx) => {
      const seen = new Set<string>()
      for (const id of ids) {
        if (seen.has(id)) ctx.addIssue({ code: 'custom', message: `${id} is listed twice` })
        seen.add(id)
      }
    }),
  ...Approver,
  comment: text(2000).optional(),
})
export const ApproveManyOutputSchema = z.object({
  /** One answer per job, in the order asked. */
  results: z.array(
    z.discriminatedUnion('ok', [
      z.object({
        jobId: z.string(),
        ok: z.literal(true),
        status: JobStatusSchema,
        level: z.number().int(),
        levelsRequired: z.number().int(),
      }),
      z.object({ jobId: z.string(), ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) }),
    ]),
  ),
})
export type ApproveManyOutput = z.infer<typeof ApproveManyOutputSchema>
export const SendBackInputSchema = z.strictObject({
  jobId: IdSchema,
  ...Approver,
  comment: text(2000).trim().min(1, 'say what the technician must fix'),
})
export const EditLinesInputSchema = z.strictObject({
  jobId: IdSchema,
  ...Approver,
  edits: z.array(LineEditSchema).min(1, 'give at least one edit').max(200),
})
export const EditLinesOutputSchema = DecisionOutputSchema.extend({
  edits: z.array(
    z.object({
      lineNo: z.number().int(),
      field: z.string(),
      from: z.union([z.string(), z.boolean(), z.null()]),
      to: z.union([z.string(), z.boolean(), z.null()]),
    }),
  ),
  findings: z.array(FindingSchema),
  totals: TotalsViewSchema,
  lines: z.array(LineViewSchema),
})
export const VoidInputSchema = z.strictObject({
  jobId: IdSchema,
  ...Approver,
  reason: text(1000).trim().min(1, 'say why the job is void'),
})

/** The approvals.* methods; contract.ts spreads them in. */
export const approvalsMethods = {
  /** Jobs waiting for approval, oldest first, with the findings that put them there and the amounts behind them (no lines: jobs.closeout). */
  'approvals.list': { input: ApprovalsListInputSchema, output: z.array(ApprovalItemSchema) },
  /** Approve (user id + PIN); a second approver is needed above the policy's amount. */
  'approvals.approve': { input: ApproveInputSchema, output: DecisionOutputSchema },
  /** Approve several jobs with one PIN: one approval event per job, an answer per job. */
  'approvals.approveMany': { input: ApproveManyInputSchema, output: ApproveManyOutputSchema },
  /** Send back to the technician with a comment (shown on their receipt). */
  'approvals.sendBack': { input: SendBackInputSchema, output: DecisionOutputSchema },
} as const
