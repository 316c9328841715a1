import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOfficeServer, type OfficeServer } from '../../../src-main/http/office-server'
import { openOffice, type SqliteOffice } from '../../../src-main/core/office'
import { importDemoSetup } from '../../../src-main/core/setup/demo'
import { ADMIN_METHODS, METHOD_ACCESS } from '../../../src-shared/api/access'
import { METHOD_NAMES } from '../../../src-shared/api/contract'
import { SESSION_FREE_METHODS } from '../../../src-shared/api/session'
import { ADMIN_SECTIONS } from '../../../src-shared/api/settings'

// Issue #12, gaps found after the first pass: in the app `backups.restore` needed only a
// signed-in user (the CLI `restore` needs an admin), `backups.setFolder` had no admin check at
// all (a billing user could send the backups, PIN hashes included, to a folder they control),
// and `setup.get` handed every PIN hash to any signed-in user. Every probe is real HTTP on
// 127.0.0.1 against the office server `serve` runs.

const BILLING = { userId: 'U-1', pin: '2468', name: 'Dana Kim (billing)' }
const SUPERVISOR = { userId: 'U-2', pin: '1357', name: 'Lee Park (supervisor)' }
const ADMIN = { userId: 'U-3', pin: '3579', name: 'Ana Ruiz (owner)' }

let root: string
let office: SqliteOffice
let server: OfficeServer
const sessions: Record<string, string> = {}

type Answer = { ok: true; value: Record<string, unknown> } | { ok: false; error: { code: string; message: string } }

async function post(method: string, body: unknown, sessionId?: string): Promise<{ status: number; body: Answer }> {
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
  return { status: res.status, body: (await res.json()) as Answer }
}

async function signIn(as: { userId: string; pin: string }): Promise<string> {
  const r = await post('session.signIn', { userId: as.userId, pin: as.pin })
  if (!r.body.ok) throw new Error(`could not sign in ${as.userId}: ${r.body.error.message}`)
  return r.body.value.sessionId as string
}

const as = (who: { userId: string }) => (method: string, body: unknown) => post(method, body, sessions[who.userId])

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'closeout-admin-only-'))
  office = await openOffice({ dataDir: join(root, 'data'), sharedDir: join(root, 'shared') })
  await importDemoSetup(office)
  server = await startOfficeServer(office, { port: 0, uiDir: join(root, 'no-ui') })
  // The demo has no admin: its billing user acts as one and adds the office's admin.
  const billingActingAdmin = await signIn(BILLING)
  const added = await post(
    'settings.update',
    {
      section: 'users',
      users: [{ id: ADMIN.userId, name: ADMIN.name, roles: ['admin'], pin: ADMIN.pin }],
      confirmPin: BILLING.pin,
    },
    billingActingAdmin,
  )
  expect(added.body).toMatchObject({ ok: true })
  for (const who of [BILLING, SUPERVISOR, ADMIN]) sessions[who.userId] = await signIn(who)
})
afterAll(async () => {
  await server.close()
  await office.close()
  rmSync(root, { recursive: true, force: true })
})

/** The admin-only methods as docs/security.md lists them, each with an input that passes validation. */
const ADMIN_TABLE: { method: string; input: (pin: string) => Record<string, unknown>; pin: boolean }[] = [
  { method: 'session.list', input: () => ({}), pin: false },
  { method: 'session.end', input: (pin) => ({ ref: 'no-such-session', confirmPin: pin }), pin: true },
  { method: 'setup.get', input: (pin) => ({ confirmPin: pin }), pin: true },
  { method: 'users.unlock', input: (pin) => ({ userId: 'U-2', confirmPin: pin }), pin: true },
  { method: 'lan.unlockTechnician', input: (pin) => ({ technicianId: 'T-11', confirmPin: pin }), pin: true },
  { method: 'lan.serveFormHere', input: (pin) => ({ confirmPin: pin }), pin: true },
  {
    method: 'backups.setFolder',
    input: (pin) => ({ folder: join(root, 'thief-backups'), confirmPin: pin }),
    pin: true,
  },
  {
    method: 'backups.restore',
    input: (pin) => ({
      file: join(root, 'none.closeout-backup'),
      dataDir: join(root, 'restored-by-x'),
      confirmPin: pin,
    }),
    pin: true,
  },
  {
    method: 'mail.updateSettings',
    input: (pin) => ({ mode: 'smtp', host: 'smtp.thief.example', from: 'billing@thief.example', confirmPin: pin }),
    pin: true,
  },
  { method: 'database.view', input: () => ({}), pin: false },
  { method: 'database.test', input: () => ({ url: 'postgres://closeout@127.0.0.1:1/closeout' }), pin: false },
  { method: 'database.save', input: (pin) => ({ url: 'sqlite', confirmPin: pin }), pin: true },
]

