import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { approveJob, sendBackJob } from '../../../src-main/core/approvals/decisions'
import { refusal } from '../../support/refusal'
import { voidJob } from '../../../src-main/core/jobs/void-job'
import { approvalsOffice, disposeTemplate, J1044_PARTS, type ApprovalsOffice } from './approvals-harness'

/** Demo users: U-1 Dana Kim (billing, PIN 2468), U-2 Lee Park (supervisor, PIN 1357). */
const LEE = { userId: 'U-2', pin: '1357' }
const DANA = { userId: 'U-1', pin: '2468' }
const WARRANTY = { warrantyClaim: true }

let h: ApprovalsOffice
beforeEach(async () => {
  h = await approvalsOffice()
})
afterEach(() => h.dispose())
afterAll(() => disposeTemplate())

describe('approve', () => {
  it('a supervisor approves: approved -> invoice-ready, on the log, on the receipt, and the UI is told', async () => {
    const id = await h.submit(WARRANTY)
    const told: unknown[] = []
    h.office.events.on('jobs.changed', (e) => told.push(e))

    const result = await approveJob(h.office, { jobId: 'J-1043', ...LEE, comment: 'Covered by the 5-year warranty' })

    expect(result).toMatchObject({ status: 'invoice-ready', level: 1, levelsRequired: 1 })
    expect(h.job('J-1043').status).toBe('invoice-ready')
    expect(
      h
        .events('J-1043')
        .slice(-3)
        .map((e) => [e.type, e.actor, e.data.to ?? e.data.comment]),
    ).toEqual([
      ['approved', 'U-2', 'Covered by the 5-year warranty'],
      ['status-changed', 'U-2', 'approved'],
      ['status-changed', 'U-2', 'invoice-ready'],
    ])
    expect(h.receipt(id).status).toBe('invoice-ready')
    expect(told).toEqual([{ reason: 'decision', jobIds: ['J-1043'] }])
  })

  it('refuses a user whose role is not an approver role, and changes nothing', async () => {
    await h.submit(WARRANTY)
    expect(await refusal(approveJob(h.office, { jobId: 'J-1043', ...DANA }))).toEqual({
      code: 'not-an-approver',
      message: 'Dana Kim (billing) may not approve: approvals need the role supervisor',
    })
    expect(h.job('J-1043').status).toBe('needs-approval')
  })

  it('refuses a job that is not waiting for approval (needs-review, invoice-ready)', async () => {
    await h.submit({ signature: null })
    expect(await refusal(approveJob(h.office, { jobId: 'J-1043', ...LEE }))).toEqual({
      code: 'invalid-transition',
      message: 'Job J-1043 is needs-review; only a job that is needs-approval can be approved',
    })
    await h.submit({
      job: { id: 'J-1044' },
      technician: { id: 'T-09' },
      // The water heater replacement as estimated (less would be below-estimate).
      parts: J1044_PARTS,
      labor: [{ role: 'journeyman', hours: '4' }],
    })
    expect(h.job('J-1044').status).toBe('invoice-ready')
    expect((await refusal(approveJob(h.office, { jobId: 'J-1044', ...LEE }))).code).toBe('invalid-transition')
    expect((await refusal(approveJob(h.office, { jobId: 'J-404', ...LEE }))).code).toBe('not-found')
  })

  it('nobody approves a closeout they submitted themselves', async () => {
    await h.addUser('T-08', 'Priya Natarajan', ['supervisor'], '9999')
    await h.submit(WARRANTY)
    expect(await refusal(approveJob(h.office, { jobId: 'J-1043', userId: 'T-08', pin: '9999' }))).toEqual({
      code: 'self-approval',
      message: 'Priya Natarajan submitted this closeout and may not approve it',
    })
  })

  it('nobody approves a closeout whose lines they edited; another approver may', async () => {
    await h.addUser('U-3', 'Robin Hale', ['supervisor'], '2222')
    await h.submit(WARRANTY)
    const { editLines } = await import('../../../src-main/core/jobs/edit-lines')
    await editLines(h.office, { jobId: 'J-1043', ...LEE, edits: [{ op: 'update', lineNo: 1, quantity: '1.25' }] })
    expect((await refusal(approveJob(h.office, { jobId: 'J-1043', ...LEE }))).code).toBe('self-approval')
    expect((await approveJob(h.office, { jobId: 'J-1043', userId: 'U-3', pin: '2222' })).status).toBe('invoice-ready')
  })
})

