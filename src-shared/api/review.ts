import { z } from 'zod'
import { FindingSchema } from '../schemas/bundle'
import { IdSchema, JobStatusSchema } from '../schemas/primitives'

/**
 * The ways out of needs-review on the job screen (docs/rules.md "Needs review"): match a
 * closeout to the job it belongs to, create the job it names, or run the rules again once the
 * cause is fixed. Each answers with where the job stands now.
 */
const text = (max: number) => z.string().max(max, `must be at most ${max} characters`)

export const ReviewOutcomeSchema = z.object({
  /** The job that now holds the closeout. */
  jobId: z.string(),
  status: JobStatusSchema,
  findings: z.array(FindingSchema),
})
export type ReviewOutcome = z.infer<typeof ReviewOutcomeSchema>

export const MatchToJobInputSchema = z.strictObject({
  /** The job the closeout arrived under (one the office did not know). */
  jobId: IdSchema,
  /** The dispatched job it really belongs to, still waiting for its closeout. */
  toJobId: IdSchema,
})

export const CreateJobFromCloseoutInputSchema = z.strictObject({
  jobId: IdSchema,
  /** An existing customer, or a new one created with the job. */
  customer: z.union([
    z.strictObject({ id: IdSchema }),
    z.strictObject({
      name: text(200).trim().min(1, 'give the customer a name'),
      address: text(500).default(''),
      requiresSignature: z.boolean().default(false),
    }),
  ]),
  jobTypeId: IdSchema,
  siteAddress: text(500).trim().min(1, 'must not be empty'),
})
export type CreateJobFromCloseoutInput = z.output<typeof CreateJobFromCloseoutInputSchema>

/** The review.* methods; contract.ts spreads them in. */
export const reviewMethods = {
  /** Moves an unknown job's closeout to the dispatched job it belongs to; the rules run again there. */
  'review.matchToJob': { input: MatchToJobInputSchema, output: ReviewOutcomeSchema },
  /** Makes the job the closeout named a real job (customer picked or created, job type, site); the rules run. */
  'review.createJob': { input: CreateJobFromCloseoutInputSchema, output: ReviewOutcomeSchema },
  /** Runs the rules again on the job's closeout (after the price book, customer or job was fixed). */
  'review.reprocess': { input: z.strictObject({ jobId: IdSchema }), output: ReviewOutcomeSchema },
} as const
