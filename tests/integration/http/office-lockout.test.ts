import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dispatch } from '../../../src-main/core/api/dispatch'
import { createHandlers } from '../../../src-main/core/api/handlers'
import { ADDRESS_PIN_FAILURES, userPlaceKey } from '../../../src-main/core/approvals/approver-auth'
import { readThrottleRowIn, writeThrottleRowIn } from '../../../src-main/core/auth/pin-throttle.repo'
import { openOffice, type SqliteOffice } from '../../../src-main/core/office'
import { importDemoSetup } from '../../../src-main/core/setup/demo'
import { startOfficeServer, type OfficeServer } from '../../../src-main/http/office-server'
import { manageSecondSeat, type SecondSeat } from '../../../src-main/http/second-seat'

// Issue #12 item 3 for office users: the office sign-in used one lock per user, so five wrong
// PINs typed on the second seat (another PC on the LAN) locked the admin out everywhere, the
// office PC included, and nothing in the office could lift it. Every probe is real HTTP: the
// seat listens on 127.0.0.2 (standing in for the office PC's LAN address), its "PCs" connect
// from 127.0.0.3 and 127.0.0.4, and the office page on 127.0.0.1.

const ADMIN = { userId: 'U-3', pin: '3579' }
const ADMIN_NAME = 'Ana Ruiz (owner)'
const BILLING = { userId: 'U-1', pin: '2468' }
const SEAT_HOST = '127.0.0.2'
const ATTACKER = '127.0.0.3'
const COLLEAGUE = '127.0.0.4'
const ESCALATING = '127.0.0.5'

let root: string
let office: SqliteOffice
let local: OfficeServer
let seat: SecondSeat
let seatPort: number

type Answer = { ok: true; value: Record<string, unknown> } | { ok: false; error: { code: string; message: string } }

async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((done) => probe.listen(0, SEAT_HOST, done))
  const port = (probe.address() as { port: number }).port
  await new Promise<void>((done) => probe.close(() => done()))
  return port
}

/** A call on the second seat as a browser on the PC at `from` makes it. */
function seatCall(from: string, method: string, body: unknown): Promise<{ status: number; body: Answer }> {
  return new Promise((done, fail) => {
    const origin = `http://127.0.0.1:${seatPort}`
    const req = httpRequest(
      {
        host: SEAT_HOST,
        port: seatPort,
        localAddress: from,
        path: `/api/${method}`,
        method: 'POST',
        headers: {
          host: `127.0.0.1:${seatPort}`,
          origin,
          'content-type': 'application/json',
          'x-closeout': '1',
        },
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (c: string) => (text += c))
        res.on('end', () => done({ status: res.statusCode ?? 0, body: JSON.parse(text) as Answer }))
      },
    )
    req.on('error', fail)
    req.end(JSON.stringify(body))
  })
}

/** A call on the office page on 127.0.0.1 (the token and, when given, a session). */
async function localCall(method: string, body: unknown, sessionId?: string): Promise<{ status: number; body: Answer }> {
  const res = await fetch(`${local.url}api/${method}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${local.token}`,
      'content-type': 'application/json',
      'x-closeout': '1',
      ...(sessionId ? { 'x-closeout-session': sessionId } : {}),
    },
    body: JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json()) as Answer }
}

async function localSignIn(as: { userId: string; pin: string }): Promise<string> {
  const r = await localCall('session.signIn', as)
  if (!r.body.ok) throw new Error(`${as.userId}: ${r.body.error.message}`)
  return r.body.value.sessionId as string
}

