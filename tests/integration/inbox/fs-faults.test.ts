import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { RejectionSchema } from '../../../src-shared/schemas/bundle'
import { injectFsFaults } from '../../../src-main/core/fs/retry'
import { scanInbox } from '../../../src-main/core/inbox/inbox-scan'
import { buildBundle, deliverBundle, fakeJpeg, openTestOffice, type TestOffice } from './bundle-builder'

let t: TestOffice
let clearFaults: () => void = () => undefined
beforeEach(async () => {
  t = await openTestOffice()
})
afterEach(async () => {
  clearFaults()
  await t.cleanup()
})

const count = (sql: string) => t.office.sqlite.prepare(sql).pluck().get() as number
const archived = () => readdirSync(join(t.shared, 'archive')).flatMap((m) => readdirSync(join(t.shared, 'archive', m)))
const receipts = () => readdirSync(join(t.shared, 'receipts')).filter((n) => n.endsWith('.json'))

/** A seeded generator, so a failing run can be replayed. */
function seeded(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

describe('Windows locks, simulated: random EBUSY/EPERM/EACCES on rename, unlink and open (issue #16)', () => {
  it('ingests a 200-bundle backlog exactly once while a quarter of file operations fail at first', async () => {
    const ids = Array.from({ length: 200 }, () => {
      const b = buildBundle({ photos: 1, photoSize: 1024 })
      deliverBundle(t.inbox, b)
      return b.id
    })
    clearFaults = injectFsFaults({ rate: 0.25, random: seeded(16) })
    for (let scan = 0; scan < 10 && readdirSync(t.inbox).length > 0; scan++) await scanInbox(t.office)
    clearFaults()
    await scanInbox(t.office)

    expect(readdirSync(t.inbox)).toEqual([])
    expect(count('SELECT count(*) FROM submissions')).toBe(200)
    expect(count('SELECT count(DISTINCT id) FROM submissions')).toBe(200)
    expect(archived().sort()).toEqual([...ids].sort())
    expect(receipts().sort()).toEqual(ids.map((id) => `${id}.json`).sort())
    expect(readdirSync(join(t.shared, 'rejected'))).toEqual([])
  }, 240_000)

  it('a lock that outlasts the retries leaves the bundle in the inbox; the next scan finishes it once', async () => {
    const bundle = buildBundle({ photos: 1 })
    deliverBundle(t.inbox, bundle)
    // Every rename fails: the blob cannot be published, or the folder cannot be archived.
    clearFaults = injectFsFaults({ rate: 1, ops: ['rename'], codes: ['EBUSY'] })
    const locked = await scanInbox(t.office)
    expect(locked.ingested).toBe(0)
    expect(readdirSync(t.inbox)).toEqual([bundle.id])
    clearFaults()
    const after = await scanInbox(t.office)
    expect(after.ingested + after.duplicates).toBeGreaterThanOrEqual(1)
    expect(readdirSync(t.inbox)).toEqual([])
    expect(count('SELECT count(*) FROM submissions')).toBe(1)
    expect(archived()).toEqual([bundle.id])
  })
})

/** Stray files are rejected as not-a-bundle once they have settled. */
async function rejectStrays(): Promise<void> {
  const timings = { settleMs: 100, stallMs: 60_000 }
  await scanInbox(t.office, { timings })
  await new Promise((r) => setTimeout(r, 150))
  expect(await scanInbox(t.office, { timings })).toMatchObject({ pending: 0 })
}

describe('names other systems would read differently', () => {
  it('keeps two entries whose names differ only by case apart in rejected/', async () => {
    for (const name of ['Notes-Smith.txt', 'notes-smith.txt']) writeFileSync(join(t.inbox, name), name)
    await rejectStrays()
    const rejected = readdirSync(join(t.shared, 'rejected')).map((n) => n.toLowerCase())
    expect(rejected.sort()).toEqual(['notes-smith.txt', 'notes-smith.txt-2'])
  })

  it('shortens a very long entry name in rejected/ and says what it was called', async () => {
    const long = `closeout for the big commercial job on the north side ${'x'.repeat(150)}.txt`
    writeFileSync(join(t.inbox, long), 'hello')
    await rejectStrays()
    const [name] = readdirSync(join(t.shared, 'rejected'))
    expect(name?.length).toBeLessThanOrEqual(64)
    expect(name?.startsWith('closeout for the big commercial job')).toBe(true)
    const rejection = RejectionSchema.parse(
      JSON.parse(readFileSync(join(t.shared, 'rejected', name as string, 'REJECTED.json'), 'utf8')),
    )
    expect(rejection.details.map((d) => d.message).join(' ')).toContain(long)
  })

  it("refuses a bundle file whose path would reach past Windows' 260 characters under archive/, and says so", async () => {
    // archive/<month>/<id>.duplicate-NN/ takes 66 characters and the synced folder's own path
    // (C:\Users\…\OneDrive - …\Closeout\) easily 70: a 190-character file path cannot be opened there.
    const longPhoto = `photos/${'kitchen-condenser-north-wall-'.repeat(6)}1.jpg`
    const bundle = buildBundle({
      doc: { attachments: [{ file: longPhoto, category: 'before', takenAt: '2026-11-25T12:45:00-05:00' }] },
      photos: 0,
      extraFiles: { [longPhoto]: fakeJpeg(2048) },
    })
    deliverBundle(t.inbox, bundle)
    await scanInbox(t.office)
    expect(count('SELECT COUNT(*) FROM submissions')).toBe(0)
    const rejection = RejectionSchema.parse(
      JSON.parse(readFileSync(join(t.shared, 'rejected', bundle.id, 'REJECTED.json'), 'utf8')),
    )
    expect(rejection.reason).toBe('unsafe-path')
    expect(rejection.details.map((d) => d.message).join(' ')).toContain('260')
    const receipt = JSON.parse(readFileSync(join(t.shared, 'receipts', `${bundle.id}.json`), 'utf8')) as {
      status: string
    }
    expect(receipt.status, 'the technician hears it was refused').toBe('rejected')
  })

  it('takes a bundle whose file paths are as long as a camera or phone names them', async () => {
    const photo = 'photos/PXL_20261125_140312345.PORTRAIT.ORIGINAL-kitchen-north-wall.jpg'
    const bundle = buildBundle({
      doc: { attachments: [{ file: photo, category: 'before', takenAt: '2026-11-25T12:45:00-05:00' }] },
      photos: 0,
      extraFiles: { [photo]: fakeJpeg(2048) },
    })
    deliverBundle(t.inbox, bundle)
    await scanInbox(t.office)
    expect(count('SELECT COUNT(*) FROM submissions')).toBe(1)
  })
})
