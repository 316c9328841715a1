import { existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { rememberPickedFolder } from '../../../src-main/core/fs/out-dir'
import type { Office } from '../../../src-main/core/office'
import { exportScenario } from '../../support/export-scenario'
import { signedInApi, type SignedInApi } from '../../support/signed-in'

/**
 * Issue #12 item 6: `packets.write` and `exports.run` wrote wherever the caller said, and an
 * `outDir` under /proc hung the whole process in a recursive mkdir. The office API takes an
 * `outDir` only inside the data folder or inside a folder the user picked in a dialog, and it
 * checks before touching the disk.
 */
let office: Office
let dispose: () => Promise<void>
let api: SignedInApi
beforeEach(async () => {
  const s = await exportScenario()
  office = s.office
  dispose = s.dispose
  api = await signedInApi(office)
})
afterEach(async () => dispose())

const refusedOutDir = { ok: false, error: { code: 'invalid-input', details: [{ path: 'outDir' }] } }

describe('outDir on the office API', () => {
  it('refuses a folder outside the data folder, a relative one, a ".." escape and /proc, writing nothing', async () => {
    const elsewhere = join(office.dataDir, '..', 'elsewhere')
    for (const outDir of [
      elsewhere,
      'exports/here',
      `${office.dataDir}/../elsewhere`,
      '/proc/self/closeout-probe',
      '/proc/1/task/1/closeout',
    ]) {
      const run = await api.call('exports.run', { format: 'csv', outDir })
      expect(run, outDir).toMatchObject(refusedOutDir)
      const packet = await api.call('packets.write', { jobId: 'J-1042', outDir })
      expect(packet, outDir).toMatchObject(refusedOutDir)
    }
    expect(existsSync(elsewhere)).toBe(false)
    // Nothing was exported: the three jobs are still waiting, no batch was recorded.
    expect(await api.call('exports.batches', {})).toEqual({ ok: true, value: [] })
    const message = (
      (await api.call('exports.run', { format: 'csv', outDir: elsewhere })) as {
        error: { message: string }
      }
    ).error.message
    expect(message).toMatch(/data folder/)
    expect(message).toMatch(/choose/i)
  }, 60_000)

  it('refuses a path inside the data folder that a symlink leads out of', async () => {
    const outside = join(office.dataDir, '..', 'outside')
    mkdirSync(outside)
    symlinkSync(outside, join(office.dataDir, 'link-out'))
    expect(
      await api.call('packets.write', { jobId: 'J-1042', outDir: join(office.dataDir, 'link-out', 'p') }),
    ).toMatchObject(refusedOutDir)
    expect(readdirSync(outside)).toEqual([])
  }, 60_000)

  it('writes inside the data folder, and inside a folder picked in a dialog', async () => {
    const inside = join(office.dataDir, 'my-exports')
    expect(await api.call('exports.run', { format: 'csv', outDir: inside })).toMatchObject({ ok: true })
    expect(readdirSync(inside).length).toBeGreaterThan(0)

    const picked = join(office.dataDir, '..', 'Desktop')
    mkdirSync(picked)
    expect(await api.call('packets.write', { jobId: 'J-1042', outDir: picked })).toMatchObject(refusedOutDir)
    rememberPickedFolder(office, picked)
    const packet = await api.call('packets.write', { jobId: 'J-1042', outDir: join(picked, 'packets') })
    expect(packet).toMatchObject({ ok: true })
    expect(readdirSync(join(picked, 'packets')).length).toBe(1)
    expect(await api.call('exports.reexport', { batchId: 1, outDir: picked })).toMatchObject({ ok: true })
    expect(await api.call('exports.reexport', { batchId: 1, outDir: join(picked, '..') })).toMatchObject(refusedOutDir)
  }, 60_000)
})
