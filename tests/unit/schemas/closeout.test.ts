import { describe, expect, it } from 'vitest'
import { CloseoutSchema } from '../../../src-shared/schemas/closeout'
import { ManifestSchema, RejectionSchema } from '../../../src-shared/schemas/bundle'
import { issuesToDetails } from '../../../src-shared/schemas/issues'
import { bundlePathProblem } from '../../../src-shared/schemas/primitives'

const valid = {
  schema: 'closeout/v1',
  submissionId: '0b0f3c1e-5f7a-4a57-9d1a-3c2b8f0e9a10',
  supersedes: null,
  job: { id: 'J-1042' },
  technician: { id: 'T-07', name: 'Sam Ortiz' },
  completedAt: '2026-11-25T14:03:00-05:00',
  workPerformed: { tasks: ['Replaced run capacitor'], notes: 'Unit cooling at 18F split.' },
  labor: [{ role: 'journeyman', hours: '1.5', billable: true, overtime: false }],
  parts: [{ sku: 'CAP-45-5', description: '45/5 MFD capacitor', quantity: 1, unitPrice: '38.00' }],
  adjustments: [{ kind: 'trip-charge', description: 'Trip charge', amount: '49.00' }],
  discount: { percent: '10', reason: 'Service plan member' },
  attachments: [{ file: 'photos/before-1.jpg', category: 'before', takenAt: '2026-11-25T12:45:00-05:00' }],
  signature: { file: 'signature.png', signerName: 'Pat Doe', signedAt: '2026-11-25T14:02:00-05:00' },
  device: { app: 'closeout-lan-form', version: '1.0.0' },
}

function problems(doc: unknown) {
  const result = CloseoutSchema.safeParse(doc)
  return result.success ? [] : issuesToDetails(result.error)
}

describe('closeout/v1 schema', () => {
  it('accepts the spec example, and fills defaults', () => {
    const doc = CloseoutSchema.parse(valid)
    expect(doc.warrantyClaim).toBe(false)
    expect(doc.serialNumbers).toEqual([])
  })

  it('accepts extra optional fields written by other tools', () => {
    expect(problems({ ...valid, customField: { anything: true } })).toEqual([])
  })

  it('accepts unscheduled work with job.new', () => {
    expect(
      problems({ ...valid, job: { new: { customerName: 'New Person', siteAddress: '1 Main St', jobType: 'repair' } } }),
    ).toEqual([])
  })

  it('names the path of a bad quantity', () => {
    const p = problems({ ...valid, parts: [{ description: 'Cap', quantity: '1.2345' }] })
    expect(p).toContainEqual({ path: 'parts[0].quantity', message: expect.stringContaining('3 decimal places') })
  })

  it('refuses money with 3 decimal places, naming the field', () => {
    const p = problems({ ...valid, adjustments: [{ kind: 'x', description: 'x', amount: '1.005' }] })
    expect(p.map((d) => d.path)).toContain('adjustments[0].amount')
  })

  it('refuses an uppercase or malformed submission id', () => {
    expect(problems({ ...valid, submissionId: '0B0F3C1E-5F7A-4A57-9D1A-3C2B8F0E9A10' }).map((d) => d.path)).toEqual([
      'submissionId',
    ])
  })

  it('refuses a time without an offset', () => {
    expect(problems({ ...valid, completedAt: '2026-11-25T14:03:00' }).map((d) => d.path)).toEqual(['completedAt'])
  })

  it('refuses an unknown photo category', () => {
    expect(problems({ ...valid, attachments: [{ file: 'a.jpg', category: 'selfie' }] }).map((d) => d.path)).toEqual([
      'attachments[0].category',
    ])
  })

  it('refuses a discount with both percent and amount', () => {
    expect(problems({ ...valid, discount: { percent: '5', amount: '5.00', reason: 'x' } }).map((d) => d.path)).toEqual([
      'discount',
    ])
  })

  it('refuses missing required fields by name', () => {
    const { labor: _labor, ...rest } = valid
    expect(problems(rest).map((d) => d.path)).toEqual(['labor'])
  })
})

describe('bundle paths', () => {
  it.each(['photos/before-1.jpg', 'signature.png', 'a/b/c_d-e.JPG'])('accepts %s', (p) => {
    expect(bundlePathProblem(p)).toBeNull()
  })

  it.each([
    ['../etc/passwd', '..'],
    ['/abs.jpg', 'relative'],
    ['photos\\a.jpg', '\\'],
    ['C:/x.jpg', 'drive letter'],
    ['photos/a b.jpg', 'may only use'],
    ['a\0.jpg', 'NUL'],
    ['photos/CON', 'reserved'],
    ['nul.txt', 'reserved'],
    ['photos//a.jpg', 'empty'],
    ['./a.jpg', '"."'],
    ['', 'empty'],
  ])('refuses %j', (p, why) => {
    expect(bundlePathProblem(p)).toContain(why)
  })
})

describe('manifest and rejection schemas', () => {
  it('requires lowercase hex hashes and sizes', () => {
    const result = ManifestSchema.safeParse({
      schema: 'closeout-manifest/v1',
      submissionId: valid.submissionId,
      createdAt: '2026-11-25T14:05:12-05:00',
      files: [{ path: 'closeout.json', size: -1, sha256: 'ABC' }],
    })
    expect(result.success).toBe(false)
    expect(
      issuesToDetails(result.error!)
        .map((d) => d.path)
        .sort(),
    ).toEqual(['files[0].sha256', 'files[0].size'])
  })

  it('only knows the spec rejection codes', () => {
    expect(
      RejectionSchema.safeParse({
        schema: 'closeout-rejection/v1',
        reason: 'unsafe-path',
        details: [],
        at: '2026-11-25T14:05:12Z',
      }).success,
    ).toBe(true)
    expect(
      RejectionSchema.safeParse({
        schema: 'closeout-rejection/v1',
        reason: 'something-else',
        details: [],
        at: '2026-11-25T14:05:12Z',
      }).success,
    ).toBe(false)
  })
})
