import { useCallback, useState } from 'react'

/**
 * What a failed call says to a form: the message, the API's code, and each field's message.
 * Shared by the office renderer (office API) and the technician's form (LAN API): each reads
 * its own API's failure into this shape, and the form code on top is the same.
 */
export interface MutationError {
  text: string
  /** The API's error code (`bad-pin`, `not-found`, …); null for a failure that is not the API's answer. */
  code: string | null
  /** Field messages keyed by the form's own field names. */
  fields: Record<string, string>
}

export type MutationResult<R> = { ok: true; value: R } | { ok: false; error: MutationError }

/** A wrong or locked PIN, said beside the PIN field rather than above the form; null for any other failure. */
export function pinFailure(error: MutationError | null): string | null {
  return error && /pin|locked/i.test(error.code ?? '') ? error.text : null
}

/**
 * One action started from a form or a button: busy while it runs (with the key of what runs,
 * for a list of buttons), the failure read once by `read` into a MutationError, and the outcome
 * returned so the caller moves on without its own try/catch.
 */
export function useAction(read: (e: unknown) => MutationError) {
  const [busyKey, setBusyKey] = useState<string | null>(null)
  const [error, setError] = useState<MutationError | null>(null)
  const run = useCallback(
    async <R>(action: () => Promise<R>, key = 'busy'): Promise<MutationResult<R>> => {
      setBusyKey(key)
      setError(null)
      try {
        return { ok: true, value: await action() }
      } catch (e) {
        const failure = read(e)
        setError(failure)
        return { ok: false, error: failure }
      } finally {
        setBusyKey(null)
      }
    },
    [read],
  )
  const clear = useCallback(() => setError(null), [])
  return { busy: busyKey !== null, busyKey, error, fieldErrors: error?.fields ?? {}, run, clear, fail: setError }
}
