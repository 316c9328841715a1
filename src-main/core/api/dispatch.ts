import { contract, isMethodName } from '../../../src-shared/api/contract'
import { fail, ok, type Result } from '../../../src-shared/api/envelope'
import { METHOD_ACCESS } from '../../../src-shared/api/access'
import { SESSION_FREE_METHODS } from '../../../src-shared/api/session'
import { issuesToDetails, summarizeDetails } from '../../../src-shared/schemas/issues'
import { THIS_PC, withPinPlace } from '../approvals/approver-auth'
import { adminOnlyError } from '../auth/admin-confirm'
import { resolveSession } from '../auth/office-sessions'
import { CloseoutError } from '../errors'
import type { Office } from '../office'
import type { CallContext, Handlers } from './handler-types'

const FREE: ReadonlySet<string> = new Set(SESSION_FREE_METHODS)

export const NOT_SIGNED_IN = 'not-signed-in'

/**
 * Checks the session, validates the input against the contract, runs the handler and answers
 * with the envelope. Every method needs a signed-in session except SESSION_FREE_METHODS, and
 * the admin methods of METHOD_ACCESS an admin (their handlers then check the admin's PIN).
 * Expected failures (CloseoutError) keep their code; anything else is `internal` and logged,
 * never shown with a stack.
 */
export async function dispatch(
  office: Office,
  handlers: Handlers,
  method: string,
  input: unknown,
  ctx: CallContext,
): Promise<Result<unknown>> {
  if (!isMethodName(method)) return fail('unknown-method', `There is no office API method "${method}"`)
  const user = await resolveSession(office, ctx.sessionId)
  if (!user && !FREE.has(method))
    return fail(NOT_SIGNED_IN, `${method}: sign in first (your session ended or was never opened)`)
  const rule = METHOD_ACCESS[method]
  if (user && !user.admin && (rule.access === 'admin' || rule.access === 'admin-pin')) {
    const refusal = adminOnlyError(user, rule.what ?? method)
    return fail(refusal.code, `${method}: ${refusal.message}`)
  }
  const parsed = contract[method].input.safeParse(input)
  if (!parsed.success) {
    const details = issuesToDetails(parsed.error)
    return fail('invalid-input', `${method}: ${summarizeDetails(details)}`, details)
  }
  try {
    const handler = handlers[method] as (input: unknown, ctx: CallContext) => unknown
    // PINs typed on a second-seat PC count against that PC's address, never against this PC's.
    const place = ctx.origin?.via === 'second-seat' && ctx.origin.address ? ctx.origin.address : THIS_PC
    return ok(await withPinPlace(place, () => handler(parsed.data, { ...ctx, user })))
  } catch (error) {
    if (error instanceof CloseoutError) return fail(error.code, error.message, error.details)
    console.error(`[closeout] ${method} failed:`, error)
    return fail('internal', 'Something went wrong inside Closeout; the details are in the log')
  }
}

/** What a call did to the caller's session, so a transport can keep (or drop) it for its window or browser. */
export function sessionChange(method: string, result: Result<unknown>): { signedIn: string } | 'signed-out' | null {
  if (method === 'session.signOut') return 'signed-out'
  if ((method === 'session.signIn' || method === 'session.createFirstAdmin') && result.ok)
    return { signedIn: (result.value as { sessionId: string }).sessionId }
  return null
}
