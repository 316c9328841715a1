import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOfficeServer, type OfficeServer } from '../../../src-main/http/office-server'
import { openOffice, type Office } from '../../../src-main/core/office'
import { slowHeaders } from './slow-client'
import { createFirstAdmin } from '../../../src-main/core/auth/first-admin'
import { openSession } from '../../../src-main/core/auth/office-sessions'

// Findings of the pre-release security audit of the office API over HTTP: each failed before its fix.

let root: string
let office: Office
let server: OfficeServer
let base: string
/** The browser's pass: what `/?token=` sets (a value of its own, not the token). */
let accessCookie: string
let sessionId: string

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'closeout-office-http-'))
  // A built UI folder with a symlink planted in it, pointing at a file and a folder outside.
  const ui = join(root, 'renderer')
  mkdirSync(join(ui, 'office'), { recursive: true })
  mkdirSync(join(ui, 'assets'), { recursive: true })
  mkdirSync(join(root, 'private'))
  writeFileSync(join(root, 'private', 'secret.txt'), 'SECRET OUTSIDE THE UI')
  writeFileSync(join(ui, 'office', 'index.html'), '<!doctype html><title>Closeout</title>')
  writeFileSync(join(ui, 'assets', 'office-1.js'), 'export {}')
  symlinkSync(join(root, 'private', 'secret.txt'), join(ui, 'assets', 'leak.js'))
  symlinkSync(join(root, 'private'), join(ui, 'assets', 'linked-dir'))
  office = await openOffice({ dataDir: join(root, 'data'), sharedDir: join(root, 'shared') })
  server = await startOfficeServer(office, { port: 0, uiDir: ui })
  base = server.url.replace(/\/$/, '')
  await createFirstAdmin(office, { id: 'U-1', name: 'Pat Owner', pin: '4444' })
  const visit = await fetch(server.loginUrl, { redirect: 'manual' })
  accessCookie = (visit.headers.get('set-cookie') ?? '').split(';')[0]!
  sessionId = openSession(office, 'U-1')
})
afterAll(async () => {
  await server.close()
  await office.close()
  rmSync(root, { recursive: true, force: true })
})

const call = (headers: Record<string, string>) =>
  fetch(`${base}/api/jobs.list`, {
    method: 'POST',
    headers: {
      cookie: `${accessCookie}; closeout_session=${sessionId}`,
      'content-type': 'application/json',
      'x-closeout': '1',
      ...headers,
    },
    body: '{}',
  })

describe('cross-site calls with the session cookie', () => {
  it('refuses an API call from another origin even with the cookie and the X-Closeout header', async () => {
    expect((await call({ origin: 'http://evil.example' })).status).toBe(403)
    // The phone form on 127.0.0.1:8787 is same-site, so SameSite=Strict sends the cookie along.
    expect((await call({ origin: 'http://127.0.0.1:8787' })).status).toBe(403)
    expect((await call({ 'sec-fetch-site': 'same-site' })).status).toBe(403)
    expect((await call({ 'sec-fetch-site': 'cross-site' })).status).toBe(403)
    const own = await call({ origin: base, 'sec-fetch-site': 'same-origin' })
    expect(own.status).toBe(200)
    expect(await own.json()).toMatchObject({ ok: true })
  })

  it('refuses the event stream to another origin', async () => {
    const foreign = await fetch(`${base}/api/events`, {
      headers: { cookie: `${accessCookie}; closeout_session=${sessionId}`, origin: 'http://evil.example' },
    })
    await foreign.body?.cancel()
    expect(foreign.status).toBe(403)
    const abort = new AbortController()
    const own = await fetch(`${base}/api/events`, {
      headers: { cookie: `${accessCookie}; closeout_session=${sessionId}`, 'sec-fetch-site': 'same-origin' },
      signal: abort.signal,
    })
    expect(own.status).toBe(200)
    expect(own.headers.get('content-type')).toContain('text/event-stream')
    abort.abort()
  })
})

