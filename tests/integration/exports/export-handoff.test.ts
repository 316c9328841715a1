import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runExport } from '../../../src-main/core/exports/export-batches'
import type { SqliteOffice } from '../../../src-main/core/office'
import { exportScenario, EXPORT_NOW } from '../../support/export-scenario'
import { signedInApi } from '../../support/signed-in'

process.env.CLOSEOUT_NO_REVEAL = '1'
let dispose: (() => Promise<void>) | null = null
afterEach(async () => {
  await dispose?.()
  dispose = null
})

async function exported(): Promise<{
  o: SqliteOffice
  call: (m: string, i: unknown) => Promise<unknown>
  batchId: number
}> {
  const s = await exportScenario()
  dispose = s.dispose
  const { batch, receipts } = await runExport(
    s.office,
    { format: 'qbo-csv', outDir: join(s.office.dataDir, 'out'), user: 'office' },
    EXPORT_NOW,
  )
  await receipts
  const api = await signedInApi(s.office)
  const call = (m: string, i: unknown) => api.call(m, i)
  return { o: s.office, call, batchId: batch.id }
}

describe('after the export: the file in hand, then confirmed imported', () => {
  it('exports.file hands over the batch file byte for byte (the browser saves it as a download)', async () => {
    const { call, batchId, o } = await exported()
    const batch = ((await call('exports.batches', {})) as { value: { files: { name: string; path: string }[] }[] })
      .value[0]!
    const answer = (await call('exports.file', { batchId, name: batch.files[0]!.name })) as {
      value: { name: string; mediaType: string; base64: string }
    }
    expect(answer.value.name).toBe(batch.files[0]!.name)
    expect(answer.value.mediaType).toBe('text/csv')
    expect(Buffer.from(answer.value.base64, 'base64').equals(readFileSync(batch.files[0]!.path))).toBe(true)
    expect(await call('exports.file', { batchId, name: '../closeout.sqlite' })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    })
    expect(o).toBeTruthy()
  })

  it('exports.markImported records who confirmed the import and when; the batch leaves Needs attention', async () => {
    const { call, batchId, o } = await exported()
    const later = new Date(Date.parse(EXPORT_NOW.toISOString()) + 2 * 86_400_000)
    const attention = () =>
      o.sqlite
        .prepare(`SELECT COUNT(*) AS n FROM export_batches WHERE imported_at IS NULL AND created_at < ?`)
        .get(new Date(later.getTime() - 86_400_000).toISOString()) as { n: number }
    expect(attention().n).toBe(1)
    // The signed-in user (the demo's billing user) is who confirmed it.
    const answer = await call('exports.markImported', { batchId })
    expect(answer).toMatchObject({
      ok: true,
      value: { id: batchId, importedBy: 'U-1', importedByName: 'Dana Kim (billing)' },
    })
    expect((answer as { value: { importedAt: string } }).value.importedAt).toMatch(/^\d{4}-\d\d-\d\dT/)
    expect(attention().n).toBe(0)
    expect(await call('exports.markImported', { batchId: 999 })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    })
  })

  it('packets.pdf hands over the packet PDF so "Open packet" can show it', async () => {
    const { call } = await exported()
    const answer = (await call('packets.pdf', { jobId: 'J-1042' })) as {
      value: { name: string; folder: string; base64: string }
    }
    expect(answer.value.name).toBe('J-1042 packet.pdf')
    expect(readFileSync(join(answer.value.folder, 'packet.pdf')).toString('base64')).toBe(answer.value.base64)
    expect(Buffer.from(answer.value.base64, 'base64').subarray(0, 5).toString()).toBe('%PDF-')
  })
})