const message = (a: Answer) => (a.ok ? '' : a.error.message)

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'closeout-office-lockout-'))
  office = await openOffice({ dataDir: join(root, 'data'), sharedDir: join(root, 'shared') })
  await importDemoSetup(office)
  const ui = join(root, 'renderer')
  mkdirSync(join(ui, 'office'), { recursive: true })
  writeFileSync(join(ui, 'office', 'index.html'), '<!doctype html><title>Closeout office</title>')
  local = await startOfficeServer(office, { port: 0, uiDir: ui })
  // The demo's billing user acts as admin until the office has one: it adds the admin, who
  // switches the second seat on.
  const billing = await localSignIn(BILLING)
  const added = await localCall(
    'settings.update',
    {
      section: 'users',
      users: [{ id: ADMIN.userId, name: ADMIN_NAME, roles: ['admin'], pin: ADMIN.pin }],
      confirmPin: BILLING.pin,
    },
    billing,
  )
  expect(added.body).toMatchObject({ ok: true })
  seatPort = await freePort()
  seat = await manageSecondSeat(office, { host: SEAT_HOST, uiDir: ui })
  const on = await localCall(
    'settings.update',
    { section: 'secondSeat', enabled: true, port: seatPort, confirmPin: ADMIN.pin },
    await localSignIn(ADMIN),
  )
  expect(on.body).toMatchObject({ ok: true })
  expect(seat.info()).toMatchObject({ running: true })
})
afterAll(async () => {
  await seat.stop()
  await local.close()
  await office.close()
  rmSync(root, { recursive: true, force: true })
})