describe('second level of approval', () => {
  beforeEach(async () => {
    await h.addUser('U-3', 'Robin Hale', ['supervisor'], '2222')
    // 200.00: the routine J-1043 closeout (228.92) is above it.
    h.office.sqlite.prepare('UPDATE approval_policy SET second_approval_over_cents = 20000').run()
  })

  it('above the amount, a second and different approver is needed', async () => {
    const id = await h.submit(WARRANTY)

    const first = await approveJob(h.office, { jobId: 'J-1043', ...LEE })
    expect(first).toMatchObject({ status: 'needs-approval', level: 1, levelsRequired: 2 })
    expect(h.receipt(id).status).toBe('needs-approval')
    expect(await refusal(approveJob(h.office, { jobId: 'J-1043', ...LEE }))).toEqual({
      code: 'same-approver',
      message: 'Lee Park (supervisor) already approved job J-1043; the second approval must come from someone else',
    })

    const second = await approveJob(h.office, { jobId: 'J-1043', userId: 'U-3', pin: '2222' })
    expect(second).toMatchObject({ status: 'invoice-ready', level: 2 })
    expect(h.events('J-1043', 'approved').map((e) => [e.actor, e.data.level])).toEqual([
      ['U-2', 1],
      ['U-3', 2],
    ])
  })

  it('at or below the amount one approval is enough', async () => {
    h.office.sqlite.prepare('UPDATE approval_policy SET second_approval_over_cents = 22892').run()
    await h.submit(WARRANTY)
    expect((await approveJob(h.office, { jobId: 'J-1043', ...LEE })).status).toBe('invoice-ready')
  })

  it('an edit after the first approval cancels it: the approver saw other numbers', async () => {
    await h.addUser('U-4', 'Sky Moreno', ['billing'], '4444')
    await h.submit(WARRANTY)
    await approveJob(h.office, { jobId: 'J-1043', ...LEE })
    const { editLines } = await import('../../../src-main/core/jobs/edit-lines')
    await editLines(h.office, {
      jobId: 'J-1043',
      userId: 'U-4',
      pin: '4444',
      edits: [{ op: 'update', lineNo: 2, quantity: 2 }],
    })
    const again = await approveJob(h.office, { jobId: 'J-1043', userId: 'U-3', pin: '2222' })
    expect(again).toMatchObject({ status: 'needs-approval', level: 1, levelsRequired: 2 })
  })
})

describe('PINs', () => {
  it('a wrong PIN is refused and counted; the fifth locks the user for 5 minutes, across restarts', async () => {
    await h.submit(WARRANTY)
    const t0 = new Date('2026-11-25T15:00:00Z')
    const at = (ms: number) => new Date(t0.getTime() + ms)

    expect(await refusal(approveJob(h.office, { jobId: 'J-1043', userId: 'U-2', pin: '0000' }, t0))).toEqual({
      code: 'wrong-pin',
      message: 'Wrong PIN for Lee Park (supervisor) (4 tries left before a 5-minute lock)',
    })
    for (let i = 1; i < 4; i++)
      expect(
        (await refusal(approveJob(h.office, { jobId: 'J-1043', userId: 'U-2', pin: '0000' }, at(i * 1000)))).code,
      ).toBe('wrong-pin')
    expect((await refusal(approveJob(h.office, { jobId: 'J-1043', userId: 'U-2', pin: '0000' }, at(4000)))).code).toBe(
      'pin-locked',
    )

    await h.reopen()
    // Locked at 4 s; 2.5 minutes later the right PIN is still refused.
    expect(await refusal(approveJob(h.office, { jobId: 'J-1043', ...LEE }, at(4000 + 150_000)))).toEqual({
      code: 'pin-locked',
      message: 'Too many wrong PINs for Lee Park (supervisor); try again in 3 min',
    })
    expect(h.job('J-1043').status).toBe('needs-approval')

    // 5 minutes after the fifth wrong PIN the lock is over, and a right PIN clears the count.
    expect((await approveJob(h.office, { jobId: 'J-1043', ...LEE }, at(4000 + 5 * 60_000))).status).toBe(
      'invoice-ready',
    )
    expect(h.office.sqlite.prepare(`SELECT * FROM pin_throttle WHERE key = 'user:U-2@this-pc'`).get()).toBeUndefined()
  })

  it('parallel guesses cannot outrun the lock: 29 wrong PINs at once, then the right one, is refused', async () => {
    await h.submit(WARRANTY)
    const guesses = Array.from({ length: 29 }, (_, i) =>
      approveJob(h.office, { jobId: 'J-1043', userId: 'U-2', pin: String(1000 + i) }),
    )
    const rightOne = approveJob(h.office, { jobId: 'J-1043', ...LEE })

    const codes = await Promise.all(guesses.map((g) => refusal(g).then((r) => r.code)))
    expect(codes.filter((c) => c === 'wrong-pin')).toHaveLength(4)
    expect(codes.filter((c) => c === 'pin-locked')).toHaveLength(25)
    expect((await refusal(rightOne)).code).toBe('pin-locked')
    expect(h.job('J-1043').status).toBe('needs-approval')
  })

  it('wrong PINs spread over more than 15 minutes do not add up to a lock', async () => {
    await h.submit(WARRANTY)
    const t0 = Date.parse('2026-11-25T15:00:00Z')
    for (let i = 0; i < 4; i++)
      await refusal(approveJob(h.office, { jobId: 'J-1043', userId: 'U-2', pin: '0000' }, new Date(t0 + i * 1000)))
    const later = new Date(t0 + 16 * 60_000)
    expect(
      (await refusal(approveJob(h.office, { jobId: 'J-1043', userId: 'U-2', pin: '0000' }, later))).message,
    ).toContain('4 tries left')
  })

  it('an unknown user is refused without revealing anything about PINs', async () => {
    await h.submit(WARRANTY)
    expect((await refusal(approveJob(h.office, { jobId: 'J-1043', userId: 'U-99', pin: '1357' }))).code).toBe(
      'unknown-user',
    )
  })
})

