import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { scanInbox } from '../../../src-main/core/inbox/inbox-scan'
import { conflictBase } from '../../../src-main/core/inbox/bundle-conflicts'
import { blobPath } from '../../../src-main/core/store/attachment-store'
import { buildBundle, deliverBundle, fakeJpeg, openTestOffice, type TestOffice } from './bundle-builder'

let t: TestOffice
beforeEach(async () => {
  t = await openTestOffice()
})
afterEach(async () => {
  await t.cleanup()
})

/** What a sync service leaves when the wrong bytes win: the loser renamed, the winner at the name. */
function conflictPhoto(folder: string, file: string, copyName: string, wrong: Buffer): void {
  renameSync(join(folder, file), join(folder, 'photos', copyName))
  writeFileSync(join(folder, file), wrong)
}

describe("a photo's sync conflict copy that holds the right bytes (issue #16, 5)", () => {
  it.each([
    ['Syncthing', 'photo-1.sync-conflict-20261201-101010-ABCDEF7.jpg'],
    ['Dropbox', "photo-1 (Sam's conflicted copy 2026-12-01).jpg"],
  ])('ingests the bundle from the %s conflict copy and says so in the timeline', async (_service, copyName) => {
    const bundle = buildBundle({ photos: 2 })
    const folder = deliverBundle(t.inbox, bundle)
    const right = bundle.files.get('photos/photo-1.jpg') as Buffer
    // Same size, different bytes: the file sizes agree, only the hash tells.
    conflictPhoto(folder, 'photos/photo-1.jpg', copyName, fakeJpeg(right.length))

    const summary = await scanInbox(t.office)
    expect(summary).toMatchObject({ ingested: 1, pending: 0, rejected: 0 })
    const stored = t.office.sqlite
      .prepare(`SELECT sha256 FROM attachments WHERE submission_id = ? AND file = 'photos/photo-1.jpg'`)
      .pluck()
      .get(bundle.id) as string
    expect(readFileSync(blobPath(t.office.attachmentsDir, stored)).equals(right)).toBe(true)
    const event = t.office.sqlite
      .prepare(`SELECT data_json FROM job_events WHERE type = 'submission-received' AND job_id = 'J-1042'`)
      .pluck()
      .get() as string
    expect(JSON.parse(event).conflictCopiesUsed).toEqual([{ file: 'photos/photo-1.jpg', copy: `photos/${copyName}` }])
  })

  it('takes a conflict copy even when the wrong winner is larger than listed (not too-large)', async () => {
    const bundle = buildBundle({ photos: 1 })
    const folder = deliverBundle(t.inbox, bundle)
    const right = bundle.files.get('photos/photo-1.jpg') as Buffer
    conflictPhoto(
      folder,
      'photos/photo-1.jpg',
      'photo-1.sync-conflict-20261201-101010-X.jpg',
      fakeJpeg(right.length * 2),
    )
    expect(await scanInbox(t.office)).toMatchObject({ ingested: 1, rejected: 0 })
  })

  it('names the conflict copies in the pending message when none of them holds the right bytes', async () => {
    const bundle = buildBundle({ photos: 1 })
    const folder = deliverBundle(t.inbox, bundle)
    const right = bundle.files.get('photos/photo-1.jpg') as Buffer
    const copy = 'photo-1.sync-conflict-20261201-101010-X.jpg'
    writeFileSync(join(folder, 'photos', copy), fakeJpeg(right.length))
    writeFileSync(join(folder, 'photos/photo-1.jpg'), fakeJpeg(right.length))
    const summary = await scanInbox(t.office)
    expect(summary.pending).toBe(1)
    const outcome = summary.outcomes[0]?.outcome
    expect(outcome?.kind === 'pending' && outcome.missing[0]?.message).toContain(copy)
  })

  it('knows which file a conflict copy was made from', () => {
    expect(conflictBase('a.sync-conflict-20261201-101010-ABCDEF7.jpg')).toBe('a.jpg')
    expect(conflictBase("a (Dana's conflicted copy 2026-12-01).jpg")).toBe('a.jpg')
    expect(conflictBase('a.jpg')).toBe('a.jpg')
  })
})
