import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { verifyEventLogIn } from '../../../src-main/core/lifecycle/event-log'
import { OFFICE_LOG_ID } from '../../../src-main/core/settings/settings-audit'
import { officeFormSource } from '../../../src-main/lan/office-source'
import { createSession, findSession } from '../../../src-main/lan/sessions'
import { approvalsOffice, disposeTemplate, type ApprovalsOffice } from '../approvals/approvals-harness'
import { DEMO_BILLING, DEMO_SUPERVISOR, signedInApi } from '../../support/signed-in'

// Issue #12 item 2: through settings.update a billing user made itself supervisor, approved a job,
// reset the supervisor's PIN without knowing it, and raised the policy limits; nothing was recorded.
let h: ApprovalsOffice
beforeEach(async () => {
  h = await approvalsOffice()
})
afterEach(() => h.dispose())
afterAll(() => disposeTemplate())

const DEMO_USERS = [
  { id: 'U-1', name: 'Dana Kim (billing)', roles: ['billing'] },
  { id: 'U-2', name: 'Lee Park (supervisor)', roles: ['supervisor'] },
]

describe('users, roles, PINs, technicians and policy change only for an admin with their own PIN', () => {
  it('refuses a non-admin giving itself a role or resetting a PIN, and an admin without their PIN', async () => {
    await h.addUser('U-3', 'Ana Ruiz (owner)', ['admin'], '3579')
    const billing = await signedInApi(h.office, DEMO_BILLING)
    const promote = { section: 'users', users: [{ ...DEMO_USERS[0], roles: ['billing', 'supervisor'] }] }
    // The office has an admin now, so billing is just billing.
    expect(await billing.call('settings.update', { ...promote, confirmPin: '2468' })).toMatchObject({
      ok: false,
      error: { code: 'admin-only' },
    })
    const resetPin = { section: 'users', users: [{ ...DEMO_USERS[1], pin: '0000' }], confirmPin: '2468' }
    expect(await billing.call('settings.update', resetPin)).toMatchObject({ ok: false, error: { code: 'admin-only' } })
    const policy = (await billing.call('settings.get')) as { value: { approvalPolicy: Record<string, unknown> } }
    const raised = { ...policy.value.approvalPolicy, discountPercentOver: '90' }
    expect(
      await billing.call('settings.update', { section: 'approvalPolicy', approvalPolicy: raised, confirmPin: '2468' }),
    ).toMatchObject({ ok: false, error: { code: 'admin-only' } })

    const admin = await signedInApi(h.office, { userId: 'U-3', pin: '3579' })
    expect(await admin.call('settings.update', promote)).toMatchObject({ ok: false, error: { code: 'pin-required' } })
    expect(await admin.call('settings.update', { ...promote, confirmPin: '1111' })).toMatchObject({
      ok: false,
      error: { code: 'wrong-pin' },
    })
    expect(await admin.call('settings.update', { ...promote, confirmPin: '3579' })).toMatchObject({ ok: true })
    const roles = h.office.sqlite.prepare(`SELECT roles_json FROM users WHERE id = 'U-1'`).pluck().get()
    expect(JSON.parse(roles as string)).toEqual(['billing', 'supervisor'])
  })

  it('an office without an admin lets billing act as one until an admin exists; the last admin stays', async () => {
    const billing = await signedInApi(h.office, DEMO_BILLING)
    const supervisor = await signedInApi(h.office, DEMO_SUPERVISOR)
    const addAdmin = {
      section: 'users',
      users: [{ id: 'U-3', name: 'Ana Ruiz (owner)', roles: ['admin'], pin: '3579' }],
    }
    expect(await supervisor.call('settings.update', { ...addAdmin, confirmPin: '1357' })).toMatchObject({
      ok: false,
      error: { code: 'admin-only' },
    })
    expect(await billing.call('settings.update', { ...addAdmin, confirmPin: '2468' })).toMatchObject({ ok: true })
    // Billing's admin powers end with the first admin.
    expect(await billing.call('session.current')).toMatchObject({ ok: true, value: { user: { admin: false } } })
    const admin = await signedInApi(h.office, { userId: 'U-3', pin: '3579' })
    for (const change of [
      { id: 'U-3', name: 'Ana Ruiz (owner)', roles: ['billing'] },
      { id: 'U-3', name: 'Ana Ruiz (owner)', roles: ['admin'], active: false },
    ])
      expect(
        await admin.call('settings.update', { section: 'users', users: [change], confirmPin: '3579' }),
      ).toMatchObject({ ok: false, error: { code: 'last-admin' } })
  })

  it('records each settings change in the event log with who and before/after, never the PIN', async () => {
    const billing = await signedInApi(h.office, DEMO_BILLING)
    await billing.call('settings.update', {
      section: 'users',
      users: [{ ...DEMO_USERS[1], pin: '2222' }],
      confirmPin: '2468',
    })
    await billing.call('settings.update', { section: 'signIn', idleLockMinutes: 5, confirmPin: '2468' })
    const events = h.events(OFFICE_LOG_ID, 'settings-changed')
    expect(events).toHaveLength(2)
    expect(events[0]).toMatchObject({ actor: 'U-1', data: { section: 'users', pinsChanged: ['U-2'] } })
    expect(events[1]).toMatchObject({
      actor: 'U-1',
      data: { section: 'signIn', before: { idleLockMinutes: 15 }, after: { idleLockMinutes: 5 } },
    })
    expect(JSON.stringify(events)).not.toContain('2222')
    expect((await verifyEventLogIn(h.office.db)).ok).toBe(true)
  })

  it("a new PIN signs the person out: the office user's sessions and the technician's phones", async () => {
    const supervisor = await signedInApi(h.office, DEMO_SUPERVISOR)
    const phone = createSession(officeFormSource(h.office), 'T-07')
    const billing = await signedInApi(h.office, DEMO_BILLING)
    await billing.call('settings.update', {
      section: 'users',
      users: [{ ...DEMO_USERS[1], pin: '2222' }],
      confirmPin: '2468',
    })
    expect(await supervisor.call('jobs.counts', {})).toMatchObject({ ok: false, error: { code: 'not-signed-in' } })
    expect(await billing.call('jobs.counts', {})).toMatchObject({ ok: true })
    expect(await findSession(officeFormSource(h.office), phone.token)).not.toBeNull()
    await billing.call('settings.update', {
      section: 'technicians',
      technicians: [{ id: 'T-07', name: 'Sam Ortiz', pin: '9090' }],
      confirmPin: '2468',
    })
    expect(await findSession(officeFormSource(h.office), phone.token)).toBeNull()
  })
})

