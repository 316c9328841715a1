import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react'
import type { SessionCurrent, SessionUser } from '../../../src-shared/api/session'
import { SignInScreen } from '../features/session/SignInScreen'
import { Loading } from '../components/QueryState'
import { call, onSignedOut, resetEvents } from './api'
import { useIdleLock } from './use-idle-lock'

interface SessionValue {
  user: SessionUser
  signOut: () => void
}

const SessionContext = createContext<SessionValue | null>(null)

/** The signed-in office user (inside the gate there always is one). */
export function useSession(): SessionValue {
  const value = useContext(SessionContext)
  if (!value) throw new Error('useSession outside the sign-in gate')
  return value
}

/** The signed-in user, or null outside the gate (components shared with previews). */
export function useSessionUser(): SessionUser | null {
  return useContext(SessionContext)?.user ?? null
}

/**
 * Nobody sees the office until they sign in. The screen locks after the idle-lock minutes
 * without use, and whenever the office says the session ended (signed out, PIN changed).
 */
export function SessionGate({ children }: { children: ReactNode }) {
  const [current, setCurrent] = useState<SessionCurrent | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [failed, setFailed] = useState<string | null>(null)
  /** This screen is signing out (locked or Sign out): later refusals of its old session are expected. */
  const leaving = useRef(false)

  const refresh = useCallback(() => {
    call('session.current', {}).then(setCurrent, (e: unknown) => setFailed(e instanceof Error ? e.message : String(e)))
  }, [])
  useEffect(refresh, [refresh])
  useEffect(
    () =>
      onSignedOut(() => {
        // A request still in flight when this screen locked or signed out comes back refused:
        // that is not news, and must not replace the reason shown ("Locked after 15 minutes…").
        if (leaving.current) return
        resetEvents()
        setNotice('Your session ended. Sign in again to go on.')
        refresh()
      }),
    [refresh],
  )

  const signOut = useCallback(
    (why: string | null = null) => {
      leaving.current = true
      void call('session.signOut', {})
        .catch(() => undefined)
        .then(() => {
          resetEvents()
          setNotice(why)
          refresh()
        })
    },
    [refresh],
  )
  const user = current?.user ?? null
  const minutes = current?.idleLockMinutes ?? 15
  useIdleLock(user !== null, minutes, () =>
    signOut(`Locked after ${minutes} ${minutes === 1 ? 'minute' : 'minutes'} without use. Sign in to go on.`),
  )

  if (failed && !current) return <Loading label={`Cannot reach Closeout: ${failed}`} />
  if (!current) return <Loading label="Opening Closeout…" />
  if (!user)
    return (
      <SignInScreen
        screen={current.signIn}
        notice={notice}
        onSignedIn={() => {
          leaving.current = false
          setNotice(null)
          resetEvents()
          refresh()
        }}
      />
    )
  return <SessionContext.Provider value={{ user, signOut: () => signOut(null) }}>{children}</SessionContext.Provider>
}
