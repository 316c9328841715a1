import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { openOffice } from '../../../src-main/core/office'
import { inboxHealth, reprocess } from '../../../src-main/core/inbox/health'
import { buildBundle, deliverBundle, seedOffice } from './bundle-builder'
import { buildCrashChild, runCrashChild } from './crash-runner'

const root = mkdtempSync(join(tmpdir(), 'closeout-crash-recovery-'))
const script = buildCrashChild(root)
afterAll(() => rmSync(root, { recursive: true, force: true }))

let dataDir: string
let shared: string
let inbox: string
beforeEach(async (context) => {
  const dir = join(root, context.task.id)
  dataDir = join(dir, 'data')
  shared = join(dir, 'shared')
  inbox = join(shared, 'inbox')
  mkdirSync(inbox, { recursive: true })
  const office = await openOffice({ dataDir, sharedDir: shared })
  seedOffice(office)
  await office.close()
})

const month = () => new Date().toISOString().slice(0, 7)
const rejectedNames = () => (existsSync(join(shared, 'rejected')) ? readdirSync(join(shared, 'rejected')) : [])
const killingOn = (id: string) => ({ env: { CLOSEOUT_TEST_KILL_ON: id } })

describe('after a crash (spec section 4.6, v1.1)', () => {
  it('settles a crash suspect before a conflict copy of it, so the copy is a duplicate, not id-mismatch', async () => {
    const bundle = buildBundle()
    const others = [buildBundle(), buildBundle()]
    for (const b of [bundle, ...others]) deliverBundle(inbox, b)
    // The office dies while reading the bundle: it is a crash suspect at the next start.
    expect((await runCrashChild(script, dataDir, shared, killingOn(bundle.id))).killed).toBe(true)
    // Meanwhile the sync service delivers a second, identical copy under another name.
    deliverBundle(inbox, bundle, `${bundle.id} (1)`)
    const run = await runCrashChild(script, dataDir, shared)
    expect(run.finished).toBe(true)
    expect(rejectedNames()).toEqual([])
    expect(existsSync(join(shared, 'archive', month(), bundle.id, 'manifest.json'))).toBe(true)
    expect(existsSync(join(shared, 'archive', month(), `${bundle.id} (1).duplicate`, 'manifest.json'))).toBe(true)
    const office = await openOffice({ dataDir, sharedDir: shared })
    try {
      expect(office.sqlite.prepare('SELECT COUNT(*) AS n FROM submissions').get()).toEqual({ n: 3 })
    } finally {
      await office.close()
    }
  })

  it('never rejects a good bundle that the office died on three times: it waits in the inbox as ingest-crashed', async () => {
    const victim = buildBundle()
    const others = [buildBundle(), buildBundle(), buildBundle()]
    for (const b of [victim, ...others]) deliverBundle(inbox, b)
    let starts = 0
    for (; starts < 8; starts++) {
      const run = await runCrashChild(script, dataDir, shared, killingOn(victim.id))
      if (run.finished) break
      expect(run.killed).toBe(true)
    }
    // Once in a group (no count), then three times alone, then the start that stops trying.
    expect(starts).toBe(4)
    expect(rejectedNames()).toEqual([])
    expect(existsSync(join(shared, 'receipts', `${victim.id}.json`))).toBe(false)
    expect(existsSync(join(inbox, victim.id, 'manifest.json'))).toBe(true)
    for (const b of others) expect(existsSync(join(shared, 'archive', month(), b.id))).toBe(true)

    const office = await openOffice({ dataDir, sharedDir: shared })
    try {
      const health = await inboxHealth(office)
      expect(health.rejected).toEqual([])
      expect(health.needsAttention).toEqual([
        expect.objectContaining({ folder: victim.id, reason: 'ingest-crashed', path: join(inbox, victim.id) }),
      ])
      // The office's Reprocess tries it again (here it no longer crashes) and ingests it.
      expect(await reprocess(office, victim.id)).toMatchObject({ folder: victim.id, result: 'ingested' })
      expect((await inboxHealth(office)).needsAttention).toEqual([])
      expect(office.sqlite.prepare('SELECT COUNT(*) AS n FROM submissions').get()).toEqual({ n: 4 })
    } finally {
      await office.close()
    }
  })
})
