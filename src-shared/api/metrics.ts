import { z } from 'zod'
import { JobStatusSchema } from '../schemas/primitives'

/**
 * The dashboard's figures (`metrics.get`, `closeout metrics --json`); docs/metrics.md explains
 * every field. Durations are whole seconds; rates are fractions 0..1 with their numerator and
 * denominator beside them (null when there is nothing to divide). Every figure carries the ids
 * of the jobs behind it.
 */
export const DaySchema = z.iso.date({ message: 'must be a date like 2026-11-30' })

export const MetricsInputSchema = z
  .strictObject({
    /** First day, inclusive, in the office's time zone. */
    from: DaySchema.optional(),
    /** Last day, inclusive, in the office's time zone. */
    to: DaySchema.optional(),
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, { message: 'must not be after "to"', path: ['from'] })
  .default({})

/** 'sending': exported -> the packet sent from Closeout (zero for a job never sent). */
export const STAGES = ['transit', 'review', 'approval', 'technician', 'billing', 'sending'] as const
export const StageSchema = z.enum(STAGES)
export type Stage = z.infer<typeof StageSchema>

const Seconds = z.number().int().nonnegative()
const JobIds = z.array(z.string())

export const RateSchema = z.object({
  count: z.number().int(),
  of: z.number().int(),
  rate: z.number().nullable(),
})

export const DurationStatsSchema = z.object({
  count: z.number().int(),
  medianSeconds: Seconds.nullable(),
  p90Seconds: Seconds.nullable(),
  jobIds: JobIds,
})

export const WaitingSchema = z.object({
  count: z.number().int(),
  /** How long the longest-waiting job has waited so far (as of generatedAt). */
  oldestSeconds: Seconds.nullable(),
  oldestJobId: z.string().nullable(),
  jobIds: JobIds,
})

export const WeekSchema = z.object({
  /** The Monday that starts the week, in the office's time zone. */
  weekStart: DaySchema,
  invoiced: z.number().int(),
  /** Of those, the jobs whose clock stopped at a recorded send (the rest stop at the export). */
  sent: z.number().int(),
  medianSeconds: Seconds.nullable(),
  p90Seconds: Seconds.nullable(),
  jobIds: JobIds,
})

export const StageFigureSchema = z.object({
  stage: StageSchema,
  /** Summed over the invoiced jobs of the range. */
  totalSeconds: Seconds,
  /** totalSeconds / the summed cycle time of the same jobs. */
  share: z.number().nullable(),
  /** Mean over the invoiced jobs of the range: the stage means add up to the mean cycle time. */
  meanSeconds: Seconds.nullable(),
  /** Median over all invoiced jobs of the range, zeros included. */
  medianSeconds: Seconds.nullable(),
  /** Jobs that spent any time in this stage. */
  jobIds: JobIds,
})

export const GroupRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  received: z.number().int(),
  invoiced: z.number().int(),
  medianCycleSeconds: Seconds.nullable(),
  firstTimeRight: RateSchema,
  sendBacks: z.number().int(),
  touches: z.number().int(),
  touchesPerInvoice: z.number().nullable(),
  disputed: z.number().int(),
  jobIds: JobIds,
})
export type GroupRow = z.infer<typeof GroupRowSchema>

export const JobMetricsSchema = z.object({
  id: z.string(),
  status: JobStatusSchema,
  customer: z.string().nullable(),
  technicianId: z.string().nullable(),
  technician: z.string().nullable(),
  jobTypeId: z.string().nullable(),
  jobType: z.string().nullable(),
  completedAt: z.string().nullable(),
  receivedAt: z.string().nullable(),
  invoiceReadyAt: z.string().nullable(),
  invoicedAt: z.string().nullable(),
  /** The first send of the invoice in effect (invoice-sent), if any. */
  sentAt: z.string().nullable(),
  /** Where the job's clock stops: the send, or the export when no send is recorded. */
  cycleEnd: z.enum(['sent', 'exported']).nullable(),
  cycleSeconds: Seconds.nullable(),
  stages: z.record(StageSchema, Seconds),
  submissions: z.number().int(),
  sendBacks: z.number().int(),
  edits: z.number().int(),
  manualFixes: z.number().int(),
  touches: z.number().int(),
  firstTimeRight: z.boolean().nullable(),
  disputeReason: z.string().nullable(),
  voidedAt: z.string().nullable(),
})
export type JobMetrics = z.infer<typeof JobMetricsSchema>

