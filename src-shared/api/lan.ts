import { z } from 'zod'
import { ReceiptSchema } from '../schemas/bundle'
import { IdSchema, UuidSchema } from '../schemas/primitives'
import type { LaborRateEntry, PriceBookEntry } from '../domain/pricing'
import type { RulesCustomer, RulesJob, RulesJobType, RulesPolicy } from '../domain/rules'
import type { Closeout } from '../schemas/closeout'

/**
 * The technician API served on the LAN (docs/lan-api.md) and the office's `lan.info`.
 * The phone form only uses the TypeScript types below (no zod on the phone: it keeps the
 * form's download small); the server validates with the schemas.
 */

export const SessionRequestSchema = z.strictObject({
  technicianId: IdSchema,
  pin: z.string().regex(/^\d{4,12}$/, 'must be 4 to 12 digits'),
})

/** `GET /api/submissions/:submissionId/attachment?file=photos/before-1.jpg` (the technician's own only). */
export const AttachmentParamsSchema = z.strictObject({
  submissionId: UuidSchema,
})
export const AttachmentQuerySchema = z.strictObject({
  file: z
    .string()
    .max(200, 'must be at most 200 characters')
    .regex(/^(photos\/[A-Za-z0-9._-]+|signature\.png)$/, 'must be a photo or the signature of the bundle'),
})

export const PriceBookQuerySchema = z.object({
  q: z.string().max(100, 'must be at most 100 characters').default(''),
})

/** What a job type asks of a closeout: drives the phone's checklist. */
export interface TechRequirements {
  photos: Partial<Record<'before' | 'after' | 'serial-plate' | 'other', number>>
  serialNumber: boolean
  signature: boolean
}

export interface TechEstimateLine {
  kind: 'part' | 'labor'
  sku: string | null
  role: string | null
  description: string
  /** Decimal string: parts quantity or labor hours. */
  quantity: string
  /** Decimal string, null when the estimate line has no price. */
  unitPrice: string | null
}

/** A closeout the office sent back: the phone reopens it as a copy, the office's comment on top. */
export interface TechSentBack {
  submissionId: string
  comment: string | null
  /** The closeout as the office stored it; null when it cannot be read back (the phone starts blank). */
  closeout: Closeout | null
  /** What the office's checks found on it: the sections they concern are highlighted. */
  findings: { code: string; severity: 'block' | 'approval' | 'info'; message: string }[]
}

export interface TechJob {
  id: string
  status: string
  customerId: string | null
  customer: string | null
  siteAddress: string
  jobTypeId: string | null
  jobType: string | null
  scheduledFor: string | null
  poNumber: string | null
  description: string
  notToExceed: string | null
  estimate: TechEstimateLine[]
  requirements: TechRequirements
  /** Set when the office sent the last closeout back: the new one must supersede it. */
  sentBack: TechSentBack | null
  /** This job's inputs to the shared rules engine (src-shared/domain/rules.ts). */
  rules: { job: RulesJob; customer: RulesCustomer | null; taxRateMilli: number | null }
}

export interface TechJobType {
  id: string
  name: string
  requirements: TechRequirements
}

export interface TechJobsAnswer {
  /** `defaultLaborRole`: what a new labor line starts as (the office's Settings, setup v1.1). */
  technician: { id: string; name: string; defaultLaborRole: string | null }
  jobs: TechJob[]
  jobTypes: TechJobType[]
  laborRoles: { role: string; name: string }[]
  /** The office-wide inputs to the rules engine, so the phone's checklist is the office's verdict. */
  rules: {
    policy: RulesPolicy
    laborRates: LaborRateEntry[]
    jobTypes: RulesJobType[]
    /** Price-book entries of the SKUs on these jobs' estimates (search adds more as used). */
    priceBook: PriceBookEntry[]
  }
}

export interface TechPriceBookItem {
  sku: string
  description: string
  unitPrice: string
  unitPriceCents: number
  taxable: boolean
}

/** GET /api/price-book/all: the phone's offline copy; `asOf` is when the office read it. */
export interface TechPriceBookSnapshot {
  items: TechPriceBookItem[]
  asOf: string
}

/** `waiting`: the bundle is in the shared folder, the office has not read it yet. */
export type CloseoutAnswerStatus = 'waiting' | z.infer<typeof ReceiptSchema>['status']

