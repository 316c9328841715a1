import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLanServer } from '../../../src-main/lan/server'
import { createHandlers } from '../../../src-main/core/api/handlers'
import { rawRequest, signIn, startHarness, type Harness } from './lan-harness'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(async () => {
  await h.close()
})

const get = (path: string, host: string) => rawRequest(h, { method: 'GET', path, headers: { host } })

describe('LAN server boundaries', () => {
  it('answers 421 to a foreign Host header (DNS rebinding) and serves its own names', async () => {
    expect((await get('/api/technicians', 'evil.example')).status).toBe(421)
    expect((await get('/api/technicians', `evil.example:${h.server.port}`)).status).toBe(421)
    expect((await get('/api/technicians', `127.0.0.1.evil.example:${h.server.port}`)).status).toBe(421)
    expect((await get('/api/technicians', `127.0.0.1:${h.server.port}`)).status).toBe(200)
    expect((await get('/api/technicians', `localhost:${h.server.port}`)).status).toBe(200)
  })

  it('never exposes the office API: its paths are 404 on the LAN port', async () => {
    const cookie = await signIn(h)
    for (const path of ['/api/jobs.list', '/api/setup.get', '/api/lan.info', '/api/approvals.approve']) {
      const res = await fetch(`${h.base}${path}`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', 'x-closeout': '1' },
        body: '{}',
      })
      expect(res.status).toBe(404)
    }
    expect((await fetch(`${h.base}/api/events`, { headers: { cookie } })).status).toBe(404)
    expect((await fetch(`${h.base}/assets/..%2f..%2fcloseout.sqlite`)).status).toBe(404)
    expect((await fetch(`${h.base}/closeout.sqlite`)).status).toBe(404)
  })

  it('sends security headers and no stack traces', async () => {
    const res = await fetch(`${h.base}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"technicianId":',
    })
    expect(res.status).toBe(400)
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('x-frame-options')).toBe('DENY')
    const text = await res.text()
    expect(text).not.toMatch(/at .*\.(ts|js):\d+/)
    expect(text).not.toContain('node_modules')
  })

  it('refuses a cross-site write carrying a foreign Origin', async () => {
    const res = await fetch(`${h.base}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://evil.example' },
      body: JSON.stringify({ technicianId: 'T-07', pin: '4321' }),
    })
    expect(res.status).toBe(403)
  })
})

describe('the form and lan.info', () => {
  it('serves only the built form and the files it loads, not the office UI', async () => {
    const out = join(h.root, 'renderer-out')
    mkdirSync(join(out, 'techform'), { recursive: true })
    mkdirSync(join(out, 'assets'), { recursive: true })
    writeFileSync(
      join(out, 'techform', 'index.html'),
      '<script type="module" src="../assets/techform-abc.js"></script>',
    )
    writeFileSync(join(out, 'assets', 'techform-abc.js'), 'import "./shared-1.js"')
    writeFileSync(join(out, 'assets', 'shared-1.js'), 'export {}')
    writeFileSync(join(out, 'assets', 'office-xyz.js'), 'office')
    const server = await startLanServer(h.office, { host: '127.0.0.1', port: 0, rendererOut: out })
    try {
      const base = `http://127.0.0.1:${server.port}`
      const page = await fetch(`${base}/`)
      expect(await page.text()).toContain('/assets/techform-abc.js')
      expect((await fetch(`${base}/assets/techform-abc.js`)).status).toBe(200)
      expect((await fetch(`${base}/assets/shared-1.js`)).headers.get('content-type')).toContain('javascript')
      expect((await fetch(`${base}/assets/office-xyz.js`)).status).toBe(404)
    } finally {
      await server.close()
    }
  })

  it("lan.info tells the office the form's addresses with QR codes", async () => {
    const info = await createHandlers(h.office)['lan.info']({}, { transport: 'test' })
    expect(info.running).toBe(true)
    expect(info.port).toBe(h.server.port)
    for (const a of info.addresses) {
      expect(a.url).toBe(`http://${a.address}:${h.server.port}/`)
      expect(a.qrDataUrl).toMatch(/^data:image\/png;base64,/)
    }
    expect(info.pinHelp).toMatch(/PIN/)
    expect(existsSync(h.sharedDir) ? readdirSync(h.sharedDir) : []).not.toContain('closeout.sqlite')
  })
})
