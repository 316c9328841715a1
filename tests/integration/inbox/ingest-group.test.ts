import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { scanInbox } from '../../../src-main/core/inbox/inbox-scan'
import { settleCrashes } from '../../../src-main/core/inbox/bundle-state'
import { crashSuspects, getBundle } from '../../../src-main/core/inbox/bundles.repo'
import { blobPath } from '../../../src-main/core/store/attachment-store'
import { buildBundle, deliverBundle, openTestOffice, type TestOffice } from './bundle-builder'

let t: TestOffice
beforeEach(async () => {
  t = await openTestOffice()
})
afterEach(async () => {
  await t.cleanup()
})

const month = () => new Date().toISOString().slice(0, 7)

describe('a backlog ingested in groups', () => {
  it('ingests a backlog larger than one group, each bundle once, with its blobs, receipt and archive', async () => {
    const bundles = Array.from({ length: 70 }, (_, i) =>
      buildBundle({ photos: 2, jobId: i % 2 ? 'J-1043' : `J-${7000 + i}` }),
    )
    for (const b of bundles) deliverBundle(t.inbox, b)
    expect(await scanInbox(t.office)).toMatchObject({ ingested: 70, failed: 0, pending: 0 })
    const rows = t.office.sqlite.prepare('SELECT sha256, size FROM attachments').all() as {
      sha256: string
      size: number
    }[]
    expect(rows).toHaveLength(140)
    for (const r of rows) expect(statSync(blobPath(t.office.attachmentsDir, r.sha256)).size).toBe(r.size)
    for (const b of bundles) {
      expect(existsSync(join(t.shared, 'archive', month(), b.id, 'manifest.json'))).toBe(true)
      expect(existsSync(join(t.shared, 'receipts', `${b.id}.json`))).toBe(true)
    }
    expect(readdirSync(t.inbox)).toEqual([])
    // No temp files left behind in the store or among the receipts.
    expect(readdirSync(join(t.shared, 'receipts')).filter((n) => n.endsWith('.tmp'))).toEqual([])
    expect(await crashSuspects(t.office)).toEqual([])
  })

  it('a bundle whose blob cannot be stored fails alone: the rest of its group commits, it is retried later', async () => {
    const bundles = Array.from({ length: 5 }, () => buildBundle({ photos: 2 }))
    for (const b of bundles) deliverBundle(t.inbox, b)
    const bad = bundles[2]!
    // Something that is not a folder where the store wants the blob's folder (a restore gone wrong).
    const blocked = dirname(
      blobPath(t.office.attachmentsDir, bad.manifest.files.find((f) => f.path === 'photos/photo-1.jpg')!.sha256),
    )
    mkdirSync(dirname(blocked), { recursive: true })
    writeFileSync(blocked, 'not a folder')

    const first = await scanInbox(t.office)
    expect(first).toMatchObject({ ingested: 4, failed: 1 })
    expect(first.outcomes.find((o) => o.folder === bad.id)?.outcome.kind).toBe('failed')
    expect(existsSync(join(t.inbox, bad.id))).toBe(true)
    expect(t.office.sqlite.prepare('SELECT id FROM submissions WHERE id = ?').get(bad.id)).toBeUndefined()
    expect((await getBundle(t.office, bad.id))?.detail.lastError).toBeTruthy()

    rmSync(blocked)
    expect(await scanInbox(t.office)).toMatchObject({ ingested: 1, failed: 0 })
    expect(existsSync(join(t.shared, 'archive', month(), bad.id))).toBe(true)
  })

  it('a bundle left marked by a group the office died in is a crash suspect, ingested alone, with no attempt charged', async () => {
    const bundle = buildBundle({ photos: 1 })
    deliverBundle(t.inbox, bundle)
    // What a start that died in a group leaves behind (process 999999999 runs no more).
    const now = new Date().toISOString()
    t.office.sqlite
      .prepare(
        `INSERT INTO inbox_bundles (folder, first_seen_at, last_checked_at, attempts, state, detail_json) VALUES (?, ?, ?, 0, 'pending', ?)`,
      )
      .run(bundle.id, now, now, JSON.stringify({ inFlight: { start: '999999999:dead', alone: false, at: now } }))
    await settleCrashes(t.office, now)
    expect(await crashSuspects(t.office)).toContain(bundle.id)
    expect((await getBundle(t.office, bundle.id))?.attempts).toBe(0)
    expect(await scanInbox(t.office)).toMatchObject({ ingested: 1 })
    expect(await crashSuspects(t.office)).not.toContain(bundle.id)
    expect((await getBundle(t.office, bundle.id))?.state).toBe('ingested')
  })
})