describe('wrong office PINs lock a user at one place, not everywhere', () => {
  it('five wrong PINs for the admin from one seat PC lock the admin there only, and say how long to wait', async () => {
    for (let i = 1; i <= 4; i++) {
      const r = await seatCall(ATTACKER, 'session.signIn', { userId: ADMIN.userId, pin: '0000' })
      expect(r.body).toMatchObject({ ok: false, error: { code: 'wrong-pin' } })
    }
    const fifth = await seatCall(ATTACKER, 'session.signIn', { userId: ADMIN.userId, pin: '0000' })
    expect(fifth.body).toMatchObject({ ok: false, error: { code: 'pin-locked' } })
    expect(message(fifth.body)).toBe(
      `Wrong PIN for ${ADMIN_NAME}; after 5 wrong PINs ${ADMIN_NAME} is locked from ${ATTACKER} for 5 min`,
    )
    // From that PC even the right PIN waits, and the answer says how long.
    const right = await seatCall(ATTACKER, 'session.signIn', ADMIN)
    expect(right.body).toMatchObject({ ok: false, error: { code: 'pin-locked' } })
    expect(message(right.body)).toBe(`Too many wrong PINs for ${ADMIN_NAME} from ${ATTACKER}; try again in 5 min`)

    // Everyone else is untouched: the admin signs in at the office PC and from another seat PC.
    expect((await localCall('session.signIn', ADMIN)).body).toMatchObject({ ok: true })
    expect((await seatCall(COLLEAGUE, 'session.signIn', ADMIN)).body).toMatchObject({ ok: true })
  })

  it('each further wrong PIN after the lock ends locks longer (10, 20 … 60 minutes)', async () => {
    // Another seat PC; ten sign-ins, the seat's limit per PC and minute.
    const key = userPlaceKey(ADMIN.userId, ESCALATING)
    const expire = async () => {
      // The lock ran out a second ago (what waiting it out would do).
      const row = (await readThrottleRowIn(office.db, key))!
      await writeThrottleRowIn(office.db, { ...row, locked_until: new Date(Date.now() - 1000).toISOString() })
    }
    for (let i = 0; i < 5; i++) await seatCall(ESCALATING, 'session.signIn', { userId: ADMIN.userId, pin: '0000' })
    const minutes: string[] = []
    for (let i = 0; i < 4; i++) {
      await expire()
      const r = await seatCall(ESCALATING, 'session.signIn', { userId: ADMIN.userId, pin: '0000' })
      expect(r.body).toMatchObject({ ok: false, error: { code: 'pin-locked' } })
      minutes.push(/locked from \S+ for (\d+) min/.exec(message(r.body))?.[1] ?? message(r.body))
    }
    expect(minutes).toEqual(['10', '20', '40', '60'])
    expect(message((await seatCall(ESCALATING, 'session.signIn', ADMIN)).body)).toMatch(/try again in 60 min$/)
  })

  it('wrong PINs at the office PC do not lock the user on the seat either', async () => {
    for (let i = 0; i < 5; i++) await localCall('session.signIn', { userId: BILLING.userId, pin: '0000' })
    expect(message((await localCall('session.signIn', BILLING)).body)).toMatch(
      /^Too many wrong PINs for .*; try again in 5 min$/,
    )
    expect((await seatCall(COLLEAGUE, 'session.signIn', BILLING)).body).toMatchObject({ ok: true })
  })

  it('an admin sees the locks and lifts one with their PIN; a billing user may not', async () => {
    const admin = await localSignIn(ADMIN)
    const locks = await localCall('users.locks', {}, admin)
    expect(locks.body).toMatchObject({ ok: true })
    const rows = (locks.body as { value: unknown }).value as { userId: string; place: string; lockedUntil: string }[]
    expect(rows.map((r) => `${r.userId}@${r.place}`).sort()).toEqual([
      `U-1@this-pc`,
      `U-3@${ATTACKER}`,
      `U-3@${ESCALATING}`,
    ])

    const colleague = await seatCall(COLLEAGUE, 'session.signIn', BILLING)
    expect(colleague.body).toMatchObject({ ok: true })
    const supervisorSession = await localSignIn({ userId: 'U-2', pin: '1357' })
    const refused = await localCall('users.unlock', { userId: ADMIN.userId, confirmPin: '1357' }, supervisorSession)
    expect(refused).toMatchObject({ status: 403, body: { ok: false, error: { code: 'admin-only' } } })
    expect(message(refused.body)).toMatch(/needs the admin role/)

    const lifted = await localCall('users.unlock', { userId: ADMIN.userId, confirmPin: ADMIN.pin }, admin)
    expect(lifted.body).toEqual({ ok: true, value: { userId: ADMIN.userId, unlocked: 2 } })
    expect((await seatCall(ATTACKER, 'session.signIn', ADMIN)).body).toMatchObject({ ok: true })
    const after = await localCall('users.locks', {}, admin)
    expect(((after.body as { value: unknown }).value as { userId: string }[]).map((r) => r.userId)).toEqual(['U-1'])
    const logged = office.sqlite
      .prepare(`SELECT actor, data_json FROM job_events WHERE type = 'user-unlocked'`)
      .all() as { actor: string; data_json: string }[]
    expect(logged).toEqual([{ actor: ADMIN.userId, data_json: JSON.stringify({ userId: ADMIN.userId, locks: 2 }) }])
  })

  it('one seat PC that gets 20 PINs wrong for any users is refused for 10 minutes', async () => {
    // Through the dispatcher the seat uses (its sign-in rate limit of 10 a minute would make this slow over HTTP).
    const more = ['U-4', 'U-5', 'U-6'].map((id) => ({ id, name: `Clerk ${id}`, roles: ['billing'], pin: '1111' }))
    const added = await localCall(
      'settings.update',
      { section: 'users', users: more, confirmPin: ADMIN.pin },
      await localSignIn(ADMIN),
    )
    expect(added.body).toMatchObject({ ok: true })
    const handlers = createHandlers(office)
    const origin = { via: 'second-seat' as const, address: '127.0.0.9' }
    const signIn = (userId: string, pin: string) =>
      dispatch(office, handlers, 'session.signIn', { userId, pin }, { transport: 'http', origin })
    const users = ['U-1', 'U-2', 'U-3', 'U-4', 'U-5', 'U-6']
    let wrong = 0
    for (const userId of users)
      for (let i = 0; i < 4 && wrong < ADDRESS_PIN_FAILURES; i++, wrong++) await signIn(userId, '0000')
    expect(wrong).toBe(ADDRESS_PIN_FAILURES)
    const after = await signIn(ADMIN.userId, ADMIN.pin)
    expect(after).toMatchObject({ ok: false, error: { code: 'pin-locked' } })
    expect(message(after as Answer)).toBe('Too many wrong PINs from 127.0.0.9; try again in 10 min')
    // Another address is not affected.
    const elsewhere = await dispatch(office, handlers, 'session.signIn', ADMIN, {
      transport: 'http',
      origin: { via: 'second-seat', address: '127.0.0.10' },
    })
    expect(elsewhere).toMatchObject({ ok: true })
  })
})
