import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { liftUserLocks } from '../../../src-main/core/approvals/approver-auth'
import { hashPin } from '../../../src-main/core/auth/pin'
import {
  IDLE_LOCK_KEY,
  listSessions,
  openSession,
  resolveSession,
  revokeUserSessions,
  signIn,
  signOut,
} from '../../../src-main/core/auth/office-sessions'
import { keepAnAdminIn } from '../../../src-main/core/auth/office-users'
import { loadSessionUser } from '../../../src-main/core/auth/session-user'
import { signInScreen } from '../../../src-main/core/auth/sign-in-screen'
import { listTechnicianLocks, unlockTechnician } from '../../../src-main/core/auth/technician-locks'
import { revokeTechnicianSessions } from '../../../src-main/core/auth/technician-sessions'
import { withTransaction, type EngineDb } from '../../../src-main/core/db/engine-db'
import { parseDatabaseOption } from '../../../src-main/core/db/pg/engine'
import { openOffice, type Office } from '../../../src-main/core/office'
import { writeSettingIn } from '../../../src-main/core/settings/settings-store'
import { recordFailure, techAddressPolicy } from '../../../src-main/lan/pin-throttle'
import { tempFolders, type TempFolders } from '../../support/temp-office'
import { createHandlers } from '../../../src-main/core/api/handlers'
import { dispatch } from '../../../src-main/core/api/dispatch'
import { ENGINES, engineRuns, openEngineOffices, verifyLogOn, type EngineOffices } from '../../support/engines'
import type { EngineName } from '../../../src-main/core/db/engine-db'
import { outcomeOf } from '../../support/seats'

/**
 * Issue #17, the office's sign-in on the async path: the sign-in screen, signing in and out,
 * sessions that idle out, who a session is (roles read fresh), the last-admin refusal, the PIN
 * lock, and the technicians' phone locks and sessions the office lifts and ends. The same office
 * on the SQLite file and on PostgreSQL (a database sorting by locale, so the order is the
 * query's own): the same answers and the same refusals, code, message and field paths.
 *
 * Users: U-1 Dana Kim (billing, 2468), U-2 Lee Park (supervisor, 1357), and seeded here
 * U-3 Robin Hale (admin, 2222) and U-4 ada Lowe (supervisor, 4444: a lower-case name, sorted
 * after the capitals byte by byte).
 */
let engines: EngineOffices
/** The same office on PostgreSQL opened as a seat (its own data folder and form state). */
let pgSeat: { office: Office; folders: TempFolders } | undefined
const officeOn = (engine: EngineName): Office => (engine === 'sqlite' ? engines.demo.office : pgSeat!.office)
const ROBIN = { id: 'U-3', name: 'Robin Hale', roles: ['admin'] }

beforeAll(async () => {
  engines = await openEngineOffices(
    async ({ office }) => {
      const add = office.sqlite.prepare(
        `INSERT INTO users (id, name, roles_json, pin_hash, active) VALUES (?, ?, ?, ?, 1)`,
      )
      add.run('U-3', 'Robin Hale', '["admin"]', await hashPin('2222'))
      add.run('U-4', 'ada Lowe', '["supervisor"]', await hashPin('4444'))
    },
    { pgIcuLocale: 'und' },
  )
  if (engines.postgresUrl) {
    const folders = tempFolders()
    const database = parseDatabaseOption(engines.postgresUrl)
    pgSeat = { folders, office: await openOffice({ dataDir: folders.dataDir, sharedDir: folders.sharedDir, database }) }
  }
}, 180_000)
afterAll(async () => {
  await pgSeat?.office.close()
  pgSeat?.folders.cleanup()
  await engines?.close()
})

const usersUpdate = (edb: EngineDb, id: string, set: { roles_json?: string; pin_hash?: string; active?: number }) =>
  withTransaction(edb, (trx) => trx.updateTable('users').set(set).where('id', '=', id).execute())

