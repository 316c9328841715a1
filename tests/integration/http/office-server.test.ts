import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOfficeServer, type OfficeServer } from '../../../src-main/http/office-server'
import { openOffice, type Office } from '../../../src-main/core/office'
import { slowHeaders } from './slow-client'

// Findings of the pre-release security audit of the office API over HTTP: each failed before its fix.

let root: string
let office: Office
let server: OfficeServer
let base: string

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
      cookie: `closeout_office=${server.token}`,
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
      headers: { cookie: `closeout_office=${server.token}`, origin: 'http://evil.example' },
    })
    await foreign.body?.cancel()
    expect(foreign.status).toBe(403)
    const abort = new AbortController()
    const own = await fetch(`${base}/api/events`, {
      headers: { cookie: `closeout_office=${server.token}` },
      signal: abort.signal,
    })
    expect(own.status).toBe(200)
    expect(own.headers.get('content-type')).toContain('text/event-stream')
    abort.abort()
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