describe('self-approval is refused by person', () => {
  it('a supervisor linked to the technician record cannot approve that technician’s work', async () => {
    const billing = await signedInApi(h.office, DEMO_BILLING)
    const link = await billing.call('settings.update', {
      section: 'users',
      users: [{ ...DEMO_USERS[1], technicianId: 'T-08' }],
      confirmPin: '2468',
    })
    expect(link).toMatchObject({ ok: true, value: { settings: { users: [{}, { id: 'U-2', technicianId: 'T-08' }] } } })
    // routineDoc is T-08's closeout; a warranty claim needs approval.
    await h.submit({ warrantyClaim: true })
    const answer = await billing.call('approvals.approve', { jobId: 'J-1043', ...DEMO_SUPERVISOR })
    expect(answer).toMatchObject({ ok: false, error: { code: 'self-approval' } })
    expect(h.job('J-1043').status).toBe('needs-approval')
  })
})

describe('Settings > Database is for admins only (issue #17)', () => {
  it('refuses a non-admin seeing the database, testing a connection or choosing one', async () => {
    const supervisor = await signedInApi(h.office, DEMO_SUPERVISOR)
    const url = 'postgres://closeout:pw@127.0.0.1:1/closeout'
    for (const [method, input] of [
      ['database.view', {}],
      ['database.test', { url }],
      ['database.save', { url, confirmPin: DEMO_SUPERVISOR.pin }],
    ] as const)
      expect(await supervisor.call(method, input)).toMatchObject({ ok: false, error: { code: 'admin-only' } })
    // Billing acts as the admin while the office has none: it sees the SQLite file in use.
    const billing = await signedInApi(h.office, DEMO_BILLING)
    expect(await billing.call('database.view')).toMatchObject({
      ok: true,
      value: { inUse: { engine: 'sqlite' }, storage: 'environment-only' },
    })
  })
})