describe.each(ENGINES)('the office sign-in on %s (issue #17)', (engine) => {
  const edb = () => engines.on(engine)

  it.runIf(engineRuns(engine))('shows the same sign-in screen: active users by name, byte by byte', async () => {
    expect(await signInScreen(edb())).toEqual({
      users: [
        { id: 'U-1', name: 'Dana Kim (billing)' },
        { id: 'U-2', name: 'Lee Park (supervisor)' },
        { id: 'U-3', name: 'Robin Hale' },
        { id: 'U-4', name: 'ada Lowe' },
      ],
      firstRun: false,
      demoUsers: [
        { id: 'U-1', name: 'Dana Kim (billing)', roles: ['billing'], pin: '2468' },
        { id: 'U-2', name: 'Lee Park (supervisor)', roles: ['supervisor'], pin: '1357' },
      ],
    })
  })

  it.runIf(engineRuns(engine))('signs in with the right PIN, resolves the session, signs out', async () => {
    const { sessionId, user } = await signIn(edb(), 'U-2', '1357')
    const lee = { id: 'U-2', name: 'Lee Park (supervisor)', roles: ['supervisor'], admin: false, approver: true }
    expect(user).toEqual({ ...lee, technicianId: null })
    expect(await resolveSession(edb(), sessionId)).toEqual(user)
    expect(signOut(edb(), sessionId)).toBe(true)
    expect(await resolveSession(edb(), sessionId)).toBeNull()
    expect(signOut(edb(), sessionId)).toBe(false)
    expect(await resolveSession(edb(), 'not-a-session')).toBeNull()
  })

  it.runIf(engineRuns(engine))(
    'refuses a wrong PIN, then locks after five, and the right PIN while locked',
    async () => {
      const wrong = []
      for (let i = 0; i < 6; i++) wrong.push(await outcomeOf(signIn(edb(), 'U-4', '0000')))
      expect(wrong).toEqual([
        ...[4, 3, 2].map((left) => ({
          code: 'wrong-pin',
          message: `Wrong PIN for ada Lowe (${left} tries left before a 5-minute lock)`,
          details: [],
        })),
        { code: 'wrong-pin', message: 'Wrong PIN for ada Lowe (1 try left before a 5-minute lock)', details: [] },
        {
          code: 'pin-locked',
          message: 'Wrong PIN for ada Lowe; after 5 wrong PINs ada Lowe is locked for 5 min',
          details: [],
        },
        { code: 'pin-locked', message: 'Too many wrong PINs for ada Lowe; try again in 5 min', details: [] },
      ])
      expect(await outcomeOf(signIn(edb(), 'U-4', '4444'))).toMatchObject({ code: 'pin-locked' })
      expect(await outcomeOf(signIn(edb(), 'U-404', '4444'))).toEqual({
        code: 'unknown-user',
        message: 'There is no active office user U-404',
        details: [],
      })
      expect(await liftUserLocks(edb(), 'U-4')).toBe(1)
      expect((await signIn(edb(), 'U-4', '4444')).user.name).toBe('ada Lowe')
    },
  )

  it.runIf(engineRuns(engine))(
    'ends a session after the idle-lock minutes, and after 12 hours in any case',
    async () => {
      const start = Date.now()
      const sessionId = openSession(edb(), 'U-1', start)
      await withTransaction(edb(), (trx) => writeSettingIn(trx, IDLE_LOCK_KEY, 1))
      try {
        expect(await resolveSession(edb(), sessionId, start + 30_000)).toMatchObject({ id: 'U-1' })
        expect(await resolveSession(edb(), sessionId, start + 30_000 + 61_000)).toBeNull()
        // However often it is used, a session lasts 12 hours.
        await withTransaction(edb(), (trx) => writeSettingIn(trx, IDLE_LOCK_KEY, 24 * 60))
        const long = openSession(edb(), 'U-1', start)
        expect(await resolveSession(edb(), long, start + 12 * 60 * 60_000 - 1000)).toMatchObject({ id: 'U-1' })
        expect(await resolveSession(edb(), long, start + 12 * 60 * 60_000 + 1000)).toBeNull()
      } finally {
        await withTransaction(edb(), (trx) => writeSettingIn(trx, IDLE_LOCK_KEY, 15))
      }
    },
  )

  it.runIf(engineRuns(engine))('reads roles fresh, ends sessions on a new PIN, and signs in with it', async () => {
    const { sessionId } = await signIn(edb(), 'U-2', '1357')
    await usersUpdate(edb(), 'U-2', { roles_json: '["supervisor","billing"]' })
    // An office with an admin (Robin): billing alone does not make Lee one.
    expect(await resolveSession(edb(), sessionId)).toMatchObject({ roles: ['supervisor', 'billing'], admin: false })
    await usersUpdate(edb(), 'U-2', { roles_json: '["supervisor"]', pin_hash: await hashPin('8080') })
    expect(revokeUserSessions(edb(), 'U-2')).toBe(1)
    expect(await resolveSession(edb(), sessionId)).toBeNull()
    expect(await outcomeOf(signIn(edb(), 'U-2', '1357'))).toMatchObject({ code: 'wrong-pin' })
    expect((await signIn(edb(), 'U-2', '8080')).user.roles).toEqual(['supervisor'])
    await usersUpdate(edb(), 'U-2', { pin_hash: await hashPin('1357') })
    await liftUserLocks(edb(), 'U-2')
    // Switched off: the session ends on its next call.
    const again = await signIn(edb(), 'U-4', '4444')
    await usersUpdate(edb(), 'U-4', { active: 0 })
    expect(await resolveSession(edb(), again.sessionId)).toBeNull()
    expect(await outcomeOf(signIn(edb(), 'U-4', '4444'))).toMatchObject({ code: 'unknown-user' })
    await usersUpdate(edb(), 'U-4', { active: 1 })
  })

  it.runIf(engineRuns(engine))('lists the open sessions with their users', async () => {
    const mine = openSession(edb(), 'U-3', Date.parse('2026-12-06T10:00:00Z'), { via: 'desktop', address: null })
    const list = await listSessions(edb(), mine, Date.parse('2026-12-06T10:05:00Z'))
    expect(list.filter((s) => s.userId === 'U-3')).toEqual([
      expect.objectContaining({ userName: 'Robin Hale', via: 'desktop', current: true }),
    ])
    signOut(edb(), mine)
  })

  it.runIf(engineRuns(engine))('refuses a change that leaves no active admin, naming the field', async () => {
    expect(await outcomeOf(keepAnAdminIn(edb().db, [{ ...ROBIN, roles: ['billing'] }]))).toEqual({
      code: 'last-admin',
      message: 'The office needs at least one active admin: give another user the admin role first',
      details: [{ path: 'users', message: 'must keep at least one active admin' }],
    })
    expect(await outcomeOf(keepAnAdminIn(edb().db, [{ ...ROBIN, active: false }]))).toMatchObject({
      code: 'last-admin',
    })
    expect(
      await outcomeOf(
        keepAnAdminIn(edb().db, [
          { id: 'U-2', roles: ['admin'] },
          { ...ROBIN, active: false },
        ]),
      ),
    ).toBe('written')
    expect(await loadSessionUser(edb().db, 'U-3')).toMatchObject({ admin: true, approver: false })
  })

  it.runIf(engineRuns(engine))("lists a technician's phone locks and lets an admin lift them", async () => {
    // The form counts wrong PINs and keeps phone sessions in the seat's own state (seatState).
    const office = officeOn(engine)
    const now = Date.now()
    for (let i = 0; i < 4; i++) recordFailure(office.seatState, [techAddressPolicy('T-07', '10.0.0.5')], now)
    recordFailure(office.seatState, [techAddressPolicy('T-07', '10.0.0.6')], now)
    office.seatState
      .prepare(`INSERT INTO lan_sessions (token_hash, technician_id, created_at, expires_at) VALUES (?, 'T-07', ?, ?)`)
      .run(`h-${engine}`, new Date(now).toISOString(), new Date(now + 60_000).toISOString())
    const lockedUntil = new Date(now + 60_000).toISOString()
    expect(await listTechnicianLocks(office, now)).toEqual([
      { technicianId: 'T-07', technicianName: 'Sam Ortiz', address: '10.0.0.5', failures: 4, lockedUntil },
    ])
    const robin = (await loadSessionUser(office.db, 'U-3'))!
    const lee = (await loadSessionUser(office.db, 'U-2'))!
    const input = { technicianId: 'T-07', confirmPin: '2222' }
    expect(await outcomeOf(unlockTechnician(office, lee, { ...input, confirmPin: '1357' }))).toEqual({
      code: 'admin-only',
      message:
        'Only an admin may change technician locks: it needs the admin role, and Lee Park (supervisor) is not an admin (supervisor)',
      details: [],
    })
    expect(await outcomeOf(unlockTechnician(office, robin, { ...input, confirmPin: '0000' }))).toEqual({
      code: 'wrong-pin',
      message: 'Wrong PIN for Robin Hale (4 tries left before a 5-minute lock)',
      details: [],
    })
    expect(await unlockTechnician(office, robin, input)).toEqual({ technicianId: 'T-07', unlocked: 2 })
    expect(await listTechnicianLocks(office)).toEqual([])
    expect(revokeTechnicianSessions(office, 'T-07')).toBe(1)
    expect(revokeTechnicianSessions(office, 'T-07')).toBe(0)
    await liftUserLocks(office, 'U-3')
  })
})

