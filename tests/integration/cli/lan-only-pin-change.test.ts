import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openOffice, type Office } from '../../../src-main/core/office'
import { importDemoSetup } from '../../../src-main/core/setup/demo'
import { startOfficeServer, type OfficeServer } from '../../../src-main/http/office-server'
import { startOfficeSnapshot, type OfficeSnapshotWriter } from '../../../src-main/lan/office-snapshot-writer'
import { ROOT } from '../../support/temp-office'

// Issue #12 item 6 across processes: the office revoked a technician's phone sessions when it
// changed their PIN, but only in its own process. Here the phone form is the real
// `closeout serve --lan-only` in a child process of its own (its own data folder, the office's
// shared folder), and the PIN is changed by an admin through the office's HTTP API.

let root: string
let office: Office
let snapshot: OfficeSnapshotWriter
let server: OfficeServer
let formOnly: ChildProcess
let formBase: string

async function waitFor(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const until = Date.now() + ms
  while (Date.now() < until) {
    if (await check()) return true
    await new Promise((r) => setTimeout(r, 100))
  }
  return check()
}

async function officeCall(method: string, body: unknown, sessionId?: string) {
  const res = await fetch(`${server.url}api/${method}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${server.token}`,
      'content-type': 'application/json',
      'x-closeout': '1',
      ...(sessionId ? { 'x-closeout-session': sessionId } : {}),
    },
    body: JSON.stringify(body),
  })
  return (await res.json()) as { ok: boolean; value?: Record<string, unknown>; error?: { message: string } }
}

const phoneSignIn = (technicianId: string, pin: string) =>
  fetch(`${formBase}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ technicianId, pin }),
  })
const phoneJobs = async (cookie: string) => (await fetch(`${formBase}/api/jobs`, { headers: { cookie } })).status

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'closeout-lan-only-pin-'))
  const shared = join(root, 'shared')
  office = await openOffice({ dataDir: join(root, 'office-data'), sharedDir: shared })
  await importDemoSetup(office)
  snapshot = await startOfficeSnapshot(office, { intervalMs: 200 })
  server = await startOfficeServer(office, { port: 0, uiDir: join(root, 'no-ui') })
  formOnly = spawn(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      join(ROOT, 'src-main', 'cli', 'main.ts'),
      '--data',
      join(root, 'form-data'),
      '--shared',
      shared,
      'serve',
      '--lan-only',
      '--port',
      '0',
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CLOSEOUT_DATA: '', CLOSEOUT_SHARED: '' } },
  )
  let out = ''
  formOnly.stdout!.on('data', (d: Buffer) => (out += d.toString()))
  formOnly.stderr!.on('data', (d: Buffer) => (out += d.toString()))
  expect(await waitFor(() => out.includes('Press Ctrl+C'), 90_000), out).toBe(true)
  const port = new URL(/Phone form:\s+(http:\/\/\S+)/.exec(out)![1]!).port
  formBase = `http://127.0.0.1:${port}`
}, 120_000)
afterAll(async () => {
  if (formOnly.exitCode === null) {
    const exited = new Promise((r) => formOnly.once('exit', r))
    formOnly.kill('SIGTERM')
    await exited
  }
  snapshot.stop()
  await server.close()
  await office.close()
  rmSync(root, { recursive: true, force: true })
})

describe('serve --lan-only in its own process', () => {
  it("ends a phone's session when an admin at the office changes the technician's PIN", async () => {
    const signedIn = await phoneSignIn('T-07', '4321')
    expect(signedIn.status).toBe(200)
    const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0]!
    const colleague = (await phoneSignIn('T-08', '5678')).headers.get('set-cookie')!.split(';')[0]!
    expect(await phoneJobs(cookie)).toBe(200)

    // The demo's billing user acts as admin: a new PIN for Sam Ortiz, confirmed with the admin's PIN.
    const admin = await officeCall('session.signIn', { userId: 'U-1', pin: '2468' })
    const sessionId = admin.value!.sessionId as string
    const changed = await officeCall(
      'settings.update',
      { section: 'technicians', technicians: [{ id: 'T-07', name: 'Sam Ortiz', pin: '9090' }], confirmPin: '2468' },
      sessionId,
    )
    expect(changed).toMatchObject({ ok: true })

    // The other process notices through the shared folder's snapshot, within a few seconds.
    expect(await waitFor(async () => (await phoneJobs(cookie)) === 401, 15_000)).toBe(true)
    expect((await phoneSignIn('T-07', '4321')).status).toBe(401)
    const fresh = (await phoneSignIn('T-07', '9090')).headers.get('set-cookie')!.split(';')[0]!
    expect(await phoneJobs(fresh)).toBe(200)
    // Another technician, whose PIN did not change, stays signed in.
    expect(await phoneJobs(colleague)).toBe(200)
  }, 60_000)
})