export interface CloseoutAnswer {
  submissionId: string
  status: CloseoutAnswerStatus
  receipt: z.infer<typeof ReceiptSchema> | null
}

export interface TechApiError {
  error: { code: string; message: string; details: { path: string; message: string }[] }
}

/** Office side: where phones reach the form, for the Settings screen. */
export const LanAddressSchema = z.object({
  interface: z.string(),
  address: z.string(),
  url: z.string(),
  /** data:image/png;base64,... QR code of `url`. */
  qrDataUrl: z.string(),
})

export const LanInfoSchema = z.object({
  running: z.boolean(),
  port: z.number().int(),
  /** The interface the server is bound to: "0.0.0.0" means every LAN interface. */
  host: z.string(),
  addresses: z.array(LanAddressSchema),
  /** Where technicians' PINs are set. */
  pinHelp: z.string(),
})
export type LanInfo = z.infer<typeof LanInfoSchema>

/** The lan.* methods; contract.ts spreads them in. */
/** A technician held back on one phone after wrong PINs (growing delays per technician and address). */
export const TechnicianLockSchema = z.object({
  technicianId: z.string(),
  technicianName: z.string().nullable(),
  address: z.string(),
  failures: z.number().int(),
  lockedUntil: z.string(),
})
export type TechnicianLock = z.infer<typeof TechnicianLockSchema>

export const UnlockTechnicianInputSchema = z.strictObject({
  technicianId: IdSchema,
  /** The signed-in admin's own PIN: lifting a lock is an admin's decision. */
  confirmPin: z.string().regex(/^\d{4,8}$/, 'enter your PIN (4 to 8 digits) to confirm'),
})

/** The second seat: the office UI on the LAN for other PCs in the office (Settings; off by default). */
export const SeatInfoSchema = z.object({
  enabled: z.boolean(),
  running: z.boolean(),
  port: z.number().int(),
  /** Where another PC opens the office UI ("http://192.168.1.20:4790/"). */
  urls: z.array(z.string()),
  /** Why it is not listening although switched on (the port is taken, …). */
  problem: z.string().nullable(),
})
export type SeatInfo = z.infer<typeof SeatInfoSchema>

/**
 * Which seat serves the technician form when several seats share one PostgreSQL database
 * (issue #17): the phones use one PC's address. Null on the SQLite file (one PC serves it).
 */
export const FormSeatInfoSchema = z
  .object({
    /** The seat chosen to serve the form, or null when none is yet (the next to start takes it). */
    servedBy: z.object({ id: z.string(), name: z.string(), since: z.string() }).nullable(),
    /** This PC among the seats. */
    thisSeat: z.object({ id: z.string(), name: z.string() }),
    /** Whether this PC is the one serving the form. */
    here: z.boolean(),
  })
  .nullable()
export type FormSeatInfo = z.infer<typeof FormSeatInfoSchema>

export const ServeFormHereInputSchema = z.strictObject({
  /** The signed-in admin's own PIN: moving the phones' address is an admin's decision. */
  confirmPin: z.string().regex(/^\d{4,8}$/, 'enter your PIN (4 to 8 digits) to confirm'),
})

export const lanMethods = {
  /** Which seat serves the technician form (null on the SQLite file): Settings > Phone form. */
  'lan.formSeat': { input: z.strictObject({}).default({}), output: FormSeatInfoSchema },
  /** Makes this PC the one that serves the technician form; an admin only, confirming with their PIN. */
  'lan.serveFormHere': { input: ServeFormHereInputSchema, output: FormSeatInfoSchema },
  /** The second seat's state and addresses (Settings). */
  'lan.seatInfo': { input: z.strictObject({}).default({}), output: SeatInfoSchema },
  /** Where phones reach the technician form: each LAN address with a QR code (Settings). */
  'lan.info': { input: z.strictObject({}).default({}), output: LanInfoSchema },
  /** Technicians locked out of the phone form right now, per phone address (Settings). */
  'lan.technicianLocks': { input: z.strictObject({}).default({}), output: z.array(TechnicianLockSchema) },
  /** Lifts every phone lock of one technician; an admin only, confirming with their own PIN. */
  'lan.unlockTechnician': {
    input: UnlockTechnicianInputSchema,
    output: z.object({ technicianId: z.string(), unlocked: z.number().int() }),
  },
} as const
