import {
  existsSync,
  mkdirSync,
  openSync,
  closeSync,
  ftruncateSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  cpSync,
} from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { scanInbox } from '../../../src-main/core/inbox/inbox-scan'
import { buildBundle, deliverBundle, openTestOffice, writeBundleFiles, type TestOffice } from './bundle-builder'

let t: TestOffice
beforeEach(async () => {
  t = await openTestOffice()
})
afterEach(async () => {
  await t.cleanup()
})

const month = () => new Date().toISOString().slice(0, 7)
const count = (table: string) =>
  (t.office.sqlite.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n
const shuffle = <T>(items: T[]) =>
  items
    .map((v) => [Math.random(), v] as const)
    .sort((a, b) => a[0] - b[0])
    .map(([, v]) => v)

describe('what sync services do to a bundle', () => {
  it('waits while files arrive in random order with the manifest first, then ingests once', async () => {
    const bundle = buildBundle({ photos: 4 })
    const dir = join(t.inbox, bundle.id)
    mkdirSync(dir)
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(bundle.manifest))
    for (const path of shuffle([...bundle.files.keys()])) {
      expect(await scanInbox(t.office)).toMatchObject({ pending: 1, ingested: 0 })
      writeBundleFiles(dir, bundle, { manifest: false, only: [path] })
    }
    expect(await scanInbox(t.office)).toMatchObject({ ingested: 1, pending: 0 })
    expect(count('submissions')).toBe(1)
  })

  it('does not ingest a file preallocated to full size until its bytes match, nor a zero-byte file', async () => {
    const bundle = buildBundle({ photos: 2 })
    const dir = deliverBundle(t.inbox, bundle)
    const photo = join(dir, 'photos', 'photo-1.jpg')
    const size = bundle.files.get('photos/photo-1.jpg')!.length
    // Explorer-style copy: the full size first, the bytes later.
    const fd = openSync(photo, 'w')
    ftruncateSync(fd, size)
    closeSync(fd)
    writeFileSync(join(dir, 'photos', 'photo-2.jpg'), '')
    expect(await scanInbox(t.office)).toMatchObject({ pending: 1, ingested: 0 })
    writeFileSync(join(dir, 'photos', 'photo-2.jpg'), bundle.files.get('photos/photo-2.jpg')!)
    expect(await scanInbox(t.office)).toMatchObject({ pending: 1, ingested: 0 })
    expect(count('submissions')).toBe(0)
    writeFileSync(photo, bundle.files.get('photos/photo-1.jpg')!)
    expect(await scanInbox(t.office)).toMatchObject({ ingested: 1 })
  })

  it('ignores and never touches debris and conflict copies of files, inside and beside bundles', async () => {
    const bundle = buildBundle()
    const dir = deliverBundle(t.inbox, bundle)
    const debris = [
      '.DS_Store',
      'Thumbs.db',
      'desktop.ini',
      '~$report.docx',
      'upload.tmp',
      'x.partial',
      'y.crdownload',
      '._photo.jpg',
      'photo.jpg.icloud',
      '.stfolder',
      '@eaDir',
    ]
    for (const name of debris) writeFileSync(join(t.inbox, name), 'noise')
    mkdirSync(join(t.inbox, `.tmp-${bundle.id}`))
    writeFileSync(join(t.inbox, `.tmp-${bundle.id}`, 'closeout.json'), 'half')
    writeFileSync(join(dir, "manifest (Bob's conflicted copy 2026-11-25).json"), '{"other": true}')
    writeFileSync(join(dir, 'manifest.sync-conflict-20261125-101010-ABCDEFG.json'), '{"other": true}')
    writeFileSync(join(dir, '.DS_Store'), 'noise')
    const summary = await scanInbox(t.office)
    expect(summary).toMatchObject({ ingested: 1, rejected: 0, pending: 0 })
    expect(readdirSync(t.inbox).sort()).toEqual([...debris, `.tmp-${bundle.id}`].sort())
    expect(
      existsSync(join(t.shared, 'archive', month(), bundle.id, 'manifest.sync-conflict-20261125-101010-ABCDEFG.json')),
    ).toBe(true)
    expect(await scanInbox(t.office)).toMatchObject({ ingested: 0, rejected: 0, pending: 0, duplicates: 0 })
  })

  it('treats conflict copies of a whole bundle folder as duplicates when identical, id-mismatch otherwise', async () => {
    const bundle = buildBundle()
    const other = buildBundle()
    deliverBundle(t.inbox, bundle)
    deliverBundle(t.inbox, bundle, `${bundle.id} (1)`)
    deliverBundle(t.inbox, bundle, `${bundle.id} (Sam's conflicted copy 2026-11-25)`)
    deliverBundle(t.inbox, other, `${other.id}-DESKTOP-AB12CD`)
    const summary = await scanInbox(t.office)
    expect(summary).toMatchObject({ ingested: 1, duplicates: 2, rejected: 1 })
    const rejected = JSON.parse(
      readFileSync(join(t.shared, 'rejected', `${other.id}-DESKTOP-AB12CD`, 'REJECTED.json'), 'utf8'),
    ) as { reason: string }
    expect(rejected.reason).toBe('id-mismatch')
    // Renaming it to its id and reprocessing ingests it (spec section 4.6).
    renameSync(join(t.shared, 'rejected', `${other.id}-DESKTOP-AB12CD`), join(t.inbox, other.id))
    expect(await scanInbox(t.office)).toMatchObject({ ingested: 1 })
  })

  it('handles the same bundle delivered twice at once and a copy restored from the archive months later', async () => {
    const bundle = buildBundle()
    deliverBundle(t.inbox, bundle)
    await scanInbox(t.office)
    cpSync(join(t.shared, 'archive', month(), bundle.id), join(t.inbox, bundle.id), { recursive: true })
    expect(await scanInbox(t.office)).toMatchObject({ ingested: 0, duplicates: 1 })
    cpSync(join(t.shared, 'archive', month(), bundle.id), join(t.inbox, bundle.id), { recursive: true })
    expect(await scanInbox(t.office)).toMatchObject({ ingested: 0, duplicates: 1 })
    expect(count('submissions')).toBe(1)
    expect(readdirSync(join(t.shared, 'archive', month())).sort()).toEqual([
      bundle.id,
      `${bundle.id}.duplicate`,
      `${bundle.id}.duplicate-2`,
    ])
  })

  it('archives late files of a bundle already ingested once they settle, instead of calling them stalled', async () => {
    const bundle = buildBundle()
    deliverBundle(t.inbox, bundle)
    await scanInbox(t.office)
    writeBundleFiles(join(t.inbox, bundle.id), bundle, { manifest: false, only: ['photos/photo-2.jpg'] })
    const timings = { settleMs: 50, stallMs: 60_000 }
    expect(await scanInbox(t.office, { timings })).toMatchObject({ pending: 1 })
    await new Promise((r) => setTimeout(r, 80))
    expect(await scanInbox(t.office, { timings })).toMatchObject({ duplicates: 1, pending: 0 })
  })

  it('survives the inbox folder disappearing and coming back', async () => {
    rmSync(t.inbox, { recursive: true })
    rmSync(t.shared, { recursive: true })
    await expect(scanInbox(t.office)).rejects.toThrow(/not there/)
    mkdirSync(t.shared)
    expect(await scanInbox(t.office)).toMatchObject({ ingested: 0 })
    deliverBundle(t.inbox, buildBundle())
    expect(await scanInbox(t.office)).toMatchObject({ ingested: 1 })
  })

  it('ingests 30 bundles whose files arrive interleaved, each once', async () => {
    const bundles = Array.from({ length: 30 }, () => buildBundle({ photos: 2 }))
    const writes = shuffle(bundles.flatMap((b) => [...b.files.keys()].map((path) => ({ b, path }))))
    for (const b of bundles) {
      mkdirSync(join(t.inbox, b.id))
      writeFileSync(join(t.inbox, b.id, 'manifest.json'), JSON.stringify(b.manifest))
    }
    for (const [i, { b, path }] of writes.entries()) {
      writeBundleFiles(join(t.inbox, b.id), b, { manifest: false, only: [path] })
      if (i % 15 === 0) await scanInbox(t.office)
    }
    await scanInbox(t.office)
    expect(count('submissions')).toBe(30)
    expect(count('attachments')).toBe(60)
  })
})
