import { useMemo } from 'react'
import { useAction, type MutationError } from '../shared/use-action'
import { ApiFailure } from './api'

/**
 * Reads a failed LAN call into the same MutationError the office forms use. The office PC's own
 * answer is shown as it says it; no answer at all (status 0: Wi-Fi, the PC off) is said with
 * `unreachable`, a sentence in the form's language.
 */
export function techFailure(unreachable: string): (e: unknown) => MutationError {
  return (e) =>
    e instanceof ApiFailure && e.status !== 0
      ? { text: e.message, code: e.code, fields: {} }
      : { text: unreachable, code: e instanceof ApiFailure ? e.code : null, fields: {} }
}

/** The technician form's useMutation: one action, its busy flag and its failure, with no try/catch of its own. */
export function useTechAction(unreachable: string) {
  const read = useMemo(() => techFailure(unreachable), [unreachable])
  return useAction(read)
}
