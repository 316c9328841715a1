import { z } from 'zod'
import { MONEY_TEXT } from '../domain/money'
import { JOB_STATUSES } from '../domain/status'

/** A decimal string with at most 2 places: "38.00", "-5". */
export const MoneySchema = z
  .string()
  .regex(MONEY_TEXT, 'must be a money amount like "38.00" (at most 2 decimal places)')

/** A non-negative money amount. */
export const PositiveMoneySchema = MoneySchema.refine((v) => !v.startsWith('-'), 'must not be negative')

const QTY = /^-?\d{1,12}(\.\d{1,3})?$/

/** A decimal string or JSON number with at most 3 places: "1.5", 2. */
export const QuantitySchema = z.union([
  z.string().regex(QTY, 'must be a number like "1.5" (at most 3 decimal places)'),
  z.number().refine((n) => Number.isFinite(n) && QTY.test(String(n)), 'must be a number with at most 3 decimal places'),
])

export const NonNegativeQuantitySchema = QuantitySchema.refine(
  (v) => !String(v).startsWith('-'),
  'must not be negative',
)

/** A percent as a decimal string with at most 3 places: "6.25". */
export const PercentSchema = z
  .string()
  .regex(/^\d{1,3}(\.\d{1,3})?$/, 'must be a percent like "6.25" (0-999, at most 3 decimal places)')

/** RFC 3339 with an offset (Z or +hh:mm). */
export const TimestampSchema = z.iso.datetime({ offset: true, message: 'must be an RFC 3339 time with an offset' })

export const UuidSchema = z
  .string()
  .regex(
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    'must be a lowercase UUID like 0b0f3c1e-5f7a-4a57-9d1a-3c2b8f0e9a10',
  )

export const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex characters')

/** Ids chosen by the office: short, printable, no path separators. */
export const IdSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be letters, digits, ".", "_" or "-"')

/** Price-book SKUs come from other systems: allow the usual punctuation, never control characters. */
export const SkuSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._\-/#+]*$/, 'may use letters, digits, spaces and . _ - / # +')

export const JobStatusSchema = z.enum(JOB_STATUSES)

export const PHOTO_CATEGORIES = ['before', 'after', 'serial-plate', 'other'] as const
export const PhotoCategorySchema = z.enum(PHOTO_CATEGORIES)
export type PhotoCategory = z.infer<typeof PhotoCategorySchema>

/**
 * A relative path inside a bundle (spec section 2): segments of [A-Za-z0-9._-]+, no "..",
 * no leading "/", no "\". Also refused: "." segments, Windows drive letters and reserved
 * device names (CON, NUL, COM1...), since bundles are opened on Windows too.
 */
export const BundlePathSchema = z.string().superRefine((value, ctx) => {
  const problem = bundlePathProblem(value)
  if (problem) ctx.addIssue({ code: 'custom', message: problem })
})

const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i

export function bundlePathProblem(value: string): string | null {
  if (value.length === 0) return 'must not be empty'
  if (value.length > 255) return 'is longer than 255 characters'
  if (value.startsWith('/')) return 'must be relative (it starts with "/")'
  if (value.includes('\\')) return 'must not contain "\\"'
  if (value.includes('\0')) return 'must not contain a NUL character'
  if (/^[A-Za-z]:/.test(value)) return 'must not start with a drive letter'
  for (const segment of value.split('/')) {
    if (segment === '..') return 'must not contain ".."'
    if (segment === '.' || segment === '') return 'must not contain empty or "." segments'
    if (!/^[A-Za-z0-9._-]+$/.test(segment)) return `segment "${segment}" may only use A-Z a-z 0-9 . _ -`
    if (RESERVED.test(segment)) return `segment "${segment}" is a reserved Windows device name`
  }
  return null
}
