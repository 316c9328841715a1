import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { signIn, startHarness, trySignIn, type Harness } from './lan-harness'

let h: Harness
beforeEach(async () => {
  h = await startHarness()
})
afterEach(async () => {
  await h.close()
})

const tryPin = (technicianId: string, pin: string) => trySignIn(h, technicianId, pin)

describe('technician sign-in', () => {
  it('lists the active technicians for the sign-in screen', async () => {
    const body = (await (await fetch(`${h.base}/api/technicians`)).json()) as { technicians: { id: string }[] }
    expect(body.technicians.map((t) => t.id).sort()).toEqual(['T-07', 'T-08', 'T-09'])
  })

  it('trades a right PIN for an HttpOnly SameSite=Strict 12-hour cookie and stores only its hash', async () => {
    const res = await tryPin('T-07', '4321')
    expect(res.status).toBe(200)
    const cookie = res.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Strict/i)
    expect(cookie).toMatch(/Max-Age=43200/)
    const token = decodeURIComponent(cookie.split(';')[0]?.split('=')[1] ?? '')
    const rows = h.office.sqlite.prepare('SELECT token_hash, technician_id FROM lan_sessions').all() as {
      token_hash: string
      technician_id: string
    }[]
    expect(rows).toHaveLength(1)
    expect(rows[0]?.technician_id).toBe('T-07')
    expect(rows[0]?.token_hash).not.toContain(token)
    const me = await fetch(`${h.base}/api/session`, { headers: { cookie: cookie.split(';')[0] ?? '' } })
    expect(((await me.json()) as { technician: { name: string } }).technician.name).toBe('Sam Ortiz')
  })

  it('refuses a wrong PIN, and the API without a session', async () => {
    const res = await tryPin('T-07', '0000')
    expect(res.status).toBe(401)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('wrong-pin')
    expect((await fetch(`${h.base}/api/jobs`)).status).toBe(401)
  })

  it('holds a technician back on this phone after 3 wrong PINs, even for the right PIN, across a restart', async () => {
    for (let i = 0; i < 2; i++) expect((await tryPin('T-07', '1111')).status).toBe(401)
    const third = await tryPin('T-07', '1111')
    expect(third.status).toBe(429)
    expect(Number(third.headers.get('retry-after'))).toBe(30)
    expect((await tryPin('T-07', '4321')).status).toBe(429)
    // Another technician on the same phone is not locked out by Sam's mistakes.
    expect((await tryPin('T-08', '5678')).status).toBe(200)
    await h.restart()
    const after = await tryPin('T-07', '4321')
    expect(after.status).toBe(429)
    expect(after.headers.get('retry-after')).toBeTruthy()
  })

  it('locks an address after 20 wrong PINs across technicians within 10 minutes', async () => {
    // Ids nobody has: each technician's own throttle would hold those guesses back first.
    let last: Response | null = null
    for (let i = 0; i < 20; i++) last = await tryPin(`T-9${i}`, '9999')
    expect(last?.status).toBe(429)
    // Every technician is now refused from this address, with the right PIN too.
    expect((await tryPin('T-08', '5678')).status).toBe(429)
  }, 120_000) // 20 slow PIN hashes in a row

  it('signs out: the cookie stops working', async () => {
    const cookie = await signIn(h)
    await fetch(`${h.base}/api/session`, { method: 'DELETE', headers: { cookie } })
    expect((await fetch(`${h.base}/api/jobs`, { headers: { cookie } })).status).toBe(401)
  })
})
