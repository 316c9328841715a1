import { useEffect, useRef } from 'react'
import { call } from './api'

const ACTIVITY = ['pointerdown', 'keydown', 'wheel', 'pointermove', 'touchstart'] as const
/** How often use of the screen tells the office the session is still in use. */
const KEEP_ALIVE_MS = 60_000

/**
 * Locks after `minutes` without a key, click, scroll or pointer move. While the screen is in
 * use it tells the office now and then, so the office's own idle limit (the same minutes)
 * does not end a session someone is reading.
 */
export function useIdleLock(active: boolean, minutes: number, lock: () => void): void {
  const lockRef = useRef(lock)
  lockRef.current = lock
  useEffect(() => {
    if (!active) return
    let timer = window.setTimeout(() => lockRef.current(), minutes * 60_000)
    let lastPing = Date.now()
    const used = () => {
      window.clearTimeout(timer)
      timer = window.setTimeout(() => lockRef.current(), minutes * 60_000)
      if (Date.now() - lastPing > KEEP_ALIVE_MS) {
        lastPing = Date.now()
        void call('session.current', {}).catch(() => undefined)
      }
    }
    for (const name of ACTIVITY) window.addEventListener(name, used, { passive: true })
    return () => {
      window.clearTimeout(timer)
      for (const name of ACTIVITY) window.removeEventListener(name, used)
    }
  }, [active, minutes])
}
