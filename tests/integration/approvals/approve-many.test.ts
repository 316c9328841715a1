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

/** Two warranty claims waiting for a supervisor: J-1043 and J-1044. */
async function twoWaiting(): Promise<void> {
  await h.submit({ warrantyClaim: true })
  await h.submit({
    job: { id: 'J-1044' },
    technician: { id: 'T-09' },
    parts: J1044_PARTS,
    labor: [{ role: 'journeyman', hours: '4' }],
    warrantyClaim: true,
  })
  expect([h.job('J-1043').status, h.job('J-1044').status]).toEqual(['needs-approval', 'needs-approval'])
}

describe('approvals.approveMany: several jobs, one PIN', () => {
  it('approves each job with its own approval event and answers per job', async () => {
    await twoWaiting()
    const answer = await call('approvals.approveMany', { jobIds: ['J-1043', 'J-1044'], userId: 'U-2', pin: '1357' })
    expect(answer).toEqual({
      ok: true,
      value: {
        results: [
          { jobId: 'J-1043', ok: true, status: 'invoice-ready', level: 1, levelsRequired: 1 },
          { jobId: 'J-1044', ok: true, status: 'invoice-ready', level: 1, levelsRequired: 1 },
        ],
      },
    })
    expect(h.events('J-1043', 'approved').map((e) => e.actor)).toEqual(['U-2'])
    expect(h.events('J-1044', 'approved').map((e) => e.actor)).toEqual(['U-2'])
  })

  it('a job that cannot be approved is answered on its own line; the others still go through', async () => {
    await twoWaiting()
    const answer = await call('approvals.approveMany', { jobIds: ['J-1043', 'J-1050'], userId: 'U-2', pin: '1357' })
    expect(answer).toMatchObject({
      ok: true,
      value: {
        results: [
          { jobId: 'J-1043', ok: true, status: 'invoice-ready' },
          { jobId: 'J-1050', ok: false, error: { code: 'invalid-transition' } },
        ],
      },
    })
    expect(h.job('J-1044').status).toBe('needs-approval')
  })

  it('a wrong PIN approves nothing and names the person', async () => {
    await twoWaiting()
    expect(
      await call('approvals.approveMany', { jobIds: ['J-1043', 'J-1044'], userId: 'U-2', pin: '0000' }),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'wrong-pin',
        message: 'Wrong PIN for Lee Park (supervisor) (4 tries left before a 5-minute lock)',
      },
    })
    expect([h.job('J-1043').status, h.job('J-1044').status]).toEqual(['needs-approval', 'needs-approval'])
  })

  it('refuses an empty or repeated list with the field named', async () => {
    expect(await call('approvals.approveMany', { jobIds: [], userId: 'U-2', pin: '1357' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', details: [{ path: 'jobIds', message: 'choose at least one job' }] },
    })
    expect(
      await call('approvals.approveMany', { jobIds: ['J-1043', 'J-1043'], userId: 'U-2', pin: '1357' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', details: [{ path: 'jobIds', message: 'J-1043 is listed twice' }] },
    })
  })
})
