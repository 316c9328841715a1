import { confirmAdmin } from '../auth/admin-confirm'
import { createFirstAdmin } from '../auth/first-admin'
import {
  endSessionByRef,
  idleLockMinutesAsync,
  listSessions,
  openSession,
  signIn,
  signOut,
} from '../auth/office-sessions'
import { loadSessionUser } from '../auth/session-user'
import { signInScreen } from '../auth/sign-in-screen'
import { withTransaction } from '../db/engine-db'
import { CloseoutError } from '../errors'
import { appendEventIn } from '../lifecycle/event-log'
import type { Office } from '../office'
import { OFFICE_LOG_ID } from '../settings/settings-audit'
import { signedIn, type PrefixHandlers } from './handler-types'

/** The session.* methods (contract: src-shared/api/session.ts); the transport keeps the session. */
export function sessionHandlers(office: Office): PrefixHandlers<'session'> {
  return {
    'session.signIn': (input, ctx) => signIn(office, input.userId, input.pin, ctx.origin),
    'session.current': async (_input, ctx) => ({
      user: ctx.user ?? null,
      idleLockMinutes: await idleLockMinutesAsync(office),
      signIn: await signInScreen(office),
    }),
    'session.signOut': (_input, ctx) => ({ signedOut: signOut(office, ctx.sessionId) }),
    'session.list': (_input, ctx) => {
      const user = signedIn(ctx)
      if (!user.admin)
        throw new CloseoutError('admin-only', `Only an admin may see who is signed in; ${user.name} is not an admin`)
      return listSessions(office, ctx.sessionId)
    },
    'session.end': async (input, ctx) => {
      const user = signedIn(ctx)
      await confirmAdmin(office, user, input.confirmPin, 'who is signed in')
      const ended = endSessionByRef(office, input.ref)
      if (ended)
        await withTransaction(office, (trx) =>
          appendEventIn(trx, {
            jobId: OFFICE_LOG_ID,
            type: 'session-ended',
            actor: user.id,
            data: { userId: ended.userId, via: ended.via },
          }),
        )
      return { ended: ended !== null }
    },
    'session.createFirstAdmin': async (input, ctx) => {
      // The first admin is made at the office PC, never from another PC on the LAN.
      if (ctx.origin?.via === 'second-seat')
        throw new CloseoutError('forbidden', 'The first admin is created at the office PC, not from the second seat')
      await createFirstAdmin(office, input)
      return {
        sessionId: openSession(office, input.id, Date.now(), ctx.origin),
        user: (await loadSessionUser(office.db, input.id))!,
      }
    },
  }
}
