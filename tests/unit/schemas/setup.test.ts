import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SetupSchema, checkSetupReferences } from '../../../src-shared/schemas/setup'
import { issuesToDetails } from '../../../src-shared/schemas/issues'

const demo = JSON.parse(
  readFileSync(join(__dirname, '..', '..', '..', 'resources', 'demo', 'setup.json'), 'utf8'),
) as Record<string, unknown[]> & { company: object }

function paths(doc: unknown): string[] {
  const result = SetupSchema.safeParse(doc)
  return result.success ? [] : issuesToDetails(result.error).map((d) => d.path)
}

describe('closeout-setup/v1 schema', () => {
  it('accepts the demo company', () => {
    expect(paths(demo)).toEqual([])
  })

  it('has what the demo promises: 3 technicians, 2 users, 12 customers, 40 items, 4 job types, 20 jobs', () => {
    const doc = SetupSchema.parse(demo)
    expect([
      doc.technicians.length,
      doc.users.length,
      doc.customers.length,
      doc.priceBook.length,
      doc.jobTypes.length,
      doc.jobs.length,
    ]).toEqual([3, 2, 12, 40, 4, 20])
    const install = doc.jobTypes.find((t) => t.id === 'install')!
    expect(install.requiredPhotos).toEqual({ before: 1, after: 1, 'serial-plate': 1 })
    expect(install.requireSerialNumber && install.requireSignature).toBe(true)
  })

  it('refuses an unknown field and names its path', () => {
    expect(paths({ ...demo, company: { ...demo.company, colour: 'red' } })).toEqual(['company'])
    const result = SetupSchema.safeParse({ ...demo, company: { ...demo.company, colour: 'red' } })
    expect(issuesToDetails(result.error!)[0]!.message).toContain('colour')
  })

  it('finds a job that points at a customer neither in the file nor already known', () => {
    const jobs = [...demo.jobs!]
    jobs[3] = { ...(jobs[3] as object), customerId: 'C-999' }
    const none = new Set<string>()
    const known = { taxes: none, customers: none, jobTypes: none, technicians: none, skus: none, roles: none }

    expect(checkSetupReferences(SetupSchema.parse({ ...demo, jobs }), known)).toEqual([
      { path: 'jobs[3].customerId', message: 'job J-1045: unknown customer "C-999"' },
    ])
    expect(
      checkSetupReferences(SetupSchema.parse({ ...demo, jobs }), { ...known, customers: new Set(['C-999']) }),
    ).toEqual([])
  })

  it('refuses duplicate ids', () => {
    const customers = [...demo.customers!, demo.customers![0]]
    expect(paths({ ...demo, customers })).toEqual(['customers[12]'])
  })

  it('refuses a PIN that is not 4-8 digits', () => {
    const technicians = [{ id: 'T-1', name: 'A', pin: '12' }]
    expect(paths({ ...demo, jobs: [], technicians })).toEqual(['technicians[0].pin'])
  })
})
