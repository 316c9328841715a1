import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { approvalsOffice, disposeTemplate, type ApprovalsOffice } from './approvals-harness'

let h: ApprovalsOffice
beforeEach(async () => {
  h = await approvalsOffice()
})
afterEach(() => h.dispose())
afterAll(() => disposeTemplate())

describe('rules after ingest (real bundles through the real inbox)', () => {
  it('a routine closeout goes straight to invoice-ready, priced to the cent, with a receipt', async () => {
    const id = await h.submit()

    expect(h.job('J-1043')).toMatchObject({ status: 'invoice-ready', total_cents: 22_892, current_submission_id: id })
    const lines = h.office.sqlite
      .prepare('SELECT kind, amount_cents, taxable FROM submission_lines WHERE submission_id = ? ORDER BY line_no')
      .all(id)
    expect(lines).toEqual([
      { kind: 'labor', amount_cents: 18_750, taxable: 0 },
      { kind: 'part', amount_cents: 3_800, taxable: 1 },
    ])
    const sub = h.office.sqlite
      .prepare(
        'SELECT subtotal_cents, discount_total_cents, tax_cents, total_cents, findings_json FROM submissions WHERE id = ?',
      )
      .get(id)
    expect(sub).toEqual({
      subtotal_cents: 22_550,
      discount_total_cents: 0,
      tax_cents: 342,
      total_cents: 22_892,
      findings_json: '[]',
    })
    expect(h.events('J-1043', 'status-changed').map((e) => [e.data.from, e.data.to, e.actor])).toEqual([
      ['scheduled', 'submitted', 'inbox'],
      ['submitted', 'invoice-ready', 'rules'],
    ])
    expect(h.receipt(id)).toMatchObject({ status: 'invoice-ready', jobId: 'J-1043', findings: [], comment: null })
  })

  it('an exception routes to approval with the reason in words on the receipt', async () => {
    const id = await h.submit({ discount: { percent: '15', reason: 'Loyal customer' } })

    expect(h.job('J-1043').status).toBe('needs-approval')
    expect(h.receipt(id)).toMatchObject({
      status: 'needs-approval',
      findings: [{ code: 'discount-over-limit', severity: 'approval', message: 'Discount 15% is over the 10% limit' }],
    })
    // 15% of 225.50 = 33.825 -> 33.83, shared 28.13 labor / 5.70 part; tax 9% of 32.30 = 2.907 -> 2.91.
    expect(
      h.office.sqlite
        .prepare('SELECT subtotal_cents, discount_total_cents, tax_cents, total_cents FROM submissions WHERE id = ?')
        .get(id),
    ).toEqual({
      subtotal_cents: 22_550,
      discount_total_cents: 3_383,
      tax_cents: 291,
      total_cents: 19_458,
    })
  })

  it('missing evidence blocks: needs-review, with every finding named', async () => {
    const id = await h.submit({
      attachments: [{ file: 'photos/after-1.jpg', category: 'after' }],
      signature: null,
      warrantyClaim: true,
    })

    expect(h.job('J-1043').status).toBe('needs-review')
    expect(h.receipt(id).findings.map((f) => f.message)).toEqual([
      'Service repair jobs need 1 before photo; none attached',
      'Maple Grove Apartments requires a customer signature; none given and no reason recorded',
      'This closeout is a warranty claim; warranty work needs approval',
    ])
  })

  it('an unknown job id lands in needs-review with unknown-job', async () => {
    const id = await h.submit({ job: { id: 'J-9999' } })
    expect(h.job('J-9999').status).toBe('needs-review')
    expect(h.receipt(id).findings.map((f) => f.code)).toContain('unknown-job')
  })

  it('unscheduled work: an exact customer name passes, anything else is for the office to confirm', async () => {
    const newJob = (customerName: string) => ({
      job: { new: { customerName, siteAddress: '3301 N Broadway', jobType: 'repair' } },
    })
    const exact = await h.submit(newJob('Lakeview Veterinary Clinic'))
    expect(h.receipt(exact).status).toBe('invoice-ready')
    const fuzzy = await h.submit(newJob('Lakeview Vet Clinic'))
    expect(h.receipt(fuzzy)).toMatchObject({ status: 'needs-review', findings: [{ code: 'unscheduled-job' }] })
  })

  it('the estimate, labor limit and not-to-exceed are checked against the job', async () => {
    const id = await h.submit({
      labor: [{ role: 'journeyman', hours: '6.5' }],
      parts: [
        { sku: 'CAP-45-5', description: 'cap', quantity: 1 },
        { sku: 'CAP-10', description: 'fan cap', quantity: 1 },
      ],
    })
    expect(h.job('J-1043').status).toBe('needs-approval')
    expect(h.receipt(id).findings.map((f) => f.message)).toEqual([
      'Labor 6.5 h is over the 6 h limit for Service repair jobs',
      "Part CAP-10 (fan cap) is not on the job's estimate",
      'Parts total $60.00 is 58% over the $38.00 estimate (the limit is 15%)',
      "Invoice total $877.90 is over the job's not-to-exceed amount of $400.00",
    ])
  })
})
