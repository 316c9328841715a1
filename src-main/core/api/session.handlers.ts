import { createFirstAdmin } from '../auth/first-admin'
import { idleLockMinutes, openSession, signIn, signOut } from '../auth/office-sessions'
import { loadSessionUser } from '../auth/office-users'
import { signInScreen } from '../auth/sign-in-screen'
import type { Office } from '../office'
import type { PrefixHandlers } from './handler-types'

/** The session.* methods (contract: src-shared/api/session.ts); the transport keeps the session. */
export function sessionHandlers(office: Office): PrefixHandlers<'session'> {
  return {
    'session.signIn': (input) => signIn(office, input.userId, input.pin),
    'session.current': (_input, ctx) => ({
      user: ctx.user ?? null,
      idleLockMinutes: idleLockMinutes(office),
      signIn: signInScreen(office),
    }),
    'session.signOut': (_input, ctx) => ({ signedOut: signOut(office, ctx.sessionId) }),
    'session.createFirstAdmin': async (input) => {
      await createFirstAdmin(office, input)
      return { sessionId: openSession(office, input.id), user: loadSessionUser(office.sqlite, input.id)! }
    },
  }
}