describe.each(ENGINES)('the session.* methods on an office on %s (issue #17)', (engine) => {
  it.runIf(engineRuns(engine))('sign in, list and end sessions through the dispatcher, the log verifies', async () => {
    const office = officeOn(engine)
    const handlers = createHandlers(office)
    const call = (method: string, input: unknown, sessionId: string | null = null) =>
      dispatch(office, handlers, method, input, { transport: 'test', sessionId })
    expect(await call('session.current', {})).toMatchObject({
      ok: true,
      value: { user: null, idleLockMinutes: 15, signIn: { firstRun: false, users: expect.any(Array) } },
    })
    expect(await call('session.signIn', { userId: 'U-3', pin: '0000' })).toEqual({
      ok: false,
      error: {
        code: 'wrong-pin',
        message: 'Wrong PIN for Robin Hale (4 tries left before a 5-minute lock)',
        details: [],
      },
    })
    const robin = await call('session.signIn', { userId: 'U-3', pin: '2222' })
    if (!robin.ok) throw new Error('could not sign in')
    const robinSession = (robin.value as { sessionId: string }).sessionId
    type Entry = { ref: string; userId: string; current: boolean }
    const list = async () => {
      const listed = await call('session.list', {}, robinSession)
      return (listed.ok ? listed.value : []) as Entry[]
    }
    const before = new Set((await list()).map((e) => e.ref))
    const dana = await call('session.signIn', { userId: 'U-1', pin: '2468' })
    if (!dana.ok) throw new Error('could not sign in')
    const danaSession = (dana.value as { sessionId: string }).sessionId
    expect(await call('session.list', {}, danaSession)).toMatchObject({ ok: false, error: { code: 'admin-only' } })
    const entries = await list()
    expect(entries.find((e) => e.current)).toMatchObject({ userId: 'U-3' })
    const other = entries.find((e) => !before.has(e.ref))!
    expect(other).toMatchObject({ userId: 'U-1', current: false })
    expect(await call('session.end', { ref: other.ref, confirmPin: '2222' }, robinSession)).toEqual({
      ok: true,
      value: { ended: true },
    })
    expect(await call('jobs.counts', {}, danaSession)).toMatchObject({ ok: false, error: { code: 'not-signed-in' } })
    expect(await call('session.signOut', {}, robinSession)).toEqual({ ok: true, value: { signedOut: true } })
    expect(await call('jobs.counts', {}, robinSession)).toMatchObject({ ok: false, error: { code: 'not-signed-in' } })
    const ended = await office.db
      .selectFrom('job_events')
      .select(['type', 'actor', 'data_json'])
      .where('type', '=', 'session-ended')
      .execute()
    expect(ended.map((e) => ({ ...e, data: JSON.parse(e.data_json) as unknown, data_json: undefined }))).toEqual([
      { type: 'session-ended', actor: 'U-3', data: { userId: 'U-1', via: 'this-pc' }, data_json: undefined },
    ])
    expect(await verifyLogOn(office)).toMatchObject({ ok: true })
  })
})
