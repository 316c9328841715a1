import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDemoOffice, type DemoOffice } from './office-fixture'

let demo: DemoOffice

beforeAll(async () => {
  demo = await openDemoOffice()
})
afterAll(async () => {
  await demo.close()
})

const newJob = {
  customerId: 'C-103',
  siteAddress: '510 Main St, Evanston, IL 60202',
  jobTypeId: 'repair',
  technicianId: 'T-09',
  scheduledFor: '2026-12-03T09:00:00-06:00',
  poNumber: 'PO-1',
  notToExceed: '450',
  estimate: [
    { kind: 'part', sku: 'CAP-45-5', quantity: 1 },
    { kind: 'labor', role: 'journeyman', hours: '1.5' },
  ],
}

describe('jobs.create and jobs.update', () => {
  it('creates the next numbered scheduled job with its estimate and a job-created event', async () => {
    const created = await demo.call('jobs.create', newJob)
    expect(created).toEqual({ ok: true, value: { id: 'J-1062' } })
    const job = await demo.call('jobs.get', { id: 'J-1062' })
    if (!job.ok) throw new Error(job.error.message)
    const detail = job.value as {
      status: string
      customer: string
      estimate: unknown[]
      events: { type: string; data: { via: string } }[]
      notToExceed: string
    }
    expect(detail.status).toBe('scheduled')
    expect(detail.customer).toBe('Brightside Bakery')
    expect(detail.notToExceed).toBe('450.00')
    expect(detail.estimate).toHaveLength(2)
    expect(detail.events.map((e) => [e.type, e.data.via])).toEqual([['job-created', 'dispatch']])
  })

  it('names every unknown reference by its path and writes nothing', async () => {
    const result = await demo.call('jobs.create', {
      ...newJob,
      customerId: 'C-999',
      estimate: [{ kind: 'part', sku: 'NOPE', quantity: 1 }],
    })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.details.map((d) => d.path)).toEqual(['customerId', 'estimate[0].sku'])
    expect(demo.office.sqlite.prepare(`SELECT COUNT(*) AS n FROM jobs WHERE customer_id = 'C-999'`).get()).toEqual({
      n: 0,
    })
  })

  it('updates only what changed and records which fields', async () => {
    const updated = await demo.call('jobs.update', {
      id: 'J-1062',
      technicianId: 'T-07',
      notToExceed: '450.00',
      estimate: newJob.estimate,
    })
    if (!updated.ok) throw new Error(updated.error.message)
    expect((updated.value as { technicianId: string }).technicianId).toBe('T-07')
    const events = demo.office.sqlite
      .prepare(`SELECT type, data_json FROM job_events WHERE job_id = 'J-1062' ORDER BY id`)
      .all() as { type: string; data_json: string }[]
    expect(events.at(-1)?.type).toBe('job-updated')
    expect(JSON.parse(events.at(-1)!.data_json).fields).toEqual(['technicianId'])
  })

  it('refuses to change the customer once a closeout has arrived, but accepts a late PO number', async () => {
    demo.office.sqlite.prepare(`UPDATE jobs SET status = 'needs-review' WHERE id = 'J-1062'`).run()
    const refused = await demo.call('jobs.update', { id: 'J-1062', customerId: 'C-100' })
    expect(refused.ok).toBe(false)
    if (!refused.ok) {
      expect(refused.error.code).toBe('job-locked')
      expect(refused.error.details).toEqual([{ path: 'customerId', message: 'cannot change any more' }])
    }
    const po = await demo.call('jobs.update', { id: 'J-1062', poNumber: 'PO-LATE-9' })
    expect(po.ok).toBe(true)
    expect(demo.office.sqlite.prepare(`SELECT po_number FROM jobs WHERE id = 'J-1062'`).get()).toEqual({
      po_number: 'PO-LATE-9',
    })
  })

  it('lists what the dispatch form picks from', async () => {
    const options = await demo.call('dispatch.options', {})
    if (!options.ok) throw new Error(options.error.message)
    const value = options.value as {
      technicians: { name: string }[]
      jobTypes: unknown[]
      priceBook: { sku: string; unitPrice: string }[]
    }
    expect(value.technicians.map((t) => t.name)).toEqual(['Marcus Bell', 'Priya Natarajan', 'Sam Ortiz'])
    expect(value.jobTypes).toHaveLength(4)
    expect(value.priceBook.find((p) => p.sku === 'CAP-45-5')?.unitPrice).toBe('38.00')
  })
})
