import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ReceiptSchema } from '../../../src-shared/schemas/bundle'
import { scanInbox } from '../../../src-main/core/inbox/inbox-scan'
import { isReceiptConflictCopy } from '../../../src-main/core/receipts/receipt-owner'
import { sweepAttachmentStore, stagingDir } from '../../../src-main/core/store/temp-sweep'
import { buildBundle, deliverBundle, openTestOffice, type TestOffice } from './bundle-builder'

let t: TestOffice
beforeEach(async () => {
  t = await openTestOffice()
})
afterEach(async () => {
  await t.cleanup()
})

const receiptFile = (id: string) => join(t.shared, 'receipts', `${id}.json`)
const readReceipt = (id: string) => ReceiptSchema.parse(JSON.parse(readFileSync(receiptFile(id), 'utf8')))
const aged = (file: string, minutes: number) => {
  const then = new Date(Date.now() - minutes * 60_000)
  utimesSync(file, then, then)
}

async function ingestOne(): Promise<string> {
  const bundle = buildBundle({ photos: 1 })
  deliverBundle(t.inbox, bundle)
  expect(await scanInbox(t.office)).toMatchObject({ ingested: 1 })
  return bundle.id
}

describe('the office owns receipts/ (spec v1.1)', () => {
  it('rewrites a receipt that a field-side edit or sync changed back, on the next scan', async () => {
    const id = await ingestOne()
    const truth = readReceipt(id)
    // What a paused device synced back: an older answer than the office's.
    writeFileSync(receiptFile(id), JSON.stringify({ ...truth, status: 'needs-approval', comment: 'edited' }, null, 2))
    expect((await scanInbox(t.office)).housekeeping).toMatchObject({ receiptsRewritten: 1, receiptsRestored: 0 })
    const after = readReceipt(id)
    expect(after.status).toBe(truth.status)
    expect(after.comment).toBe(truth.comment)
  })

  it('rewrites a receipt that is not valid JSON and restores one that was deleted', async () => {
    const id = await ingestOne()
    const second = await ingestOne()
    writeFileSync(receiptFile(id), '{ half a rec')
    const { unlinkSync } = await import('node:fs')
    unlinkSync(receiptFile(second))
    await scanInbox(t.office)
    expect(readReceipt(id).submissionId).toBe(id)
    expect(readReceipt(second).submissionId).toBe(second)
  })

  it("removes Syncthing, Dropbox and OneDrive conflict copies of receipts and keeps the office's own", async () => {
    const id = await ingestOne()
    const dir = join(t.shared, 'receipts')
    const copies = [
      `${id}.sync-conflict-20261201-101010-ABCDEF7.json`,
      `${id} (Dana's conflicted copy 2026-12-01).json`,
      `${id}-OFFICE-PC.json`,
    ]
    for (const name of copies) writeFileSync(join(dir, name), readFileSync(receiptFile(id)))
    writeFileSync(join(dir, 'notes.txt'), 'not ours to touch')
    expect((await scanInbox(t.office)).housekeeping).toMatchObject({ conflictCopiesRemoved: 3 })
    expect(readdirSync(dir).sort()).toEqual([`${id}.json`, 'notes.txt'].sort())
  })

  it('leaves a rejection receipt (no submission behind it) as the office wrote it', async () => {
    const dir = join(t.shared, 'receipts')
    mkdirSync(dir, { recursive: true })
    const rejected = '0b9f0c7e-6a55-4d2c-9a1e-3f1b2c3d4e5f'
    const text = JSON.stringify({
      schema: 'closeout-receipt/v1',
      submissionId: rejected,
      jobId: null,
      receivedAt: '2026-12-01T10:00:00.000Z',
      updatedAt: '2026-12-01T10:00:00.000Z',
      status: 'rejected',
      findings: [{ code: 'invalid-document', severity: 'block', message: 'closeout.json: bad' }],
      comment: null,
    })
    writeFileSync(join(dir, `${rejected}.json`), text)
    await scanInbox(t.office)
    expect(readFileSync(join(dir, `${rejected}.json`), 'utf8')).toBe(text)
  })

  it('tells conflict copies from receipts by name', () => {
    const id = '0b9f0c7e-6a55-4d2c-9a1e-3f1b2c3d4e5f'
    expect(isReceiptConflictCopy(`${id}.json`)).toBe(false)
    expect(isReceiptConflictCopy(`.${id}.json.0a1b2c3d.tmp`)).toBe(false)
    expect(isReceiptConflictCopy(`${id}-LAPTOP-7.json`)).toBe(true)
    expect(isReceiptConflictCopy(`${id}.sync-conflict-20261201-101010-ABC.json`)).toBe(true)
  })
})

describe('temp files a kill left behind are swept', () => {
  it('sweeps stale receipt temps on a scan, never a fresh one (a live writer)', async () => {
    const id = await ingestOne()
    const dir = join(t.shared, 'receipts')
    const stale = join(dir, `.${id}.json.0a1b2c3d.tmp`)
    const fresh = join(dir, `.${id}.json.deadbeef.tmp`)
    writeFileSync(stale, '{"half":')
    writeFileSync(fresh, '{"half":')
    aged(stale, 10)
    await scanInbox(t.office)
    expect(existsSync(stale)).toBe(false)
    expect(existsSync(fresh)).toBe(true)
  })

  it('stages blobs in one folder that a scan sweeps; start-up sweeps older temps beside blobs too', async () => {
    await ingestOne()
    const staging = stagingDir(t.office.attachmentsDir)
    expect(existsSync(staging)).toBe(true)
    expect(readdirSync(staging)).toEqual([]) // published blobs leave nothing behind
    const staleStaged = join(staging, '.0123456789abcdef.0a1b2c3d.tmp')
    writeFileSync(staleStaged, Buffer.alloc(4096))
    aged(staleStaged, 30)
    await scanInbox(t.office)
    expect(existsSync(staleStaged)).toBe(false)

    // A store written before staging had a folder: temps beside the blobs, swept at start-up.
    const shard = join(t.office.dataDir, 'attachments', 'ab', 'cd')
    mkdirSync(shard, { recursive: true })
    const legacy = join(shard, '.abcdef0123456789.0a1b2c3d.tmp')
    const blobLike = join(shard, 'abcd'.padEnd(64, '0'))
    writeFileSync(legacy, Buffer.alloc(1000))
    writeFileSync(blobLike, Buffer.alloc(10))
    aged(legacy, 30)
    aged(blobLike, 30)
    const swept = await sweepAttachmentStore(t.office.attachmentsDir)
    expect(swept).toEqual({ removed: 1, bytes: 1000 })
    expect(existsSync(legacy)).toBe(false)
    expect(statSync(blobLike).size).toBe(10)
  })
})
