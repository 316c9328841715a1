import { CloseoutError } from '../../src-main/core/errors'

/** The refusal a call ends in (its code and message, as the user is told); fails if it succeeds. */
export async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise
  } catch (error) {
    if (error instanceof CloseoutError) return { code: error.code, message: error.message }
    throw error
  }
  throw new Error('expected a refusal')
}
