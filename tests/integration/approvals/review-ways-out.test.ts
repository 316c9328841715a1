import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { signedInApi, type SignedInApi } from '../../support/signed-in'
import { approvalsOffice, disposeTemplate, type ApprovalsOffice } from './approvals-harness'

let h: ApprovalsOffice
let api: SignedInApi
const call = (method: string, input: unknown) => api.call(method, input)

beforeEach(async () => {
  h = await approvalsOffice()
  api = await signedInApi(h.office)
})
afterEach(() => h.dispose())
afterAll(() => disposeTemplate())

/** A routine closeout sent under a number the office never dispatched (the front desk guessed it). */
async function unknownJob(): Promise<string> {
  const id = await h.submit({ job: { id: 'J-1099' } })
  expect(h.job('J-1099').status).toBe('needs-review')
  expect(h.receipt(id).findings.map((f) => f.code)).toContain('unknown-job')
  return id
}

describe('needs review: a way forward from the job screen', () => {
  it('match to an existing job: the closeout moves to it, the rules run again, the guessed job is void', async () => {
    const submissionId = await unknownJob()
    const answer = await call('review.matchToJob', { jobId: 'J-1099', toJobId: 'J-1043' })
    expect(answer).toEqual({ ok: true, value: { jobId: 'J-1043', status: 'invoice-ready', findings: [] } })
    expect(h.job('J-1043').current_submission_id).toBe(submissionId)
    expect(h.job('J-1099')).toMatchObject({ status: 'void', current_submission_id: null })
    expect(h.job('J-1099').void_reason).toBe('Its closeout was matched to J-1043')
    expect(h.events('J-1043', 'closeout-moved')[0]!.data).toMatchObject({ submissionId, from: 'J-1099', to: 'J-1043' })
    expect(h.receipt(submissionId).status).toBe('invoice-ready')
  })

  it('refuses to match to a job that already has its closeout, naming both', async () => {
    await h.submit()
    await unknownJob()
    expect(await call('review.matchToJob', { jobId: 'J-1099', toJobId: 'J-1043' })).toMatchObject({
      ok: false,
      error: {
        code: 'invalid-transition',
        message: 'J-1043 already has a closeout (it is invoice-ready); match J-1099 to a job still waiting for one',
      },
    })
    expect(h.job('J-1099').status).toBe('needs-review')
  })

  it('create the job from its closeout with a new customer: the rules run and the job moves on', async () => {
    const submissionId = await unknownJob()
    const answer = await call('review.createJob', {
      jobId: 'J-1099',
      customer: { name: 'Walk-in Dental', address: '1 Main St, Evanston, IL' },
      jobTypeId: 'repair',
      siteAddress: '1 Main St, Evanston, IL',
    })
    expect(answer).toMatchObject({ ok: true, value: { jobId: 'J-1099', status: 'invoice-ready', findings: [] } })
    const customer = h.office.sqlite
      .prepare(`SELECT c.name FROM jobs j JOIN customers c ON c.id = j.customer_id WHERE j.id = 'J-1099'`)
      .get() as { name: string }
    expect(customer.name).toBe('Walk-in Dental')
    expect(h.receipt(submissionId).status).toBe('invoice-ready')
  })

  it('create the job for an existing customer; an unknown job type is named by its field', async () => {
    await unknownJob()
    expect(
      await call('review.createJob', {
        jobId: 'J-1099',
        customer: { id: 'C-100' },
        jobTypeId: 'boat',
        siteAddress: 'x',
      }),
    ).toMatchObject({ ok: false, error: { code: 'invalid-input', details: [{ path: 'jobTypeId' }] } })
    expect(
      await call('review.createJob', {
        jobId: 'J-1099',
        customer: { id: 'C-100' },
        jobTypeId: 'repair',
        siteAddress: '1420 W Fullerton Ave',
      }),
    ).toMatchObject({ ok: true, value: { status: 'invoice-ready' } })
  })

  it('Dispatch creates a job with the number the closeout used, and the closeout is checked against it', async () => {
    await unknownJob()
    expect(
      await call('jobs.create', {
        id: 'J-1099',
        customerId: 'C-101',
        siteAddress: '88 Maple Grove Ct',
        jobTypeId: 'repair',
      }),
    ).toEqual({ ok: true, value: { id: 'J-1099' } })
    expect(h.job('J-1099').status).toBe('invoice-ready')
    // A number a dispatched job already has is still refused.
    expect(
      await call('jobs.create', { id: 'J-1043', customerId: 'C-101', siteAddress: 'x', jobTypeId: 'repair' }),
    ).toMatchObject({ ok: false, error: { code: 'already-exists' } })
  })

  it('reprocess runs the rules again once the cause is fixed', async () => {
    await h.submit({ parts: [{ sku: 'NEW-1', description: 'Float switch', quantity: 1 }] })
    expect(h.job('J-1043').status).toBe('needs-review')
    const before = (await call('review.reprocess', { jobId: 'J-1043' })) as {
      value: { status: string; findings: { code: string }[] }
    }
    expect(before.value.status).toBe('needs-review')
    expect(before.value.findings.map((f) => f.code)).toContain('unpriced-part')
    h.office.sqlite
      .prepare(
        `INSERT INTO price_book (sku, description, unit_price_cents, taxable) VALUES ('NEW-1', 'Float switch', 2400, 1)`,
      )
      .run()
    const answer = await call('review.reprocess', { jobId: 'J-1043' })
    expect(answer).toMatchObject({ ok: true, value: { jobId: 'J-1043', status: 'needs-approval' } })
    expect(h.job('J-1043').status).toBe('needs-approval')
  })
})