// Issue #12 item 5: the cookie held the raw bearer token, sent by browsers to every port of 127.0.0.1.
describe('the office cookies', () => {
  it('the browser cookie is not the bearer token, and the token in a cookie opens nothing', async () => {
    expect(accessCookie).toMatch(/^closeout_office=/)
    expect(accessCookie).not.toContain(server.token)
    const withToken = await call({
      cookie: `closeout_office=${server.token}; closeout_session=${sessionId}`,
      'sec-fetch-site': 'same-origin',
    })
    expect(withToken.status).toBe(401)
  })

  it('honours the cookies only on a same-origin request from a browser', async () => {
    // A program that copied the cookie but sends no fetch metadata is refused; a script uses the Bearer header.
    expect((await call({})).status).toBe(401)
    expect((await call({ 'sec-fetch-site': 'same-origin' })).status).toBe(200)
    const script = await fetch(`${base}/api/jobs.list`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${server.token}`,
        'x-closeout-session': sessionId,
        'content-type': 'application/json',
        'x-closeout': '1',
      },
      body: '{}',
    })
    expect(script.status).toBe(200)
  })

  it('signing in sets an HttpOnly SameSite=Strict session cookie that expires with the session', async () => {
    const signIn = await fetch(`${base}/api/session.signIn`, {
      method: 'POST',
      headers: {
        cookie: accessCookie,
        'sec-fetch-site': 'same-origin',
        'content-type': 'application/json',
        'x-closeout': '1',
      },
      body: JSON.stringify({ userId: 'U-1', pin: '4444' }),
    })
    expect(signIn.status).toBe(200)
    const setCookie = signIn.headers.get('set-cookie') ?? ''
    expect(setCookie).toMatch(/^closeout_session=[\w-]+; /)
    expect(setCookie).toMatch(/HttpOnly/)
    expect(setCookie).toMatch(/SameSite=Strict/)
    const expires = Date.parse(/Expires=([^;]+)/.exec(setCookie)![1]!)
    // The default idle lock is 15 minutes: the cookie lasts as long as the session, not the browser.
    expect(expires - Date.now()).toBeGreaterThan(14 * 60_000)
    expect(expires - Date.now()).toBeLessThan(16 * 60_000)
    const cookie = `${accessCookie}; ${setCookie.split(';')[0]}`
    const headers = { cookie, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json', 'x-closeout': '1' }
    expect((await fetch(`${base}/api/jobs.counts`, { method: 'POST', headers, body: '{}' })).status).toBe(200)
    const out = await fetch(`${base}/api/session.signOut`, { method: 'POST', headers, body: '{}' })
    expect(out.headers.get('set-cookie')).toMatch(/closeout_session=;/)
    expect((await fetch(`${base}/api/jobs.counts`, { method: 'POST', headers, body: '{}' })).status).toBe(401)
  })
})

describe('static files', () => {
  it('serves the UI but not a file reached through a symlink in its folder', async () => {
    expect((await fetch(`${base}/assets/office-1.js`)).status).toBe(200)
    for (const path of ['/assets/leak.js', '/assets/linked-dir/secret.txt']) {
      const res = await fetch(`${base}${path}`)
      expect(res.status).toBe(404)
      expect(await res.text()).not.toContain('SECRET')
    }
  })
})

describe('slow clients', () => {
  it('cuts off a client that never finishes its headers after about 10 s', async () => {
    const { ms, statusLine } = await slowHeaders(server.port, 30_000)
    expect(statusLine).toContain('408')
    expect(ms).toBeLessThan(14_000)
  }, 40_000)
})

describe('framework errors (issue #12 item 6)', () => {
  it('answers an address Fastify cannot decode (FST_ERR_BAD_URL) in the usual envelope', async () => {
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: server.port,
          path: '/api/%c0',
          method: 'GET',
          headers: { host: `127.0.0.1:${server.port}` },
        },
        (res) => {
          let body = ''
          res.on('data', (c: Buffer) => (body += c.toString('utf8')))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
        },
      )
      req.on('error', reject)
      req.end()
    })
    expect(answer.status).toBe(400)
    expect(JSON.parse(answer.body)).toEqual({
      ok: false,
      error: { code: 'bad-request', message: expect.any(String), details: [] },
    })
    expect(answer.body).not.toContain('FST_')
  })
})

describe('stopping the office server', () => {
  // `serve` stops its office server before the office: a browser tab left open on the office
  // holds an event stream that never ends by itself, and must not keep the stop waiting.
  it('stops at once with an office tab listening for events and a connection that sent nothing', async () => {
    const other = await startOfficeServer(office, { port: 0 })
    const visit = await fetch(other.loginUrl, { redirect: 'manual' })
    const cookie = (visit.headers.get('set-cookie') ?? '').split(';')[0]!
    const stream = await fetch(`${other.url.replace(/\/$/, '')}/api/events`, {
      headers: { cookie: `${cookie}; closeout_session=${sessionId}`, 'sec-fetch-site': 'same-origin' },
    })
    expect(stream.status).toBe(200)
    // And a connection the browser opened ahead of need, which has sent nothing yet.
    const quiet = connect(other.port, '127.0.0.1')
    await new Promise((resolve) => quiet.once('connect', resolve))
    const started = Date.now()
    const closed = await Promise.race([
      other.close().then(() => 'closed'),
      new Promise((resolve) => setTimeout(() => resolve('still waiting'), 10_000)),
    ])
    expect(closed).toBe('closed')
    expect(Date.now() - started).toBeLessThan(2_000)
    await stream.body?.cancel().catch(() => undefined)
    quiet.destroy()
  }, 30_000)
})
