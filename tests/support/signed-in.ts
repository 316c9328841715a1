import { createHandlers } from '../../src-main/core/api/handlers'
import { dispatch } from '../../src-main/core/api/dispatch'
import type { CallContext } from '../../src-main/core/api/handler-types'
import type { Office } from '../../src-main/core/office'
import type { Result } from '../../src-shared/api/envelope'

/** The demo's billing user (acts as admin while the office has no admin) and a first-run admin for empty offices. */
export const DEMO_BILLING = { userId: 'U-1', pin: '2468' }
export const DEMO_SUPERVISOR = { userId: 'U-2', pin: '1357' }
export const FIRST_ADMIN = { id: 'U-ADMIN', name: 'Test admin', pin: '9999' }

export interface SignedInApi {
  /** Calls a method through the dispatcher the transports use, as the signed-in user. */
  call(method: string, input?: unknown): Promise<Result<unknown>>
  ctx: CallContext
  sessionId: string
}

/**
 * Signs in through `session.signIn` the way the office UI does (the office API refuses calls
 * without a session); an office with no users first gets its admin through first run.
 */
export async function signedInApi(
  office: Office,
  as: { userId: string; pin: string } = DEMO_BILLING,
): Promise<SignedInApi> {
  const handlers = createHandlers(office)
  const users = (await office.db.selectFrom('users').select('id').limit(1).execute()).length
  const opened =
    users === 0
      ? await dispatch(office, handlers, 'session.createFirstAdmin', FIRST_ADMIN, { transport: 'test' })
      : await dispatch(office, handlers, 'session.signIn', as, { transport: 'test' })
  if (!opened.ok) throw new Error(`could not sign in: ${opened.error.message}`)
  const sessionId = (opened.value as { sessionId: string }).sessionId
  const ctx: CallContext = { transport: 'test', sessionId }
  return { call: (method, input = {}) => dispatch(office, handlers, method, input, ctx), ctx, sessionId }
}