const PaidFigureSchema = z.object({
  /** Invoices fully paid (by the imported payments) on a day in the range. */
  paid: z.number().int(),
  /** Calendar days from the invoice date to the payment that completed it. */
  medianDays: z.number().nullable(),
  meanDays: z.number().nullable(),
  /** Paid in full no later than the invoice date plus the company's payment terms. */
  withinTerms: RateSchema,
  jobIds: JobIds,
})

/** Figures from imported payments (docs/metrics.md, "Payments"); null until payments are imported. */
export const PaymentFiguresSchema = z.object({
  asOf: DaySchema,
  label: z.string(),
  termsDays: z.number().int(),
  daysToPay: PaidFigureSchema,
  byCustomer: z.array(PaidFigureSchema.extend({ id: z.string(), name: z.string() })),
  byJobType: z.array(PaidFigureSchema.extend({ id: z.string(), name: z.string() })),
  /**
   * Count-back DSO at each month end of the range up to asOf, and at asOf; days null past 24
   * months, and null with noData true before the office's first invoice (no sales: no DSO, not 0).
   */
  dso: z.array(
    z.object({
      date: DaySchema,
      days: z.number().nullable(),
      receivableCents: z.number().int(),
      noData: z.boolean(),
    }),
  ),
})
export type PaymentFigures = z.infer<typeof PaymentFiguresSchema>

export const MetricsSchema = z.object({
  generatedAt: z.string(),
  timeZone: z.string(),
  weekStartsOn: z.literal('monday'),
  range: z.object({ from: DaySchema, to: DaySchema, startsAt: z.string(), endsAt: z.string() }),
  approvalSlaHours: z.number(),
  headline: z.object({
    thisWeek: WeekSchema,
    lastWeek: WeekSchema,
    invoiceReadyWaiting: WaitingSchema,
    approvalsWaiting: WaitingSchema.extend({ overSla: z.number().int() }),
    touchesPerInvoice: z.object({
      touches: z.number().int(),
      invoices: z.number().int(),
      perInvoice: z.number().nullable(),
      jobIds: JobIds,
    }),
  }),
  cycleTime: DurationStatsSchema.extend({ sent: z.number().int() }),
  stages: z.array(StageFigureSchema),
  waitingNow: z.array(WaitingSchema.extend({ stage: StageSchema })),
  weekly: z.array(WeekSchema),
  approvals: z.object({
    needed: RateSchema.extend({ jobIds: JobIds }),
    decisions: DurationStatsSchema.extend({
      approved: z.number().int(),
      sentBack: z.number().int(),
      withinSla: RateSchema,
    }),
  }),
  needsReview: WaitingSchema.extend({ medianAgeSeconds: Seconds.nullable() }),
  touches: z.object({
    total: z.number().int(),
    edits: z.number().int(),
    sendBacks: z.number().int(),
    manualFixes: z.number().int(),
    invoices: z.number().int(),
    perInvoice: z.number().nullable(),
    jobIds: JobIds,
  }),
  firstTimeRight: RateSchema.extend({ jobIds: JobIds, missedJobIds: JobIds }),
  byTechnician: z.array(GroupRowSchema),
  byJobType: z.array(GroupRowSchema),
  disputes: RateSchema.extend({
    reasons: z.array(z.object({ reason: z.string(), count: z.number().int(), jobIds: JobIds })),
    jobIds: JobIds,
  }),
  voids: z.object({ count: z.number().int(), jobIds: JobIds }),
  /** Null until payments are imported (docs/payments.md). */
  payments: PaymentFiguresSchema.nullable().optional(),
  notes: z.array(z.string()),
})
export type Metrics = z.infer<typeof MetricsSchema>

