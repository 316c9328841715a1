import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { withTransaction } from '../../../src-main/core/db/engine-db'
import { writeMoneyPolicyIn } from '../../../src-main/core/settings/money-settings'
import { approvalsOffice, disposeTemplate, type ApprovalsOffice } from './approvals-harness'

/**
 * Negative money and under-billing through the real inbox (spec v1.1 §6): what the office sees
 * right after ingest, not only what the rules function returns.
 */
let h: ApprovalsOffice
beforeEach(async () => {
  h = await approvalsOffice()
})
afterEach(async () => {
  await h.dispose()
})
afterAll(() => disposeTemplate())

function findingsAtIngest(jobId: string): string[] {
  const change = h
    .events(jobId, 'status-changed')
    .find((e) => e.data.reason === 'closeout received' && e.data.to !== 'submitted')
  return (change?.data.findings as string[] | undefined) ?? []
}

describe('negative money at ingest', () => {
  it('a -500.00 adjustment is negative-total at ingest: needs review, never invoice-ready', async () => {
    await h.submit({ adjustments: [{ kind: 'credit', description: 'Goodwill credit', amount: '-500.00' }] })
    expect(h.job('J-1043')).toMatchObject({ status: 'needs-review', total_cents: -27108 })
    expect(findingsAtIngest('J-1043')).toEqual(expect.arrayContaining(['negative-total', 'credit-needs-approval']))
  })

  it('a credit needs approval by default (credit-needs-approval)', async () => {
    await h.submit({ adjustments: [{ kind: 'credit', description: 'Coupon', amount: '-5.00' }] })
    expect(h.job('J-1043').status).toBe('needs-approval')
    expect(findingsAtIngest('J-1043')).toEqual(['credit-needs-approval'])
  })

  it('with credits allowed, a -120.00 credit still counts against the 10% discount limit', async () => {
    await withTransaction(h.office, (trx) =>
      writeMoneyPolicyIn({ ...h.office, db: trx }, { creditsNeedApproval: false }),
    )
    await h.submit({ adjustments: [{ kind: 'credit', description: 'Loyalty credit', amount: '-120.00' }] })
    expect(h.job('J-1043').status).toBe('needs-approval')
    // 105.50 of work left against a 225.50 estimate is also under-billing.
    expect(findingsAtIngest('J-1043')).toEqual(['discount-over-limit', 'below-estimate'])
  })

  it('a negative discount (a surcharge in disguise) is refused: the bundle is not ingested', async () => {
    await expect(h.submit({ discount: { amount: '-20.00', reason: 'surcharge' } })).rejects.toThrow(/discount\.amount/)
    expect(h.job('J-1043').status).toBe('scheduled')
  })
})

describe('under-billing is an exception too', () => {
  it('half an hour against a 225.50 estimate is below-estimate at ingest', async () => {
    await h.submit({ labor: [{ role: 'journeyman', hours: '0.5', billable: true, overtime: false }], parts: [] })
    expect(h.job('J-1043')).toMatchObject({ status: 'needs-approval', total_cents: 6250 })
    expect(findingsAtIngest('J-1043')).toEqual(['below-estimate'])
  })
})