describe('who may call what (the table in docs/security.md)', () => {
  it('classifies every method, and the admin-only ones are exactly the documented table', () => {
    expect(Object.keys(METHOD_ACCESS).sort()).toEqual([...METHOD_NAMES].sort())
    expect([...ADMIN_METHODS].sort()).toEqual(ADMIN_TABLE.map((r) => r.method).sort())
    const open = METHOD_NAMES.filter((m) => METHOD_ACCESS[m].access === 'open')
    expect(open.sort()).toEqual([...SESSION_FREE_METHODS].sort())
    expect([...ADMIN_SECTIONS].sort()).toEqual(
      ['approvalPolicy', 'folders', 'jobTypes', 'secondSeat', 'signIn', 'technicians', 'users'].sort(),
    )
  })

  it('refuses a billing user and a supervisor every admin-only method, naming the role needed, even with their PIN', async () => {
    for (const who of [BILLING, SUPERVISOR])
      for (const row of ADMIN_TABLE) {
        const r = await as(who)(row.method, row.input(who.pin))
        expect({ method: row.method, status: r.status, body: r.body }).toMatchObject({
          method: row.method,
          status: 403,
          body: { ok: false, error: { code: 'admin-only' } },
        })
        const message = (r.body as { error: { message: string } }).error.message
        expect(message).toMatch(/Only an admin may .*needs the admin role/)
        expect(message).toContain(who.name)
      }
    // Nothing happened: no folder was made for the thief, no restore was written.
    expect(existsSync(join(root, 'thief-backups'))).toBe(false)
    expect(existsSync(join(root, 'restored-by-x'))).toBe(false)
    const mail = await as(BILLING)('mail.settings', {})
    expect(mail.body).toMatchObject({ ok: true, value: { settings: { mode: 'draft', host: '' } } })
  })

  it('refuses them every admin section of settings.update the same way', async () => {
    const view = await as(ADMIN)('settings.get', {})
    if (!view.body.ok) throw new Error(view.body.error.message)
    const v = view.body.value as Record<string, unknown> & { signIn: { idleLockMinutes: number } }
    const updates: Record<string, Record<string, unknown>> = {
      jobTypes: { jobTypes: v.jobTypes },
      approvalPolicy: { approvalPolicy: v.approvalPolicy },
      users: { users: [{ id: 'U-1', name: BILLING.name, roles: ['billing', 'admin'] }] },
      technicians: { technicians: [{ id: 'T-11', name: 'New name', pin: '1111' }] },
      folders: { sharedDir: join(root, 'elsewhere') },
      signIn: { idleLockMinutes: 480 },
      secondSeat: { enabled: true, port: 4790 },
    }
    for (const who of [BILLING, SUPERVISOR])
      for (const section of ADMIN_SECTIONS) {
        const r = await as(who)('settings.update', { section, ...updates[section], confirmPin: who.pin })
        expect({ section, status: r.status, body: r.body }).toMatchObject({
          section,
          status: 403,
          body: { ok: false, error: { code: 'admin-only', message: expect.stringMatching(/needs the admin role/) } },
        })
      }
  })

  it('asks the admin for their own PIN on every admin-only change, and refuses a wrong one', async () => {
    for (const row of ADMIN_TABLE.filter((r) => r.pin)) {
      const { confirmPin: _, ...withoutPin } = row.input(ADMIN.pin)
      const r = await as(ADMIN)(row.method, withoutPin)
      expect({ method: row.method, body: r.body }).toMatchObject({
        method: row.method,
        body: {
          ok: false,
          error: {
            code: ['session.end', 'lan.unlockTechnician', 'lan.serveFormHere', 'users.unlock'].includes(row.method)
              ? 'invalid-input'
              : 'pin-required',
          },
        },
      })
      const wrong = await as(ADMIN)(row.method, row.input('0000'))
      expect({ method: row.method, body: wrong.body }).toMatchObject({
        method: row.method,
        body: { ok: false, error: { code: 'wrong-pin' } },
      })
      // A right PIN clears the count, so these wrong ones never add up to a lock.
      expect((await as(ADMIN)('setup.get', { confirmPin: ADMIN.pin })).body.ok).toBe(true)
    }
  })
})

