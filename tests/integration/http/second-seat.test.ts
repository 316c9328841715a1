import { mkdirSync, writeFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { createServer, connect } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { manageSecondSeat, type SecondSeat } from '../../../src-main/http/second-seat'
import { startOfficeServer, type OfficeServer, SEAT_SIGN_INS_PER_MINUTE } from '../../../src-main/http/office-server'
import { DEFAULT_SEAT_PORT } from '../../../src-main/core/network/second-seat'
import { openDemoOffice, type DemoOffice } from '../office/office-fixture'
import { signedInApi, DEMO_BILLING, DEMO_SUPERVISOR, type SignedInApi } from '../../support/signed-in'

// Issue #12 item 7: the office UI for a second PC on the LAN, off by default. Every probe is
// real HTTP on 127.0.0.1 against the seat as `serve` and the desktop app run it.

let demo: DemoOffice
let admin: SignedInApi
let local: OfficeServer
let seat: SecondSeat
let seatPort: number
let ui: string

async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done))
  const port = (probe.address() as { port: number }).port
  await new Promise<void>((done) => probe.close(() => done()))
  return port
}

/** Whether anything accepts a TCP connection on the port. */
function listening(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port })
    socket.once('connect', () => {
      socket.destroy()
      done(true)
    })
    socket.once('error', () => done(false))
  })
}

const seatBase = () => `http://127.0.0.1:${seatPort}`

