import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { signedInApi, type SignedInApi } from '../../support/signed-in'
import { approvalsOffice, disposeTemplate, J1044_PARTS, type ApprovalsOffice } from './approvals-harness'

let h: ApprovalsOffice
let api: SignedInApi
const call = (method: string, input: unknown) => api.call(method, input)

beforeEach(async () => {
  h = await approvalsOffice()
  api = await signedInApi(h.office)
})
afterEach(() => h.dispose())
afterAll(() => disposeTemplate())

describe('office API: approval inbox', () => {
  it('approvals.list shows the amounts that will be invoiced, even after the price book changed; the lines come with the job', async () => {
    await h.submit({ warrantyClaim: true })
    h.office.sqlite.prepare(`UPDATE price_book SET unit_price_cents = 9900 WHERE sku = 'CAP-45-5'`).run()

    const answer = await call('approvals.list', {})
    const closeout = await call('jobs.closeout', { jobId: 'J-1043' })

    const item = (answer as { value: Record<string, unknown>[] }).value[0]!
    // Priced at ingest: 1.5 h x 125.00 + the capacitor at 38.00, Cook County 9% on 38.00.
    expect(item.totals).toEqual({
      subtotal: '225.50',
      discount: '0.00',
      taxable: '38.00',
      tax: '3.42',
      total: '228.92',
    })
    expect(item.estimateVsActual).toMatchObject({ partsActual: '38.00', laborHoursActual: '1.5', total: '228.92' })
    // The list carries no lines (the job screen asks for them when the card is opened).
    expect(item).not.toHaveProperty('lines')
    const lines = (
      closeout as { value: { closeout: { lines: { description: string; amountCents: number | null }[] } } }
    ).value.closeout.lines
    expect(lines.map((l) => [l.description, l.amountCents])).toEqual([
      ['Journeyman technician', 18750],
      ['45/5 MFD dual run capacitor', 3800],
    ])
  })

  it('approvals.list shows each waiting job with the findings that put it there and estimate vs actual', async () => {
    await h.submit({
      labor: [{ role: 'journeyman', hours: '2' }],
      parts: [
        { sku: 'CAP-45-5', description: 'cap', quantity: 1 },
        { sku: 'CAP-10', description: 'fan cap', quantity: 1 },
      ],
    })
    await h.submit({
      job: { id: 'J-1044' },
      technician: { id: 'T-09' },
      // The water heater replacement as estimated (less would be below-estimate).
      parts: J1044_PARTS,
      labor: [{ role: 'journeyman', hours: '4' }],
    })

    const answer = await call('approvals.list', {})

    expect(answer.ok).toBe(true)
    const items = (answer as { value: Record<string, unknown>[] }).value
    expect(items.map((i) => i.jobId)).toEqual(['J-1043'])
    expect(items[0]).toMatchObject({
      status: 'needs-approval',
      customer: 'Maple Grove Apartments',
      technician: 'Priya Natarajan',
      findings: [
        {
          code: 'parts-outside-estimate',
          severity: 'approval',
          message: "Part CAP-10 (fan cap) is not on the job's estimate",
        },
        { code: 'parts-outside-estimate' },
      ],
      estimateVsActual: {
        partsEstimate: '38.00',
        partsActual: '60.00',
        laborHoursEstimate: '1.5',
        laborHoursActual: '2',
        notToExceed: '400.00',
        total: '315.40',
      },
      totals: { subtotal: '310.00', discount: '0.00', taxable: '60.00', tax: '5.40', total: '315.40' },
      approvals: [],
      levelsRequired: 1,
    })
    expect(items[0]).not.toHaveProperty('lines')
  })

  it('approvals.approve and approvals.sendBack answer with the envelope; errors keep their codes', async () => {
    await h.submit({ warrantyClaim: true })
    expect(
      await call('approvals.sendBack', { jobId: 'J-1043', userId: 'U-2', pin: '1357', comment: '  ' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', details: [{ path: 'comment', message: 'say what the technician must fix' }] },
    })
    expect(await call('approvals.approve', { jobId: 'J-1043', userId: 'U-2', pin: '0000' })).toMatchObject({
      ok: false,
      error: { code: 'wrong-pin' },
    })
    expect(await call('approvals.approve', { jobId: 'J-1043', userId: 'U-2', pin: '1357', comment: 'OK' })).toEqual({
      ok: true,
      value: {
        jobId: 'J-1043',
        submissionId: expect.any(String),
        status: 'invoice-ready',
        level: 1,
        levelsRequired: 1,
      },
    })
  })

  it('jobs.editLines answers with the re-priced lines, totals and findings; jobs.void with the new status', async () => {
    await h.submit()
    const edited = await call('jobs.editLines', {
      jobId: 'J-1043',
      userId: 'U-1',
      pin: '2468',
      edits: [{ op: 'update', lineNo: 2, quantity: 2 }],
    })
    expect(edited).toMatchObject({
      ok: true,
      value: {
        status: 'needs-approval',
        totals: { total: '270.34' },
        findings: [{ code: 'parts-outside-estimate' }],
        edits: [{ lineNo: 2, field: 'quantity', from: '1', to: '2' }],
      },
    })
    expect(
      await call('jobs.editLines', {
        jobId: 'J-1043',
        userId: 'U-1',
        pin: '2468',
        edits: [{ op: 'update', lineNo: 2, quantity: 'two' }],
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', details: [{ path: 'edits[0].quantity' }] },
    })
    expect(await call('jobs.void', { jobId: 'J-1043', userId: 'U-1', pin: '2468', reason: 'Duplicate' })).toMatchObject(
      { ok: true, value: { status: 'void' } },
    )
  })

  it('users.list gives names, roles and who may approve for the approver picker, never PIN hashes', async () => {
    const answer = await call('users.list', {})
    expect(answer).toEqual({
      ok: true,
      value: [
        { id: 'U-1', name: 'Dana Kim (billing)', roles: ['billing'], mayApprove: false },
        { id: 'U-2', name: 'Lee Park (supervisor)', roles: ['supervisor'], mayApprove: true },
      ],
    })
  })
})
