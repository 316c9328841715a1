import { z } from 'zod'
import { FindingSchema } from '../schemas/bundle'
import { IdSchema, JobStatusSchema } from '../schemas/primitives'
import { DecisionOutputSchema, EditLinesInputSchema, EditLinesOutputSchema, VoidInputSchema } from './approvals'
import { JobCreateInputSchema, JobFormSchema, JobUpdateInputSchema } from './dispatch'
import { JobCloseoutAnswerSchema, JobCloseoutInputSchema } from './job-closeout'
import { DisputeInputSchema, DisputeOutputSchema } from './metrics'

export const JobSummarySchema = z.object({
  id: z.string(),
  status: JobStatusSchema,
  customerId: z.string().nullable(),
  customer: z.string().nullable(),
  siteAddress: z.string(),
  technicianId: z.string().nullable(),
  technician: z.string().nullable(),
  jobTypeId: z.string().nullable(),
  jobType: z.string().nullable(),
  scheduledFor: z.string().nullable(),
  poNumber: z.string().nullable(),
  invoiceNumber: z.string().nullable(),
  /** Decimal string ("1234.50") once priced, else null. */
  total: z.string().nullable(),
  totalCents: z.number().int().nullable(),
  submissionIds: z.array(z.string()),
  findings: z.array(FindingSchema),
  updatedAt: z.string(),
})
export type JobSummary = z.infer<typeof JobSummarySchema>

const DaySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day like 2026-11-25')

/** Inbox sort keys: when = scheduled time (or creation time for unscheduled jobs). */
export const JOB_SORTS = ['when', 'updated', 'job', 'customer', 'technician', 'total', 'status'] as const
export type JobSort = (typeof JOB_SORTS)[number]

export const JOB_LIST_TABS = [
  'attention',
  'needs-review',
  'needs-approval',
  'invoice-ready',
  'invoiced',
  'scheduled',
  'all',
] as const

/** What narrows the inbox: search words and filters (the tabs add a status on top). */
const jobFilterShape = {
  search: z.string().max(200).optional(),
  technicianId: IdSchema.optional(),
  customerId: IdSchema.optional(),
  jobTypeId: IdSchema.optional(),
  /** Scheduled (or created) on or after this day, YYYY-MM-DD. */
  dateFrom: DaySchema.optional(),
  /** Scheduled (or created) on or before this day, YYYY-MM-DD. */
  dateTo: DaySchema.optional(),
}

export const JobsListInputSchema = z
  .strictObject({
    /** 'attention': what needs a person now (see ATTENTION in docs/rules.md), oldest waiting first. */
    status: z.union([JobStatusSchema, z.literal('all'), z.literal('attention')]).default('all'),
    ...jobFilterShape,
    sort: z.enum(JOB_SORTS).default('when'),
    direction: z.enum(['asc', 'desc']).default('desc'),
    limit: z.number().int().min(1).max(1000).default(200),
    offset: z.number().int().min(0).default(0),
    /** false: answer `counts: {}` and skip counting every status; the inbox asks jobs.counts right after, so rows paint first. */
    counts: z.boolean().default(true),
  })
  .default({ status: 'all', sort: 'when', direction: 'desc', limit: 200, offset: 0, counts: true })

/** Jobs per status tab (and `all`) for the same search and filters as jobs.list. */
export const JobsCountsInputSchema = z.strictObject(jobFilterShape).default({})
export const JobsCountsOutputSchema = z.record(z.string(), z.number().int())

export const JobsListOutputSchema = z.object({
  total: z.number().int(),
  counts: z.record(z.string(), z.number().int()),
  jobs: z.array(JobSummarySchema),
})

export const JobEventSchema = z.object({
  id: z.number().int(),
  at: z.string(),
  type: z.string(),
  actor: z.string(),
  /** Who that is, in words: a technician's or user's name, else "Closeout". */
  actorName: z.string(),
  data: z.record(z.string(), z.unknown()),
  hash: z.string(),
})

export const EstimateLineViewSchema = z.object({
  kind: z.enum(['part', 'labor']),
  sku: z.string().nullable(),
  role: z.string().nullable(),
  description: z.string(),
  quantity: z.string(),
})

export const JobDetailSchema = JobSummarySchema.extend({
  description: z.string(),
  notToExceed: z.string().nullable(),
  estimate: z.array(EstimateLineViewSchema),
  events: z.array(JobEventSchema),
})
export type JobDetail = z.infer<typeof JobDetailSchema>

const JobIdInput = z.strictObject({ id: z.string().min(1, 'must not be empty') })

/** The jobs.* methods; contract.ts spreads them in. */
export const jobsMethods = {
  /** Jobs for the inbox: filtered, searched, paged, with counts per status. */
  'jobs.list': { input: JobsListInputSchema, output: JobsListOutputSchema },
  /** Jobs per status tab for a search and filters (the inbox asks after jobs.list, so rows paint first). */
  'jobs.counts': { input: JobsCountsInputSchema, output: JobsCountsOutputSchema },
  /** One job with its estimate and event timeline. */
  'jobs.get': { input: JobIdInput, output: JobDetailSchema },
  /** A new scheduled job (Dispatch); answers with its id. */
  'jobs.create': { input: JobCreateInputSchema, output: z.object({ id: z.string() }) },
  /** Changes a job's dispatch fields; after a closeout only PO, not-to-exceed and notes. */
  'jobs.update': { input: JobUpdateInputSchema, output: JobFormSchema },
  /** A job's dispatch fields for the edit form, and whether they may still change. */
  'jobs.form': { input: JobIdInput, output: JobFormSchema },
  /** The job's closeout: priced lines, totals, photos, signature, findings; estimate vs actual. */
  'jobs.closeout': { input: JobCloseoutInputSchema, output: JobCloseoutAnswerSchema },
  /** Office edits of a closeout's lines; the rules run again. Each edit is a back-office touch. */
  'jobs.editLines': { input: EditLinesInputSchema, output: EditLinesOutputSchema },
  /** Void a job with a reason. */
  'jobs.void': { input: VoidInputSchema, output: DecisionOutputSchema },
  /** Mark an invoiced job disputed by the customer, with the reason (counts in the dispute rate). */
  'jobs.dispute': { input: DisputeInputSchema, output: DisputeOutputSchema },
} as const