export const SetApprovalSlaInputSchema = z.strictObject({
  hours: z.number().min(0.25, 'must be at least 0.25 hours').max(720, 'must be at most 720 hours (30 days)'),
})

export const DisputeInputSchema = z.strictObject({
  id: z.string().min(1, 'must not be empty'),
  reason: z
    .string()
    .trim()
    .min(1, 'must say why the customer disputes the invoice')
    .max(500, 'must be at most 500 characters'),
})

export const DisputeOutputSchema = z.object({ id: z.string(), disputedAt: z.string(), disputeReason: z.string() })

/**
 * The figures whose jobs `metrics.jobs` lists. Those marked with a key name one entry of a list:
 * week (the Monday, `weekStart`; this week and last week too), stage and waitingNow (the stage),
 * disputeReason (the reason), technician and jobType (the row's `id`).
 */
export const METRIC_FIGURES = [
  'cycleTime',
  'week',
  'stage',
  'waitingNow',
  'invoiceReadyWaiting',
  'approvalsWaiting',
  'touches',
  'approvalsNeeded',
  'approvalDecisions',
  'needsReview',
  'firstTimeRight',
  'firstTimeMissed',
  'disputes',
  'disputeReason',
  'voids',
  'technician',
  'jobType',
] as const
export const MetricFigureSchema = z.enum(METRIC_FIGURES)
export type MetricFigure = z.infer<typeof MetricFigureSchema>
export const KEYED_FIGURES: ReadonlySet<MetricFigure> = new Set([
  'week',
  'stage',
  'waitingNow',
  'disputeReason',
  'technician',
  'jobType',
])

/** Jobs per page of `metrics.jobs` unless asked otherwise. */
export const METRIC_JOBS_PAGE = 50

export const MetricsJobsInputSchema = z
  .strictObject({
    /** The range of the figures, as for metrics.get. */
    from: DaySchema.optional(),
    to: DaySchema.optional(),
    /** The figure clicked, and for a list figure which entry (see METRIC_FIGURES). */
    figure: MetricFigureSchema,
    key: z.string().min(1, 'must not be empty').optional(),
    /** Pages count from 0. */
    page: z.number().int().nonnegative().default(0),
    limit: z.number().int().min(1).max(500, 'must be at most 500').default(METRIC_JOBS_PAGE),
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, { message: 'must not be after "to"', path: ['from'] })
  .refine((v) => !KEYED_FIGURES.has(v.figure) || v.key !== undefined, {
    message: 'must name the entry of the figure (a week, stage, reason or row id)',
    path: ['key'],
  })
export type MetricsJobsInput = z.input<typeof MetricsJobsInputSchema>

/** One page of the jobs behind a figure, in id order, each described as the figures saw it. */
export const MetricsJobsSchema = z.object({
  /** All the jobs behind the figure (the length of its jobIds). */
  total: z.number().int(),
  page: z.number().int(),
  limit: z.number().int(),
  jobs: z.array(JobMetricsSchema),
})
export type MetricsJobs = z.infer<typeof MetricsJobsSchema>

/** The metrics.* methods; contract.ts spreads them in. */
export const metricsMethods = {
  /** The dashboard's figures for a range of days in the office's time zone (default: the last 12 weeks). */
  'metrics.get': { input: MetricsInputSchema, output: MetricsSchema },
  /** One page of the jobs behind a figure of metrics.get, with each job's times and counts (the dashboard's drawer). */
  'metrics.jobs': { input: MetricsJobsInputSchema, output: MetricsJobsSchema },
  /** The approval SLA in hours (settings key 'approvalSlaHours', default 4). */
  'metrics.setApprovalSla': { input: SetApprovalSlaInputSchema, output: z.object({ approvalSlaHours: z.number() }) },
} as const
