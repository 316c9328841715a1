import { z } from 'zod'

/** Errors are data at every boundary: kebab-case code, a sentence, and the paths at fault. */
export const ApiErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  details: z.array(z.object({ path: z.string(), message: z.string() })),
})
export type ApiError = z.infer<typeof ApiErrorSchema>

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError }

export function ok<T>(value: T): Result<T> {
  return { ok: true, value }
}

export function fail(code: string, message: string, details: ApiError['details'] = []): Result<never> {
  return { ok: false, error: { code, message, details } }
}
