import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { STOP_GRACE_MS } from '../../../src-main/lan/connections'
import { startLanServer } from '../../../src-main/lan/server'
import { ADDRESS_FAILURE_LIMIT, TECH_ADDRESS_FREE_TRIES } from '../../../src-main/lan/pin-throttle'
import { slowHeaders } from '../http/slow-client'
import {
  closeoutDoc,
  defaultFiles,
  postCloseout,
  rawRequest,
  signIn,
  startHarness,
  trySignIn,
  type Harness,
} from './lan-harness'

// Findings of the pre-release security audit: each test failed before its fix.

let h: Harness
beforeEach(async () => {
  h = await startHarness()
})
afterEach(async () => {
  await h.close()
})

const attempt = (technicianId: string, pin: string) => trySignIn(h, technicianId, pin)

async function burst(count: number, technicianId: (i: number) => string): Promise<number[]> {
  const answers = await Promise.all(Array.from({ length: count }, (_, i) => attempt(technicianId(i), String(1000 + i))))
  return answers.map((a) => a.status)
}

describe('PIN guesses sent in parallel', () => {
  it('cannot race past the free tries of one technician on one phone', async () => {
    const statuses = await burst(30, () => 'T-08')
    // Before the fix every request passed the lockout check before the first failure was counted.
    expect(statuses.filter((s) => s === 401).length).toBeLessThan(TECH_ADDRESS_FREE_TRIES)
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(30 - TECH_ADDRESS_FREE_TRIES)
    const right = await attempt('T-08', '5678')
    expect(right.status).toBe(429)
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThanOrEqual(20)
  })

  it('cannot race past the 20-guess lockout of one address', async () => {
    const statuses = await burst(40, (i) => `NOBODY-${i}`)
    expect(statuses.filter((s) => s === 401).length).toBeLessThan(ADDRESS_FAILURE_LIMIT)
    expect((await attempt('T-07', '4321')).status).toBe(429)
  })
})

describe('sessions', () => {
  it('a new sign-in from the same browser ends the session it replaces', async () => {
    const first = await signIn(h, 'T-07', '4321')
    const res = await fetch(`${h.base}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: first },
      body: JSON.stringify({ technicianId: 'T-09', pin: '8642' }),
    })
    expect(res.status).toBe(200)
    expect((await fetch(`${h.base}/api/jobs`, { headers: { cookie: first } })).status).toBe(401)
    const second = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
    expect((await fetch(`${h.base}/api/session`, { headers: { cookie: second } })).status).toBe(200)
  })
})

describe('request boundaries', () => {
  it('answers a malformed multipart body 400 with the usual error shape, not 500', async () => {
    const cookie = await signIn(h)
    const post = (body: string, contentType: string) =>
      rawRequest(h, {
        method: 'POST',
        path: '/api/closeouts',
        headers: {
          host: `127.0.0.1:${h.server.port}`,
          cookie,
          'content-type': contentType,
          'content-length': String(Buffer.byteLength(body)),
        },
        body: Buffer.from(body),
      })
    const cut = `--XX\r\nContent-Disposition: form-data; name="closeout"\r\n\r\n${JSON.stringify(closeoutDoc())}\r\n`
    for (const [body, type] of [
      [cut, 'multipart/form-data; boundary=XX'],
      ['garbage', 'multipart/form-data; boundary=XX'],
      ['--XX--\r\n', 'multipart/form-data'],
    ] as const) {
      const res = await post(body, type)
      expect(res.status).toBe(400)
      expect(JSON.parse(res.body)).toMatchObject({
        error: { code: 'invalid-input', message: expect.stringContaining('multipart') },
      })
    }
  })

  it('refuses a write from another port of the same host (another origin)', async () => {
    const res = await fetch(`${h.base}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://127.0.0.1:4780' },
      body: JSON.stringify({ technicianId: 'T-07', pin: '4321' }),
    })
    expect(res.status).toBe(403)
    const own = await fetch(`${h.base}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: h.base },
      body: JSON.stringify({ technicianId: 'T-07', pin: '4321' }),
    })
    expect(own.status).toBe(200)
  })

  it('does not follow a symlink planted in the built form folder', async () => {
    const out = join(h.root, 'renderer-out')
    mkdirSync(join(out, 'techform'), { recursive: true })
    mkdirSync(join(out, 'assets'), { recursive: true })
    writeFileSync(join(h.root, 'secret.txt'), 'SECRET OUTSIDE THE BUILD')
    symlinkSync(join(h.root, 'secret.txt'), join(out, 'assets', 'leak-1.js'))
    writeFileSync(join(out, 'assets', 'techform-abc.js'), 'export {}')
    writeFileSync(
      join(out, 'techform', 'index.html'),
      '<script src="../assets/techform-abc.js"></script><script src="../assets/leak-1.js"></script>',
    )
    const server = await startLanServer(h.office, { host: '127.0.0.1', port: 0, rendererOut: out })
    try {
      const base = `http://127.0.0.1:${server.port}`
      expect((await fetch(`${base}/assets/techform-abc.js`)).status).toBe(200)
      const leak = await fetch(`${base}/assets/leak-1.js`)
      expect(leak.status).toBe(404)
      expect(await leak.text()).not.toContain('SECRET')
    } finally {
      await server.close()
    }
  })
})