/** A call as the seat's own page in a browser makes it (same-origin Fetch metadata, X-Closeout). */
function seatCall(method: string, body: unknown = {}, extra: Record<string, string> = {}) {
  return fetch(`${seatBase()}/api/${method}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-closeout': '1',
      origin: seatBase(),
      'sec-fetch-site': 'same-origin',
      ...extra,
    },
    body: JSON.stringify(body),
  })
}

/** jobs.counts with a Host header of our choosing (fetch will not set one). */
function statusWithHost(host: string, cookie: string): Promise<number> {
  return new Promise((done, fail) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: seatPort,
        path: '/api/jobs.counts',
        method: 'POST',
        headers: {
          host,
          cookie,
          'content-type': 'application/json',
          'x-closeout': '1',
          'sec-fetch-site': 'same-origin',
        },
      },
      (res) => {
        res.resume()
        done(res.statusCode ?? 0)
      },
    )
    req.on('error', fail)
    req.end('{}')
  })
}

async function signInOnSeat(as: { userId: string; pin: string }): Promise<{ cookie: string; raw: string }> {
  const res = await seatCall('session.signIn', as)
  expect(res.status).toBe(200)
  const body = (await res.json()) as { ok: boolean; value: { sessionId: string } }
  // The page never sees the session's value: it lives in the HttpOnly cookie only.
  expect(body.value.sessionId).toBe('')
  const raw = res.headers.get('set-cookie') ?? ''
  return { cookie: raw.split(';')[0]!, raw }
}

beforeAll(async () => {
  demo = await openDemoOffice()
  admin = await signedInApi(demo.office, DEMO_BILLING)
  ui = join(demo.root, 'renderer')
  mkdirSync(join(ui, 'office'), { recursive: true })
  mkdirSync(join(ui, 'assets'), { recursive: true })
  writeFileSync(join(ui, 'office', 'index.html'), '<!doctype html><title>Closeout office</title>')
  writeFileSync(join(ui, 'assets', 'office-1.js'), 'export {}')
  local = await startOfficeServer(demo.office, { port: 0, uiDir: ui })
  seatPort = await freePort()
  seat = await manageSecondSeat(demo.office, { host: '127.0.0.1', uiDir: ui })
})
afterAll(async () => {
  await seat.stop()
  await local.close()
  await demo.close()
})

describe('the second seat', () => {
  it('is off by default: nothing listens on its port and Settings says so', async () => {
    const settings = await admin.call('settings.get')
    expect(settings).toMatchObject({ ok: true, value: { secondSeat: { enabled: false, port: DEFAULT_SEAT_PORT } } })
    expect(seat.info()).toMatchObject({ enabled: false, running: false, urls: [] })
    expect(await listening(DEFAULT_SEAT_PORT)).toBe(false)
  })

  it('only an admin, confirming with their PIN, switches it on, and never on the technician form port', async () => {
    const supervisor = await signedInApi(demo.office, DEMO_SUPERVISOR)
    expect(
      await supervisor.call('settings.update', {
        section: 'secondSeat',
        enabled: true,
        port: seatPort,
        confirmPin: DEMO_SUPERVISOR.pin,
      }),
    ).toMatchObject({ ok: false, error: { code: 'admin-only' } })
    expect(await admin.call('settings.update', { section: 'secondSeat', enabled: true, port: seatPort })).toMatchObject(
      { ok: false, error: { code: 'pin-required' } },
    )
    expect(
      await admin.call('settings.update', {
        section: 'secondSeat',
        enabled: true,
        port: 8787,
        confirmPin: DEMO_BILLING.pin,
      }),
    ).toMatchObject({ ok: false, error: { code: 'invalid-input', details: [{ path: 'port' }] } })
    expect(await listening(seatPort)).toBe(false)
  })

  it('switched on, it listens on its own port and Settings shows the address', async () => {
    const answer = await admin.call('settings.update', {
      section: 'secondSeat',
      enabled: true,
      port: seatPort,
      confirmPin: DEMO_BILLING.pin,
    })
    expect(answer).toMatchObject({
      ok: true,
      value: {
        settings: { secondSeat: { enabled: true, port: seatPort } },
        notice: expect.stringContaining(`http://127.0.0.1:${seatPort}/`),
      },
    })
    expect(await admin.call('lan.seatInfo')).toEqual({
      ok: true,
      value: { enabled: true, running: true, port: seatPort, urls: [`http://127.0.0.1:${seatPort}/`], problem: null },
    })
    expect(await listening(seatPort)).toBe(true)
    expect(seatPort).not.toBe(local.port)
  })

  it('serves the sign-in page and its files without a session, and nothing else', async () => {
    const page = await fetch(`${seatBase()}/`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('Closeout office')
    expect((await fetch(`${seatBase()}/assets/office-1.js`)).status).toBe(200)
    const jobs = await seatCall('jobs.list')
    expect(jobs.status).toBe(401)
    expect(await jobs.json()).toMatchObject({ ok: false, error: { code: 'not-signed-in' } })
    const events = await fetch(`${seatBase()}/api/events`, { headers: { 'sec-fetch-site': 'same-origin' } })
    await events.body?.cancel()
    expect(events.status).toBe(401)
    // Making the first admin is for the office PC only (and the office has users anyway).
    expect(await (await seatCall('session.createFirstAdmin', { name: 'Mallory', pin: '1111' })).json()).toMatchObject({
      ok: false,
    })
  })

  it('does not open with the token: neither ?token= nor the Bearer header nor a session opened elsewhere', async () => {
    const visit = await fetch(`${seatBase()}/?token=${local.token}`, { redirect: 'manual' })
    expect(visit.status).toBe(200)
    expect(visit.headers.get('set-cookie')).toBeNull()
    await visit.body?.cancel()
    const bearer = await seatCall('jobs.list', {}, { authorization: `Bearer ${local.token}` })
    expect(bearer.status).toBe(401)
    // A session signed in on this PC (a desktop window, 127.0.0.1) is not a seat session.
    const header = await seatCall('jobs.list', {}, { 'x-closeout-session': admin.sessionId })
    expect(header.status).toBe(401)
    const cookie = await seatCall('jobs.list', {}, { cookie: `closeout_seat=${admin.sessionId}` })
    expect(cookie.status).toBe(401)
    // And the seat's own port is not the token server's: the token server refuses the seat's Host.
    expect((await fetch(`${local.url}?token=${local.token}`, { redirect: 'manual' })).status).toBe(302)
  })

  it('signs in with a PIN into an HttpOnly SameSite=Strict cookie, and the session works from its own page only', async () => {
    const { cookie, raw } = await signInOnSeat(DEMO_SUPERVISOR)
    expect(raw).toMatch(/^closeout_seat=/)
    expect(raw).toMatch(/HttpOnly/i)
    expect(raw).toMatch(/SameSite=Strict/i)
    const own = await seatCall('jobs.counts', {}, { cookie })
    expect(own.status).toBe(200)
    expect(await own.json()).toMatchObject({ ok: true })
    // Over plain HTTP to a LAN address Chromium sends no Fetch Metadata, only its Origin.
    const noMetadata = await fetch(`${seatBase()}/api/jobs.counts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-closeout': '1', origin: seatBase(), cookie },
      body: '{}',
    })
    expect(noMetadata.status).toBe(200)
    const foreignNoMetadata = await fetch(`${seatBase()}/api/jobs.counts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-closeout': '1', origin: 'http://evil.example', cookie },
      body: '{}',
    })
    expect(foreignNoMetadata.status).toBe(403)
    // A page from elsewhere (another site, the phone form's port on the same PC) is refused.
    expect((await seatCall('jobs.counts', {}, { cookie, origin: 'http://evil.example' })).status).toBe(403)
    expect((await seatCall('jobs.counts', {}, { cookie, origin: 'http://127.0.0.1:8787' })).status).toBe(403)
    expect((await seatCall('jobs.counts', {}, { cookie, 'sec-fetch-site': 'cross-site' })).status).toBe(403)
    // Without the X-Closeout header (a plain HTML form post cannot add it) nothing runs.
    expect((await seatCall('jobs.counts', {}, { cookie, 'x-closeout': '' })).status).toBe(403)
    // A Host that is not this PC (DNS rebinding) is refused.
    expect(await statusWithHost(`evil.example:${seatPort}`, cookie)).toBe(421)
    expect(await statusWithHost(`127.0.0.1:${seatPort}`, cookie)).toBe(200)
    await seatCall('session.signOut', {}, { cookie })
  })

  it('lists signed-in sessions for the admin (who, from where, since, last seen) and signs one out', async () => {
    const { cookie } = await signInOnSeat(DEMO_SUPERVISOR)
    expect((await seatCall('jobs.counts', {}, { cookie })).status).toBe(200)
    const supervisor = await signedInApi(demo.office, DEMO_SUPERVISOR)
    expect(await supervisor.call('session.list')).toMatchObject({ ok: false, error: { code: 'admin-only' } })
    const listed = await admin.call('session.list')
    expect(listed.ok).toBe(true)
    const entries = (listed as { value: { ref: string; userId: string; via: string; address: string | null }[] }).value
    const remote = entries.filter((e) => e.via === 'second-seat')
    expect(remote).toHaveLength(1)
    expect(remote[0]).toMatchObject({ userId: 'U-2', userName: 'Lee Park (supervisor)', address: '127.0.0.1' })
    expect(remote[0]).toHaveProperty('since')
    expect(remote[0]).toHaveProperty('lastSeen')
    // The list never carries a session's secret value.
    expect(JSON.stringify(listed)).not.toContain(cookie.split('=')[1])
    expect(entries.find((e) => e.userId === 'U-1' && (e as { current?: boolean }).current)).toBeDefined()

    expect(await admin.call('session.end', { ref: remote[0]!.ref, confirmPin: '0000' })).toMatchObject({
      ok: false,
      error: { code: 'wrong-pin' },
    })
    expect(await admin.call('session.end', { ref: remote[0]!.ref, confirmPin: DEMO_BILLING.pin })).toEqual({
      ok: true,
      value: { ended: true },
    })
    const after = await seatCall('jobs.counts', {}, { cookie })
    expect(after.status).toBe(401)
    expect(await after.json()).toMatchObject({ ok: false, error: { code: 'not-signed-in' } })
  })

  it('switched off, the port closes and the seat sessions end', async () => {
    const { cookie } = await signInOnSeat(DEMO_SUPERVISOR)
    expect((await seatCall('jobs.counts', {}, { cookie })).status).toBe(200)
    const before = (await admin.call('session.list')) as { value: { via: string }[] }
    expect(before.value.filter((e) => e.via === 'second-seat')).toHaveLength(1)
    const off = await admin.call('settings.update', {
      section: 'secondSeat',
      enabled: false,
      port: seatPort,
      confirmPin: DEMO_BILLING.pin,
    })
    expect(off).toMatchObject({ ok: true, value: { settings: { secondSeat: { enabled: false } } } })
    expect(await listening(seatPort)).toBe(false)
    const listed = (await admin.call('session.list')) as { value: { via: string }[] }
    expect(listed.value.filter((e) => e.via === 'second-seat')).toEqual([])
    expect(seat.info()).toMatchObject({ enabled: false, running: false })
  })

  it('slows sign-ins from one address and refuses large bodies without a session', async () => {
    await admin.call('settings.update', { section: 'secondSeat', enabled: true, port: seatPort, confirmPin: '2468' })
    expect(await listening(seatPort)).toBe(true)
    const big = await seatCall('session.signIn', { userId: 'U-2', pin: '1357', pad: 'x'.repeat(10_000) })
    expect(big.status).toBe(413)
    let limited = 0
    for (let i = 0; i < SEAT_SIGN_INS_PER_MINUTE + 2; i++) {
      const res = await seatCall('session.signIn', { userId: 'NOBODY', pin: '1111' })
      if (res.status === 429) limited++
      await res.body?.cancel()
    }
    expect(limited).toBeGreaterThan(0)
  })
})
