import type { MethodArgs, MethodName, MethodOutput } from '../../../src-shared/api/contract'
import type { SessionUser } from '../../../src-shared/api/session'
import type { SessionOrigin } from '../auth/office-sessions'
import { CloseoutError } from '../errors'

/**
 * Who is calling: the transport fills in the session it holds (the HTTP header or cookie, the
 * window's own over IPC); dispatch checks it and adds the signed-in user.
 */
export interface CallContext {
  transport: 'ipc' | 'http' | 'test'
  sessionId?: string | null | undefined
  /** Where the caller is (a desktop window, 127.0.0.1, the second seat): a new session remembers it. */
  origin?: SessionOrigin | undefined
  /** Set by dispatch: the signed-in user, or null on the few methods that need none. */
  user?: SessionUser | null | undefined
}

export type Handler<M extends MethodName> = (
  input: MethodArgs<M>,
  ctx: CallContext,
) => Promise<MethodOutput<M>> | MethodOutput<M>
export type Handlers = { [M in MethodName]: Handler<M> }

/** The handlers of every method named `<prefix>.…`: a `<prefix>.handlers.ts` file must cover exactly these. */
export type PrefixHandlers<P extends string> = {
  [M in MethodName as M extends `${P}.${string}` ? M : never]: Handler<M>
}

/** The signed-in user of a call (dispatch refuses calls without one before any handler runs). */
export function signedIn(ctx: CallContext): SessionUser {
  if (!ctx.user) throw new CloseoutError('not-signed-in', 'Sign in first')
  return ctx.user
}