describe('slow clients', () => {
  it('cuts off a phone that never finishes its headers after about 10 s, as documented', async () => {
    const { ms, statusLine } = await slowHeaders(h.server.port, 45_000)
    expect(statusLine).toContain('408')
    expect(ms).toBeLessThan(14_000)
  }, 50_000)
})

describe('stopping the form', () => {
  // A phone's browser opens a connection ahead of need (preconnect) and keeps another alive after
  // a request: neither may hold the office PC's quit or a seat hand-over for 30 s.
  it('stops at once with a phone connection open that sent nothing, and one kept alive', async () => {
    const quiet = connect(h.server.port, '127.0.0.1')
    await new Promise((resolve) => quiet.once('connect', resolve))
    const kept = connect(h.server.port, '127.0.0.1')
    await new Promise((resolve) => kept.once('connect', resolve))
    kept.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n')
    await new Promise((resolve) => kept.once('data', resolve))
    const started = Date.now()
    await h.server.close()
    expect(Date.now() - started).toBeLessThan(2_000)
    quiet.destroy()
    kept.destroy()
  }, 60_000)

  it('lets a request under way finish before it stops', async () => {
    const body = JSON.stringify({ technicianId: 'T-07', pin: '4321' })
    const phone = connect(h.server.port, '127.0.0.1')
    await new Promise((resolve) => phone.once('connect', resolve))
    const answer = new Promise<string>((resolve) => phone.once('data', (d: Buffer) => resolve(d.toString())))
    phone.write(
      `POST /api/session HTTP/1.1\r\nHost: 127.0.0.1:${h.server.port}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
    )
    await new Promise((resolve) => setTimeout(resolve, 200))
    const started = Date.now()
    const stopped = h.server.close()
    await new Promise((resolve) => setTimeout(resolve, 300))
    phone.write(body.slice(10))
    expect(await answer).toMatch(/^HTTP\/1.1 200/)
    await stopped
    // Answered, then stopped: the connection was not held for the grace period.
    expect(Date.now() - started).toBeLessThan(STOP_GRACE_MS)
    phone.destroy()
  }, 60_000)
})

// Issue #12 item 6, the smaller edges of the LAN server.
describe('bodies, framework errors and FormData blobs', () => {
  /** Sends headers and the first bytes of a body, then nothing; resolves when the server hangs up. */
  const silentBody = (port: number, giveUpAfterMs: number, cookie = ''): Promise<number> =>
    new Promise((resolve) => {
      const started = Date.now()
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(
          `POST /api/session HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\ncontent-type: application/json\r\n` +
            `${cookie ? `cookie: ${cookie}\r\n` : ''}content-length: 200\r\n\r\n{"technicianId":`,
        )
      })
      const giveUp = setTimeout(() => socket.destroy(), giveUpAfterMs)
      socket.on('data', () => undefined)
      socket.on('error', () => undefined)
      socket.on('close', () => {
        clearTimeout(giveUp)
        resolve(Date.now() - started)
      })
    })

  it('hangs up on a body that goes silent for 30 s (not 120 s)', async () => {
    const ms = await silentBody(h.server.port, 60_000)
    expect(ms).toBeGreaterThan(25_000)
    expect(ms).toBeLessThan(36_000)
  }, 70_000)

  it('caps a body sent without a technician session at 4 KiB, declared or streamed', async () => {
    const big = JSON.stringify({ technicianId: 'T-07', pin: '4321', padding: 'x'.repeat(20_000) })
    const declared = await fetch(`${h.base}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: big,
    })
    expect(declared.status).toBe(413)
    expect(await declared.json()).toMatchObject({ error: { code: 'too-large' } })
    // Chunked: no Content-Length to refuse up front, so the bytes are counted as they arrive.
    const streamed = await rawRequest(h, {
      method: 'POST',
      path: '/api/closeouts',
      headers: {
        host: `127.0.0.1:${h.server.port}`,
        'content-type': 'application/json',
        'transfer-encoding': 'chunked',
      },
      body: Buffer.from(`${big.length.toString(16)}\r\n${big}\r\n0\r\n\r\n`),
    })
    expect(streamed.status).toBe(413)
    expect(JSON.parse(streamed.body)).toMatchObject({ error: { code: 'too-large' } })
    // A signed-in phone still sends its closeout (photos are far larger than 4 KiB).
    const cookie = await signIn(h)
    expect((await postCloseout(h, cookie, closeoutDoc(), defaultFiles())).status).toBe(201)
  })

  it('answers FST_ERR_BAD_URL and other framework errors in the usual error envelope', async () => {
    const bad = await rawRequest(h, {
      method: 'GET',
      path: '/api/%c0',
      headers: { host: `127.0.0.1:${h.server.port}` },
    })
    expect(bad.status).toBe(400)
    expect(JSON.parse(bad.body)).toEqual({ error: { code: 'bad-request', message: expect.any(String), details: [] } })
    expect(bad.body).not.toContain('FST_')
    const mediaType = await fetch(`${h.base}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'text/x-weird' },
      body: 'hello',
    })
    expect(mediaType.status).toBe(415)
    expect(await mediaType.json()).toEqual({ error: { code: 'bad-request', message: expect.any(String), details: [] } })
    const brokenJson = await fetch(`${h.base}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"technicianId":',
    })
    expect(brokenJson.status).toBe(400)
    expect(await brokenJson.json()).toEqual({
      error: { code: 'bad-request', message: expect.any(String), details: [] },
    })
  })

  it('accepts the closeout field sent as a FormData JSON Blob, like a plain field', async () => {
    const cookie = await signIn(h)
    const asBlob = new FormData()
    const doc = closeoutDoc()
    asBlob.append('closeout', new Blob([JSON.stringify(doc)], { type: 'application/json' }))
    for (const [name, bytes] of Object.entries(defaultFiles()))
      asBlob.append(name, new Blob([new Uint8Array(bytes)]), 'upload.bin')
    const res = await fetch(`${h.base}/api/closeouts`, { method: 'POST', headers: { cookie }, body: asBlob })
    expect(res.status, await res.clone().text()).toBe(201)
    expect(await res.json()).toMatchObject({ submissionId: doc.submissionId })

    // A field part with its own Content-Type (no file name): the parser hands over parsed JSON.
    const other = closeoutDoc({ job: { id: 'J-1057' } })
    const files = defaultFiles()
    const parts: Buffer[] = [
      Buffer.from(
        `--XX\r\nContent-Disposition: form-data; name="closeout"\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(other)}\r\n`,
      ),
    ]
    for (const [name, bytes] of Object.entries(files))
      parts.push(
        Buffer.from(`--XX\r\nContent-Disposition: form-data; name="${name}"; filename="x.bin"\r\n\r\n`),
        bytes,
        Buffer.from('\r\n'),
      )
    parts.push(Buffer.from('--XX--\r\n'))
    const body = Buffer.concat(parts)
    const typed = await rawRequest(h, {
      method: 'POST',
      path: '/api/closeouts',
      headers: {
        host: `127.0.0.1:${h.server.port}`,
        cookie,
        'content-type': 'multipart/form-data; boundary=XX',
        'content-length': String(body.length),
      },
      body,
    })
    expect(typed.status, typed.body).toBe(201)
    expect(JSON.parse(typed.body)).toMatchObject({ submissionId: other.submissionId })
  })
})
