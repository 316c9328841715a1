import { contract, isMethodName } from '../../../src-shared/api/contract'
import { fail, ok, type Result } from '../../../src-shared/api/envelope'
import { issuesToDetails, summarizeDetails } from '../../../src-shared/schemas/issues'
import { CloseoutError } from '../errors'
import type { CallContext, Handlers } from './handler-types'

/**
 * Validates the input against the contract, runs the handler and answers with the envelope.
 * Expected failures (CloseoutError) keep their code; anything else is `internal` and logged,
 * never shown with a stack.
 */
export async function dispatch(
  handlers: Handlers,
  method: string,
  input: unknown,
  ctx: CallContext,
): Promise<Result<unknown>> {
  if (!isMethodName(method)) return fail('unknown-method', `There is no office API method "${method}"`)
  const parsed = contract[method].input.safeParse(input)
  if (!parsed.success) {
    const details = issuesToDetails(parsed.error)
    return fail('invalid-input', `${method}: ${summarizeDetails(details)}`, details)
  }
  try {
    const handler = handlers[method] as (input: unknown, ctx: CallContext) => unknown
    return ok(await handler(parsed.data, ctx))
  } catch (error) {
    if (error instanceof CloseoutError) return fail(error.code, error.message, error.details)
    console.error(`[closeout] ${method} failed:`, error)
    return fail('internal', 'Something went wrong inside Closeout; the details are in the log')
  }
}