describe('send back', () => {
  it('needs a comment, which the technician sees on the receipt', async () => {
    const id = await h.submit(WARRANTY)
    expect((await refusal(sendBackJob(h.office, { jobId: 'J-1043', ...LEE, comment: '   ' }))).code).toBe(
      'comment-required',
    )

    const result = await sendBackJob(h.office, {
      jobId: 'J-1043',
      ...LEE,
      comment: 'Not under warranty: the unit is 7 years old',
    })

    expect(result.status).toBe('sent-back')
    expect(h.receipt(id)).toMatchObject({ status: 'sent-back', comment: 'Not under warranty: the unit is 7 years old' })
    expect(h.events('J-1043', 'sent-back')[0]).toMatchObject({
      actor: 'U-2',
      data: { submissionId: id, comment: 'Not under warranty: the unit is 7 years old' },
    })
  })

  it('a resubmission with supersedes starts again and is decided by the rules', async () => {
    const first = await h.submit(WARRANTY)
    await sendBackJob(h.office, { jobId: 'J-1043', ...LEE, comment: 'Bill it normally' })
    const second = await h.submit({ supersedes: first })

    expect(h.job('J-1043')).toMatchObject({ status: 'invoice-ready', current_submission_id: second })
    expect(h.receipt(second).status).toBe('invoice-ready')
  })

  it('billing may send back a job missing evidence, but not one waiting for a supervisor', async () => {
    await h.submit({ signature: null })
    expect((await sendBackJob(h.office, { jobId: 'J-1043', ...DANA, comment: 'Get the signature' })).status).toBe(
      'sent-back',
    )

    await h.submit({ job: { id: 'J-1044' }, technician: { id: 'T-09' }, ...WARRANTY })
    expect((await refusal(sendBackJob(h.office, { jobId: 'J-1044', ...DANA, comment: 'x' }))).code).toBe(
      'not-an-approver',
    )
  })

  it('refuses a job that is already invoice-ready or sent back', async () => {
    await h.submit()
    expect((await refusal(sendBackJob(h.office, { jobId: 'J-1043', ...LEE, comment: 'x' }))).message).toBe(
      'Job J-1043 is invoice-ready; only a job that is needs-approval or needs-review can be sent back',
    )
  })
})

describe('void', () => {
  it('voids any job with a reason, once; the receipt says void', async () => {
    const id = await h.submit()
    expect((await refusal(voidJob(h.office, { jobId: 'J-1043', ...DANA, reason: ' ' }))).code).toBe('reason-required')

    expect(
      (await voidJob(h.office, { jobId: 'J-1043', ...DANA, reason: 'Customer cancelled; duplicate visit' })).status,
    ).toBe('void')

    expect(h.job('J-1043')).toMatchObject({ status: 'void', void_reason: 'Customer cancelled; duplicate visit' })
    expect(h.receipt(id).status).toBe('void')
    expect((await refusal(voidJob(h.office, { jobId: 'J-1043', ...DANA, reason: 'again' }))).code).toBe(
      'invalid-transition',
    )
    expect((await refusal(approveJob(h.office, { jobId: 'J-1043', ...LEE }))).code).toBe('invalid-transition')
  })

  it('voids a scheduled job that never had a closeout', async () => {
    expect((await voidJob(h.office, { jobId: 'J-1050', ...LEE, reason: 'Cancelled by phone' })).status).toBe('void')
    expect(h.events('J-1050', 'voided')[0]!.data).toEqual({ reason: 'Cancelled by phone' })
  })
})
