import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { RejectionSchema } from '../../../src-shared/schemas/bundle'
import { scanInbox } from '../../../src-main/core/inbox/inbox-scan'
import { buildBundle, deliverBundle, manifestFor, openTestOffice, type TestOffice } from './bundle-builder'

let t: TestOffice
beforeAll(async () => {
  t = await openTestOffice()
})
afterAll(async () => {
  await t.cleanup()
})

const timings = { settleMs: 0, stallMs: 60_000 }

/** Whatever lands in the inbox, a scan ends it rejected with a reason and paths, or pending; never a crash. */
async function expectHandled(folder: string): Promise<void> {
  const summary = await scanInbox(t.office, { timings })
  const outcome = summary.outcomes.find((o) => o.folder === folder)?.outcome
  expect(outcome?.kind === 'rejected' || outcome?.kind === 'pending' || outcome?.kind === 'ingested').toBe(true)
  if (outcome?.kind === 'rejected') {
    const dir = readdirSync(join(t.shared, 'rejected'))
      .filter((n) => n.startsWith(folder))
      .sort()
      .pop()!
    const rejection = RejectionSchema.parse(
      JSON.parse(readFileSync(join(t.shared, 'rejected', dir, 'REJECTED.json'), 'utf8')),
    )
    expect(rejection.details.length).toBeGreaterThan(0)
  }
}

it('arbitrary JSON as manifest.json never crashes ingest', async () => {
  let n = 0
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(
        fc.json(),
        fc.jsonValue().map((files) => JSON.stringify({ schema: 'closeout-manifest/v1', submissionId: 'x', files })),
      ),
      async (text) => {
        const folder = `m-${n++}`
        mkdirSync(join(t.inbox, folder))
        writeFileSync(join(t.inbox, folder, 'manifest.json'), text)
        await expectHandled(folder)
      },
    ),
    { numRuns: 40 },
  )
})

it('arbitrary JSON as closeout.json (with an honest manifest) never crashes ingest', async () => {
  await fc.assert(
    fc.asyncProperty(fc.json(), async (text) => {
      const bundle = buildBundle({ photos: 0 })
      bundle.files.set('closeout.json', Buffer.from(text))
      bundle.manifest = manifestFor(bundle.id, bundle.files)
      deliverBundle(t.inbox, bundle)
      await expectHandled(bundle.id)
    }),
    { numRuns: 40 },
  )
})

it('refuses symlinks inside a bundle and a symlinked bundle folder as unsafe-path, reading nothing behind them', async () => {
  const secret = join(t.root, 'secret.jpg')
  writeFileSync(secret, 'outside the bundle')
  const bundle = buildBundle({ photos: 1 })
  const dir = deliverBundle(t.inbox, bundle)
  const photo = join(dir, 'photos', 'photo-1.jpg')
  writeFileSync(photo, '')
  const { rmSync } = await import('node:fs')
  rmSync(photo)
  symlinkSync(secret, photo)
  const other = buildBundle()
  const real = join(t.root, 'elsewhere')
  deliverBundle(t.inbox, other)
  const { renameSync } = await import('node:fs')
  renameSync(join(t.inbox, other.id), real)
  symlinkSync(real, join(t.inbox, other.id))
  const summary = await scanInbox(t.office, { timings })
  const reasons = summary.outcomes
    .filter((o) => o.folder === bundle.id || o.folder === other.id)
    .map((o) => (o.outcome.kind === 'rejected' ? o.outcome.reason : o.outcome.kind))
  expect(reasons).toEqual(['unsafe-path', 'unsafe-path'])
  expect(existsSync(secret)).toBe(true)
  expect(existsSync(join(real, 'manifest.json'))).toBe(true)
})
