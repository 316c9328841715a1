import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { REJECTION_REASONS, type Manifest } from '../../../src-shared/schemas/bundle'
import { parseDocument } from '../../../src-main/core/inbox/bundle-document'
import { unsafePath } from './unsafe-paths'

const ID = '0b0f3c1e-5f7a-4a57-9d1a-3c2b8f0e9a10'
const HASH = 'a'.repeat(64)
const manifest: Manifest = {
  schema: 'closeout-manifest/v1',
  submissionId: ID,
  createdAt: '2026-11-25T14:05:12-05:00',
  files: [
    { path: 'closeout.json', size: 1, sha256: HASH },
    { path: 'photos/before-1.jpg', size: 1, sha256: HASH },
  ],
}
const doc = {
  schema: 'closeout/v1',
  submissionId: ID,
  job: { id: 'J-1042' },
  technician: { id: 'T-07' },
  completedAt: '2026-11-25T14:03:00-05:00',
  workPerformed: { tasks: [], notes: '' },
  labor: [],
  parts: [{ description: 'Capacitor', quantity: 1, unitPrice: '38.00' }],
  attachments: [{ file: 'photos/before-1.jpg', category: 'before' }],
}

describe('parseDocument', () => {
  it('accepts a valid closeout whose files are all in the manifest', () => {
    expect(parseDocument(JSON.stringify(doc), manifest)).toMatchObject({ ok: true, document: { submissionId: ID } })
  })

  it('names the field at fault', () => {
    const bad = { ...doc, parts: [{ description: 'x', quantity: '1.2345' }] }
    expect(parseDocument(JSON.stringify(bad), manifest)).toMatchObject({
      ok: false,
      refusal: { reason: 'invalid-document', details: [{ path: 'parts[0].quantity' }] },
    })
    expect(parseDocument(JSON.stringify({ ...doc, submissionId: ID.replace('0b', '1b') }), manifest)).toMatchObject({
      ok: false,
      refusal: { reason: 'id-mismatch' },
    })
    expect(
      parseDocument(JSON.stringify({ ...doc, attachments: [{ file: 'photos/x.jpg', category: 'before' }] }), manifest),
    ).toMatchObject({
      ok: false,
      refusal: {
        reason: 'invalid-document',
        details: [{ path: 'attachments[0].file', message: expect.stringMatching(/not listed/) }],
      },
    })
  })

  it('never throws on arbitrary JSON or on a valid document with arbitrary values swapped in', () => {
    const mutated = fc
      .tuple(fc.constantFrom(...Object.keys(doc)), fc.jsonValue())
      .map(([key, value]) => JSON.stringify({ ...doc, [key]: value }))
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string(), mutated), (text) => {
        const verdict = parseDocument(text, manifest)
        if (!verdict.ok) {
          expect(REJECTION_REASONS).toContain(verdict.refusal.reason)
          expect(verdict.refusal.details.length).toBeGreaterThan(0)
          for (const d of verdict.refusal.details) expect(d.path.length).toBeGreaterThan(0)
        }
      }),
      { numRuns: 500 },
    )
  })

  it('always refuses an unsafe attachment or signature path as unsafe-path', () => {
    fc.assert(
      fc.property(unsafePath, fc.boolean(), (path, asSignature) => {
        const bad = asSignature
          ? { ...doc, signature: { file: path, signerName: 'Pat' } }
          : { ...doc, attachments: [{ file: path, category: 'other' }] }
        const verdict = parseDocument(JSON.stringify(bad), manifest)
        expect(verdict).toMatchObject({
          ok: false,
          refusal: {
            reason: 'unsafe-path',
            details: [{ path: asSignature ? 'signature.file' : 'attachments[0].file' }],
          },
        })
      }),
      { numRuns: 200 },
    )
  })
})
