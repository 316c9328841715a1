import { z } from 'zod'
import {
  IdSchema,
  NonNegativeQuantitySchema,
  PositiveMoneySchema,
  SkuSchema,
  TimestampSchema,
} from '../schemas/primitives'

/** Dispatch: create and edit jobs in the office (the Dispatch screen). */
const text = (max: number) => z.string().max(max, `must be at most ${max} characters`)

export const DispatchEstimateLineSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('part'),
    sku: SkuSchema,
    quantity: NonNegativeQuantitySchema,
    description: text(500).optional(),
    unitPrice: PositiveMoneySchema.optional(),
  }),
  z.strictObject({ kind: z.literal('labor'), role: IdSchema, hours: NonNegativeQuantitySchema }),
])
export type DispatchEstimateLine = z.infer<typeof DispatchEstimateLineSchema>

/** No defaults here: an update must only touch the fields it names. */
const JobFieldsSchema = z.strictObject({
  customerId: IdSchema,
  siteAddress: text(500).min(1, 'must not be empty'),
  jobTypeId: IdSchema,
  technicianId: IdSchema.nullable(),
  scheduledFor: TimestampSchema.nullable(),
  poNumber: text(50).nullable(),
  notToExceed: PositiveMoneySchema.nullable(),
  description: text(2000),
  estimate: z.array(DispatchEstimateLineSchema).max(200, 'at most 200 estimate lines'),
})

export const JobCreateInputSchema = JobFieldsSchema.extend({
  /** Leave out to get the next free number (J-1062 after J-1061). */
  id: IdSchema.optional(),
  technicianId: IdSchema.nullable().default(null),
  scheduledFor: TimestampSchema.nullable().default(null),
  poNumber: text(50).nullable().default(null),
  notToExceed: PositiveMoneySchema.nullable().default(null),
  description: text(2000).default(''),
  estimate: z.array(DispatchEstimateLineSchema).max(200, 'at most 200 estimate lines').default([]),
})
export type JobCreateInput = z.input<typeof JobCreateInputSchema>

export const JobUpdateInputSchema = JobFieldsSchema.partial().extend({ id: IdSchema })
export type JobUpdateInput = z.input<typeof JobUpdateInputSchema>

/** Everything the Dispatch screen and the inbox filters choose from. */
export const DispatchOptionsSchema = z.object({
  currency: z.string(),
  customers: z.array(z.object({ id: z.string(), name: z.string(), address: z.string() })),
  technicians: z.array(z.object({ id: z.string(), name: z.string(), active: z.boolean() })),
  jobTypes: z.array(z.object({ id: z.string(), name: z.string() })),
  priceBook: z.array(z.object({ sku: z.string(), description: z.string(), unitPrice: z.string() })),
  laborRoles: z.array(z.object({ role: z.string(), name: z.string(), rate: z.string() })),
})
export type DispatchOptions = z.infer<typeof DispatchOptionsSchema>

/** The dispatch fields of one job, as the edit form loads them. */
export const JobFormSchema = z.object({
  id: z.string(),
  status: z.string(),
  customerId: z.string().nullable(),
  siteAddress: z.string(),
  jobTypeId: z.string().nullable(),
  technicianId: z.string().nullable(),
  scheduledFor: z.string().nullable(),
  poNumber: z.string().nullable(),
  notToExceed: z.string().nullable(),
  description: z.string(),
  estimate: z.array(DispatchEstimateLineSchema),
  /** Why the estimate or customer cannot change any more (null while the job is scheduled). */
  locked: z.string().nullable(),
})
export type JobForm = z.infer<typeof JobFormSchema>

/** The dispatch.* methods; contract.ts spreads them in. */
export const dispatchMethods = {
  /** Customers, technicians, job types, price book and labor roles for pickers and filters. */
  'dispatch.options': { input: z.strictObject({}).default({}), output: DispatchOptionsSchema },
} as const
