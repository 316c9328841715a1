import { CloseoutError } from '../../src-main/core/errors'

/** The refusal a call ends in (its code and message, as the user is told); fails if it succeeds. */
export async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const { code, message } = await refusalWithPaths(promise)
  return { code, message }
}

/** refusal with the field paths it names (`details`), for refusals of a file or a form. */
export async function refusalWithPaths(
  promise: Promise<unknown>,
): Promise<{ code: string; message: string; details: unknown }> {
  try {
    await promise
  } catch (error) {
    if (error instanceof CloseoutError) return { code: error.code, message: error.message, details: error.details }
    throw error
  }
  throw new Error('expected a refusal')
}
