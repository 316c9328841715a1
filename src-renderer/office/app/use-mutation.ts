import { useCallback, useState } from 'react'
import { ApiCallError } from './api'

/** What a failed office call says to a form: the message, the API's code, and each field's message. */
export interface MutationError {
  text: string
  /** The API's error code (`bad-pin`, `not-found`, …); null for a failure that is not the API's answer. */
  code: string | null
  /** Field messages keyed by the form's own field names (see `fieldOf`). */
  fields: Record<string, string>
}

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

/** A wrong or locked PIN, said beside the PIN field rather than above the form; null for any other failure. */
export function pinFailure(error: MutationError | null): string | null {
  return error && /pin|locked/i.test(error.code ?? '') ? error.text : null
}

export type MutationResult<R> = { ok: true; value: R } | { ok: false; error: MutationError }

/**
 * One office action started from a form or a button: busy while it runs (with the key of what
 * runs, for a list of buttons), the failure read once into a message and field errors, and the
 * outcome returned so the caller moves on without its own try/catch.
 */
export function useMutation(options: { fieldOf?: (path: string) => string } = {}) {
  const { fieldOf } = options
  const [busyKey, setBusyKey] = useState<string | null>(null)
  const [error, setError] = useState<MutationError | null>(null)
  const run = useCallback(
    async <R>(action: () => Promise<R>, key = 'busy'): Promise<MutationResult<R>> => {
      setBusyKey(key)
      setError(null)
      try {
        return { ok: true, value: await action() }
      } catch (e) {
        const failure = mutationError(e, fieldOf)
        setError(failure)
        return { ok: false, error: failure }
      } finally {
        setBusyKey(null)
      }
    },
    [fieldOf],
  )
  const clear = useCallback(() => setError(null), [])
  return { busy: busyKey !== null, busyKey, error, fieldErrors: error?.fields ?? {}, run, clear, fail: setError }
}
