import { existsSync, mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { startInboxWatcher, type InboxWatcher } from '../../../src-main/core/inbox/watcher'
import { inboxHealth } from '../../../src-main/core/inbox/health'
import { buildBundle, deliverBundle, openTestOffice, type TestOffice } from './bundle-builder'

let t: TestOffice
let w: InboxWatcher | null = null
beforeEach(async () => {
  t = await openTestOffice()
})
afterEach(async () => {
  await w?.stop()
  w = null
  await t.cleanup()
})

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const start = Date.now()
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 20))
  }
}

const receipt = (id: string) => join(t.shared, 'receipts', `${id}.json`)

it('ingests a bundle renamed into the watched inbox within moments, pushes jobs.changed and reports its health', async () => {
  const already = buildBundle()
  deliverBundle(t.inbox, already)
  const changed: unknown[] = []
  t.office.events.on('jobs.changed', (e) => changed.push(e))
  w = await startInboxWatcher(t.office, { rescanMs: 60_000 })
  await until(() => existsSync(receipt(already.id)))
  await w.scanNow()
  const bundle = buildBundle({ jobId: 'J-1043' })
  deliverBundle(t.inbox, bundle)
  const started = Date.now()
  await until(() => existsSync(receipt(bundle.id)))
  expect(Date.now() - started).toBeLessThan(2000)
  // The scan announces its jobs once every bundle of it has committed, just after the receipt.
  await until(() => JSON.stringify(changed).includes('J-1043'))
  expect(changed).toContainEqual({ reason: 'ingest', jobIds: ['J-1043'] })
  expect(await inboxHealth(t.office)).toMatchObject({
    folder: t.inbox,
    mode: 'watching',
    running: true,
    available: true,
    pending: 0,
    stalled: [],
    rejected: [],
  })
  expect((await inboxHealth(t.office)).lastScanAt).not.toBeNull()
})

it('keeps working in polling mode and when the inbox disappears and comes back', async () => {
  w = await startInboxWatcher(t.office, { usePolling: true, pollingIntervalMs: 50, rescanMs: 200 })
  expect((await inboxHealth(t.office)).mode).toBe('polling')
  await w.scanNow()
  rmSync(t.shared, { recursive: true })
  await until(async () => (await inboxHealth(t.office)).available === false)
  mkdirSync(join(t.shared, 'inbox'), { recursive: true })
  const bundle = buildBundle()
  deliverBundle(t.inbox, bundle)
  await until(() => existsSync(receipt(bundle.id)))
  expect((await inboxHealth(t.office)).available).toBe(true)
})