describe('Settings > Backups is an admin’s', () => {
  const settingsEvents = () =>
    office.sqlite
      .prepare(`SELECT actor, type, data_json FROM job_events WHERE job_id = '#office' ORDER BY id`)
      .all() as { actor: string; type: string; data_json: string }[]

  it('lets the admin choose the backup folder with their PIN, recorded with before and after', async () => {
    const before = await as(ADMIN)('backups.status', {})
    if (!before.body.ok) throw new Error(before.body.error.message)
    const folder = join(root, 'usb', 'closeout-backups')
    const r = await as(ADMIN)('backups.setFolder', { folder, confirmPin: ADMIN.pin })
    expect(r).toMatchObject({ status: 200, body: { ok: true, value: { folder } } })
    const logged = settingsEvents().filter((e) => e.type === 'settings-changed' && e.data_json.includes('"backups"'))
    expect(logged).toHaveLength(1)
    expect(logged[0]!.actor).toBe(ADMIN.userId)
    expect(JSON.parse(logged[0]!.data_json)).toMatchObject({
      section: 'backups',
      before: { folder: before.body.value.folder },
      after: { folder },
    })
  })

  it('restores only for the admin with their PIN; a billing user is refused and nothing is written', async () => {
    const made = await as(BILLING)('backups.runNow', {})
    expect(made.body).toMatchObject({ ok: true })
    const file = (made.body as unknown as { value: { file: string } }).value.file
    const target = join(root, 'restored-office')
    const refused = await as(BILLING)('backups.restore', { file, dataDir: target, confirmPin: BILLING.pin })
    expect(refused).toMatchObject({
      status: 403,
      body: { ok: false, error: { code: 'admin-only', message: expect.stringContaining('restore a backup') } },
    })
    expect(existsSync(target)).toBe(false)
    const restored = await as(ADMIN)('backups.restore', { file, dataDir: target, confirmPin: ADMIN.pin })
    expect(restored).toMatchObject({ status: 200, body: { ok: true, value: { dataDir: target } } })
    expect(existsSync(join(target, 'closeout.sqlite'))).toBe(true)
    const event = settingsEvents().find((e) => e.type === 'backup-restored')
    expect(event).toMatchObject({ actor: ADMIN.userId })
    expect(JSON.parse(event!.data_json)).toMatchObject({ file, dataDir: target })
  })
})

