import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_BILLING, signedInApi } from '../../support/signed-in'
import { importDemoSetup } from '../../../src-main/core/setup/demo'
import { tempOffice } from '../../support/temp-office'

/** The demo's billing user acts as admin (the demo has none): backups are an admin's, with their PIN. */
const PIN = DEMO_BILLING.pin

type Answer =
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; error: { code: string; message: string; details: { path: string; message: string }[] } }

/** Settings > Backups as the screen calls it: the office API, field errors named by path. */
describe('Settings > Backups through the office API', () => {
  let t: Awaited<ReturnType<typeof tempOffice>>
  let call: (method: string, input: unknown) => Promise<Answer>
  beforeAll(async () => {
    t = await tempOffice()
    await importDemoSetup(t.office)
    const api = await signedInApi(t.office)
    call = async (method, input) => (await api.call(method, input)) as Answer
  })
  afterAll(() => t.dispose())

  const refusal = async (method: string, input: unknown) => {
    const answer = await call(method, input)
    if (answer.ok) throw new Error(`${method} was accepted: ${JSON.stringify(answer.value)}`)
    return answer.error
  }

  it('refuses a backup folder that is not a full path, inside the data folder, or cannot be written', async () => {
    expect(await refusal('backups.setFolder', { confirmPin: PIN, folder: 'backups' })).toMatchObject({
      code: 'invalid-folder',
      details: [{ path: 'folder', message: expect.stringMatching(/full path/) }],
    })
    expect(
      await refusal('backups.setFolder', { confirmPin: PIN, folder: join(t.folders.dataDir, 'backups') }),
    ).toMatchObject({
      code: 'invalid-folder',
      details: [{ path: 'folder', message: expect.stringMatching(/outside the data folder/) }],
    })
    const file = join(t.folders.root, 'a-file')
    writeFileSync(file, 'not a folder')
    expect(await refusal('backups.setFolder', { confirmPin: PIN, folder: join(file, 'backups') })).toMatchObject({
      code: 'invalid-folder',
      details: [{ path: 'folder', message: expect.stringMatching(/cannot be created or written/) }],
    })
    const status = await call('backups.status', {})
    expect(status).toMatchObject({ ok: true, value: { folder: join(t.folders.sharedDir, 'backups') } })
  })

  it('takes a good folder (creating it), backs up into it, and restores only into an empty local folder', async () => {
    const folder = join(t.folders.root, 'usb-drive', 'closeout-backups')
    expect(await call('backups.setFolder', { confirmPin: PIN, folder })).toMatchObject({
      ok: true,
      value: { folder, last: null },
    })
    expect(existsSync(folder)).toBe(true)
    const made = await call('backups.runNow', {})
    expect(made).toMatchObject({ ok: true, value: { counts: { jobs: 20 } } })
    const file = (made as unknown as { value: { file: string } }).value.file
    expect(readdirSync(folder)).toContain(file.split(/[\\/]/).pop())

    const synced = join(t.folders.root, 'Dropbox', 'restored')
    expect(await refusal('backups.restore', { confirmPin: PIN, file, dataDir: synced })).toMatchObject({
      code: 'invalid-folder',
      details: [{ path: 'dataDir', message: expect.stringMatching(/synced folder/) }],
    })
    expect(existsSync(synced)).toBe(false)
    const busy = join(t.folders.root, 'busy')
    mkdirSync(busy)
    writeFileSync(join(busy, 'letter.docx'), 'mine')
    expect(await refusal('backups.restore', { confirmPin: PIN, file, dataDir: busy })).toMatchObject({
      code: 'folder-not-empty',
      details: [{ path: 'dataDir', message: expect.stringMatching(/not empty/) }],
    })
    const target = join(t.folders.root, 'restored-office')
    expect(await call('backups.restore', { confirmPin: PIN, file, dataDir: target })).toMatchObject({
      ok: true,
      value: { dataDir: target, counts: { jobs: 20 } },
    })
  })
})
