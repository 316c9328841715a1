import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { REJECTION_REASONS } from '../../../src-shared/schemas/bundle'
import { manifestFingerprint, parseManifest } from '../../../src-main/core/inbox/bundle-manifest'
import { unsafePath } from './unsafe-paths'

const ID = '0b0f3c1e-5f7a-4a57-9d1a-3c2b8f0e9a10'
const HASH = 'a'.repeat(64)
const manifest = (files: { path: string; size: number; sha256: string }[]) =>
  JSON.stringify({ schema: 'closeout-manifest/v1', submissionId: ID, createdAt: '2026-11-25T14:05:12-05:00', files })
const base = [{ path: 'closeout.json', size: 10, sha256: HASH }]

describe('parseManifest', () => {
  it('accepts a well-formed manifest and fingerprints its file list independent of order', () => {
    const files = [...base, { path: 'photos/before-1.jpg', size: 5, sha256: 'b'.repeat(64) }]
    const verdict = parseManifest(manifest(files))
    expect(verdict.ok).toBe(true)
    if (verdict.ok) expect(verdict.fingerprint).toBe(manifestFingerprint({ files: [...files].reverse() }))
    expect(manifestFingerprint({ files })).not.toBe(
      manifestFingerprint({ files: [files[0]!, { ...files[1]!, size: 6 }] }),
    )
  })

  it('never throws on arbitrary JSON, and every refusal carries a known reason and a path', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.json(),
          fc.string(),
          fc.jsonValue().map((v) => JSON.stringify({ schema: 'closeout-manifest/v1', submissionId: ID, files: v })),
        ),
        (text) => {
          const verdict = parseManifest(text)
          if (!verdict.ok && 'refusal' in verdict) {
            expect(REJECTION_REASONS).toContain(verdict.refusal.reason)
            expect(verdict.refusal.details.length).toBeGreaterThan(0)
            for (const d of verdict.refusal.details) expect(d.path.length).toBeGreaterThan(0)
          }
        },
      ),
      { numRuns: 500 },
    )
  })

  it('always refuses unsafe paths as unsafe-path, naming the entry', () => {
    fc.assert(
      fc.property(unsafePath, (path) => {
        const verdict = parseManifest(manifest([...base, { path, size: 1, sha256: HASH }]))
        expect(verdict.ok).toBe(false)
        if (!verdict.ok && 'refusal' in verdict) {
          expect(verdict.refusal.reason).toBe('unsafe-path')
          expect(verdict.refusal.details[0]?.path).toBe('files[1].path')
        } else throw new Error(`not refused: ${path}`)
      }),
      { numRuns: 300 },
    )
  })

  it('refuses limits as too-large, and names that collide on Windows and macOS as bad-manifest', () => {
    const big = parseManifest(manifest([...base, { path: 'v.mp4', size: 25 * 1024 * 1024 + 1, sha256: HASH }]))
    expect(big).toMatchObject({ ok: false, refusal: { reason: 'too-large' } })
    const many = parseManifest(
      manifest([...base, ...Array.from({ length: 65 }, (_, i) => ({ path: `p${i}.jpg`, size: 1, sha256: HASH }))]),
    )
    expect(many).toMatchObject({ ok: false, refusal: { reason: 'too-large' } })
    const twice = parseManifest(
      manifest([...base, { path: 'Foto.jpg', size: 1, sha256: HASH }, { path: 'foto.jpg', size: 1, sha256: HASH }]),
    )
    expect(twice).toMatchObject({
      ok: false,
      refusal: { reason: 'bad-manifest', details: [{ path: 'files[2].path' }] },
    })
    expect(parseManifest(manifest([{ path: 'a.jpg', size: 1, sha256: HASH }]))).toMatchObject({
      ok: false,
      refusal: { reason: 'bad-manifest' },
    })
  })

  it('reports text that is not JSON as unparseable (the caller waits for it to settle)', () => {
    expect(parseManifest('{"schema": "closeout-manif')).toMatchObject({ ok: false, unparseable: expect.any(String) })
  })
})
