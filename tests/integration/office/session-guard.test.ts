import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHandlers } from '../../../src-main/core/api/handlers'
import { dispatch } from '../../../src-main/core/api/dispatch'
import { IDLE_LOCK_KEY, resolveSession } from '../../../src-main/core/auth/office-sessions'
import { withTransaction } from '../../../src-main/core/db/engine-db'
import { writeSettingIn } from '../../../src-main/core/settings/settings-store'
import { METHOD_NAMES } from '../../../src-shared/api/contract'
import { SESSION_FREE_METHODS } from '../../../src-shared/api/session'
import { signedInApi, DEMO_BILLING } from '../../support/signed-in'
import { openDemoOffice, type DemoOffice } from './office-fixture'

// Issue #12 item 2: a billing user changed roles and PINs through settings.update with nobody signed in.
let demo: DemoOffice
beforeAll(async () => {
  demo = await openDemoOffice()
})
afterAll(() => demo.close())

const anonymous = (method: string, input: unknown = {}, sessionId: string | null = null) =>
  dispatch(demo.office, demo.handlers, method, input, { transport: 'test', sessionId })

describe('every office API method needs a signed-in session', () => {
  it('refuses each method outside the short allowlist without a session, whatever the input', async () => {
    const open: string[] = []
    for (const method of METHOD_NAMES) {
      if ((SESSION_FREE_METHODS as readonly string[]).includes(method)) continue
      const answer = await anonymous(method, {})
      if (answer.ok || answer.error.code !== 'not-signed-in') open.push(method)
    }
    expect(open).toEqual([])
    // The allowlist stays short and is only about signing in.
    expect(SESSION_FREE_METHODS.every((m) => m.startsWith('session.'))).toBe(true)
    expect(SESSION_FREE_METHODS.length).toBeLessThanOrEqual(4)
  })

  it('refuses a made-up or signed-out session id the same way', async () => {
    expect(await anonymous('jobs.list', {}, 'not-a-session')).toMatchObject({
      ok: false,
      error: { code: 'not-signed-in' },
    })
    const api = await signedInApi(demo.office)
    expect((await api.call('jobs.counts', {})).ok).toBe(true)
    expect(await api.call('session.signOut')).toEqual({ ok: true, value: { signedOut: true } })
    expect(await api.call('jobs.counts', {})).toMatchObject({ ok: false, error: { code: 'not-signed-in' } })
  })

  it('signs in with the user PIN, says who is signed in, and refuses a wrong PIN', async () => {
    expect(await anonymous('session.signIn', { userId: 'U-1', pin: '0000' })).toMatchObject({
      ok: false,
      error: { code: 'wrong-pin' },
    })
    const api = await signedInApi(demo.office, DEMO_BILLING)
    const current = await api.call('session.current')
    // The demo has no admin yet: its billing user acts as one until an admin exists.
    expect(current).toMatchObject({
      ok: true,
      value: { user: { id: 'U-1', roles: ['billing'], admin: true }, idleLockMinutes: 15 },
    })
    const nobody = await anonymous('session.current')
    expect(nobody).toMatchObject({ ok: true, value: { user: null, signIn: { firstRun: false } } })
  })

  it('ends a session after the idle-lock minutes without a call', async () => {
    const api = await signedInApi(demo.office)
    await withTransaction(demo.office, (trx) => writeSettingIn(trx, IDLE_LOCK_KEY, 1))
    try {
      expect(await resolveSession(demo.office, api.sessionId, Date.now() + 30_000)).not.toBeNull()
      expect(await resolveSession(demo.office, api.sessionId, Date.now() + 30_000 + 61_000)).toBeNull()
      expect(await api.call('jobs.counts', {})).toMatchObject({ ok: false, error: { code: 'not-signed-in' } })
    } finally {
      await withTransaction(demo.office, (trx) => writeSettingIn(trx, IDLE_LOCK_KEY, 15))
    }
  })
})

describe('first run', () => {
  it('lets the first person create the admin only while the office has no users', async () => {
    const { tempOffice } = await import('../../support/temp-office')
    const t = await tempOffice()
    try {
      const handlers = createHandlers(t.office)
      const call = (method: string, input: unknown) =>
        dispatch(t.office, handlers, method, input, { transport: 'test' })
      expect(await call('session.current', {})).toMatchObject({ ok: true, value: { signIn: { firstRun: true } } })
      const first = await call('session.createFirstAdmin', { name: 'Pat Owner', pin: '4444' })
      expect(first).toMatchObject({ ok: true, value: { user: { id: 'U-1', name: 'Pat Owner', admin: true } } })
      expect(await call('session.createFirstAdmin', { id: 'U-9', name: 'Mallory', pin: '1111' })).toMatchObject({
        ok: false,
        error: { code: 'not-first-run' },
      })
    } finally {
      await t.dispose()
    }
  })
})
