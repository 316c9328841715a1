import { request } from 'node:http'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEMO_BILLING, DEMO_SUPERVISOR, signedInApi } from '../../support/signed-in'
import { startHarness, trySignIn, type Harness } from './lan-harness'

let h: Harness
beforeEach(async () => {
  h = await startHarness()
})
afterEach(async () => {
  await h.close()
})

/** A sign-in from another phone: another loopback address (127.0.0.2). */
function signInFrom(localAddress: string, technicianId: string, pin: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ technicianId, pin })
    const req = request(
      {
        host: '127.0.0.1',
        port: h.server.port,
        localAddress,
        method: 'POST',
        path: '/api/session',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

describe('lockout as a weapon', () => {
  it('wrong PINs from one phone do not lock the technician out of another; the office lists and lifts the lock', async () => {
    for (let i = 0; i < 3; i++) await trySignIn(h, 'T-07', '1111')
    const held = await trySignIn(h, 'T-07', '4321')
    expect(held.status).toBe(429)
    expect(((await held.json()) as { error: { message: string } }).error.message).toMatch(/Try again in \d+ seconds/)
    expect(await signInFrom('127.0.0.2', 'T-07', '4321')).toBe(200)

    const admin = await signedInApi(h.office, DEMO_BILLING)
    const locks = await admin.call('lan.technicianLocks', {})
    expect(locks).toMatchObject({
      ok: true,
      value: [{ technicianId: 'T-07', technicianName: 'Sam Ortiz', address: '127.0.0.1' }],
    })
    // The supervisor is no admin; the admin confirms with their own PIN.
    const supervisor = await signedInApi(h.office, DEMO_SUPERVISOR)
    expect(await supervisor.call('lan.unlockTechnician', { technicianId: 'T-07', confirmPin: '1357' })).toMatchObject({
      ok: false,
      error: { code: 'admin-only' },
    })
    expect(await admin.call('lan.unlockTechnician', { technicianId: 'T-07', confirmPin: '0000' })).toMatchObject({
      ok: false,
      error: { code: 'wrong-pin' },
    })
    const lifted = await admin.call('lan.unlockTechnician', { technicianId: 'T-07', confirmPin: '2468' })
    expect(lifted).toMatchObject({ ok: true, value: { unlocked: 1 } })
    expect((await trySignIn(h, 'T-07', '4321')).status).toBe(200)
  })

  it('a technician id that does not exist leaves no throttle row', async () => {
    await trySignIn(h, 'T-404', '1111')
    const rows = h.office.sqlite.prepare("SELECT key FROM pin_throttle WHERE key LIKE 'lan-tech:%'").all()
    expect(rows).toEqual([])
  })
})