describe('Settings > Mail is an admin’s', () => {
  const mailEvents = () =>
    (
      office.sqlite
        .prepare(`SELECT actor, type, data_json FROM job_events WHERE job_id = '#office' ORDER BY id`)
        .all() as { actor: string; type: string; data_json: string }[]
    ).filter((e) => e.type === 'settings-changed' && JSON.parse(e.data_json).section === 'mail')
  const smtp = { mode: 'smtp', host: 'smtp.northside.example', port: 465, secure: true, user: 'billing' }

  it('refuses a billing user naming the role, and an admin without or with a wrong PIN; nothing is saved', async () => {
    const refused = await as(BILLING)('mail.updateSettings', {
      ...smtp,
      from: 'me@thief.example',
      confirmPin: BILLING.pin,
    })
    expect(refused).toMatchObject({
      status: 403,
      body: {
        ok: false,
        error: { code: 'admin-only', message: expect.stringContaining('change how invoices are e-mailed') },
      },
    })
    expect((refused.body as { error: { message: string } }).error.message).toContain('needs the admin role')
    const noPin = await as(ADMIN)('mail.updateSettings', { ...smtp, from: 'billing@northside.example' })
    expect(noPin.body).toMatchObject({ ok: false, error: { code: 'pin-required' } })
    const wrong = await as(ADMIN)('mail.updateSettings', {
      ...smtp,
      from: 'billing@northside.example',
      confirmPin: '0000',
    })
    expect(wrong.body).toMatchObject({ ok: false, error: { code: 'wrong-pin' } })
    const still = await as(BILLING)('mail.settings', {})
    expect(still.body).toMatchObject({ ok: true, value: { settings: { mode: 'draft', host: '', from: '' } } })
    expect(mailEvents()).toHaveLength(0)
  })

  it('saves the admin’s change with their PIN, recorded with before and after and never a password', async () => {
    const from = 'Northside Billing <billing@northside.example>'
    const saved = await as(ADMIN)('mail.updateSettings', { ...smtp, from, confirmPin: ADMIN.pin })
    expect(saved).toMatchObject({ status: 200, body: { ok: true, value: { settings: { ...smtp, from } } } })
    // Anyone signed in reads the settings back, without a password in them.
    const read = await as(BILLING)('mail.settings', {})
    expect(read.body).toMatchObject({ ok: true, value: { settings: { ...smtp, from }, password: { source: 'none' } } })
    expect(JSON.stringify(read.body)).not.toMatch(/"password":"/)

    const logged = mailEvents()
    expect(logged).toHaveLength(1)
    expect(logged[0]!.actor).toBe(ADMIN.userId)
    expect(JSON.parse(logged[0]!.data_json)).toMatchObject({
      section: 'mail',
      before: { mode: 'draft', host: '', from: '', password: 'none' },
      after: { ...smtp, from, password: 'none' },
    })
    expect(logged[0]!.data_json).not.toContain('confirmPin')
    expect(logged[0]!.data_json).not.toContain(ADMIN.pin)

    // An office served by `serve` has no keychain: a password in the request is refused, nothing saved.
    const withPassword = await as(ADMIN)('mail.updateSettings', {
      ...smtp,
      from,
      user: 'someone-else',
      password: 'hunter2-secret',
      confirmPin: ADMIN.pin,
    })
    expect(withPassword.body).toMatchObject({
      ok: false,
      error: { details: [{ path: 'password', message: expect.stringContaining('CLOSEOUT_SMTP_PASSWORD') }] },
    })
    expect(mailEvents()).toHaveLength(1)
    expect(JSON.stringify(mailEvents())).not.toContain('hunter2-secret')
    const after = await as(BILLING)('mail.settings', {})
    expect(after.body).toMatchObject({ ok: true, value: { settings: { user: 'billing' } } })
  })
  it('on the desktop, stores the password in the keychain with the PIN-confirmed save and logs only that it changed', async () => {
    // A desktop office: its SMTP password lives in the keychain store, reached only through this save.
    const stored: (string | null)[] = []
    const desktopRoot = join(root, 'desktop-office')
    const desk = await openOffice({
      dataDir: join(desktopRoot, 'data'),
      sharedDir: join(desktopRoot, 'shared'),
      mailPassword: { read: () => stored.at(-1) ?? null, write: (p) => void stored.push(p) },
    })
    await importDemoSetup(desk)
    const deskServer = await startOfficeServer(desk, { port: 0, uiDir: join(desktopRoot, 'no-ui') })
    const deskPost = async (method: string, body: unknown, sessionId?: string) => {
      const res = await fetch(`${deskServer.url}api/${method}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${deskServer.token}`,
          'content-type': 'application/json',
          'x-closeout': '1',
          ...(sessionId ? { 'x-closeout-session': sessionId } : {}),
        },
        body: JSON.stringify(body),
      })
      return (await res.json()) as Answer
    }
    try {
      // The demo has no admin: its billing user acts as one.
      const signedIn = await deskPost('session.signIn', { userId: BILLING.userId, pin: BILLING.pin })
      if (!signedIn.ok) throw new Error(signedIn.error.message)
      const session = signedIn.value.sessionId as string
      const input = { ...smtp, from: 'billing@northside.example', password: 'app-password-42' }
      const wrong = await deskPost('mail.updateSettings', { ...input, confirmPin: '0000' }, session)
      expect(wrong).toMatchObject({ ok: false, error: { code: 'wrong-pin' } })
      expect(stored).toEqual([])

      const saved = await deskPost('mail.updateSettings', { ...input, confirmPin: BILLING.pin }, session)
      expect(saved).toMatchObject({ ok: true, value: { settings: smtp, password: { source: 'keychain' } } })
      expect(stored).toEqual(['app-password-42'])
      expect(JSON.stringify(await deskPost('mail.settings', {}, session))).not.toContain('app-password-42')

      const events = desk.sqlite
        .prepare(`SELECT data_json FROM job_events WHERE job_id = '#office' AND type = 'settings-changed'`)
        .all() as { data_json: string }[]
      const mail = events.map((e) => JSON.parse(e.data_json)).filter((d) => d.section === 'mail')
      expect(mail).toHaveLength(1)
      expect(mail[0]).toMatchObject({
        before: { mode: 'draft', password: 'none' },
        after: { ...smtp, password: 'keychain', passwordChanged: true },
      })
      expect(events.map((e) => e.data_json).join('\n')).not.toContain('app-password-42')
    } finally {
      await deskServer.close()
      await desk.close()
    }
  })
})
