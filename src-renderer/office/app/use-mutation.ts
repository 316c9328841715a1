import { useCallback } from 'react'
import { useAction, type MutationError } from '../../shared/use-action'
import { ApiCallError } from './api'

export { pinFailure, type MutationError, type MutationResult } from '../../shared/use-action'

/**
 * Reads any failure into a MutationError. `fieldOf` turns the API's field path (`lines[2].qty`,
 * `customer.name`) into the key the form shows its message under; by default the path itself.
 * The first message for a field wins: it is the one the person fixes first.
 */
export function mutationError(e: unknown, fieldOf: (path: string) => string = (path) => path): MutationError {
  if (e instanceof ApiCallError) {
    const fields: Record<string, string> = {}
    for (const d of e.details) {
      const key = fieldOf(d.path)
      if (!(key in fields)) fields[key] = d.message
    }
    return { text: e.message, code: e.code, fields }
  }
  return { text: e instanceof Error ? e.message : String(e), code: null, fields: {} }
}

/** The top-level field of an API path: `customer.name` and `lines[2].qty` fold to `customer` and `lines`. */
export const topField = (path: string): string => path.split(/[.[]/)[0] ?? path

/**
 * One office action started from a form or a button: busy while it runs (with the key of what
 * runs, for a list of buttons), the failure read once into a message and field errors, and the
 * outcome returned so the caller moves on without its own try/catch.
 */
export function useMutation(options: { fieldOf?: (path: string) => string } = {}) {
  const { fieldOf } = options
  const read = useCallback((e: unknown) => mutationError(e, fieldOf), [fieldOf])
  return useAction(read)
}

/** The line under a form after an action: its failure, else what was done, else nothing. */
export function outcomeLine(error: MutationError | null, done: string | null): { ok: boolean; text: string } | null {
  if (error) return { ok: false, text: error.text }
  return done === null ? null : { ok: true, text: done }
}
