import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { scanInbox } from '../../../src-main/core/inbox/inbox-scan'
import { attachmentDataUrl } from '../../../src-main/core/jobs/job-attachments'
import { openOffice, type SqliteOffice } from '../../../src-main/core/office'
import { writePacket } from '../../../src-main/core/packets/packet-folder'
import { loadDemoOffice } from '../../../src-main/core/setup/demo'
import { blobPath, sha256Hex } from '../../../src-main/core/store/attachment-store'
import { officeFormSource } from '../../../src-main/lan/office-source'
import { tempFolders, type TempFolders } from '../../support/temp-office'

/**
 * Issue #17: on PostgreSQL every seat reads the same attachments, so the store lives in a folder
 * they all reach (a network share), named per PC; and each seat proves a photo's hash when it
 * reads it, so a damaged or half-copied file on the share is never shown, printed or handed back
 * to a technician as if it were the one stored.
 */
let folders: TempFolders
let office: SqliteOffice
let share: string

interface Photo {
  id: number
  sha256: string
  file: string
  job_id: string
  submission_id: string
  technician_id: string
}

function photosOfInvoiceReadyJobs(): Photo[] {
  return office.sqlite
    .prepare(
      `SELECT a.id, a.sha256, a.file, j.id AS job_id, s.id AS submission_id, s.technician_id
         FROM attachments a JOIN submissions s ON s.id = a.submission_id
         JOIN jobs j ON j.current_submission_id = s.id
        WHERE j.status = 'invoice-ready' AND a.mime = 'image/jpeg'
        ORDER BY j.id, a.id`,
    )
    .all() as Photo[]
}

beforeAll(async () => {
  folders = tempFolders('closeout-shared-store-')
  share = join(folders.root, 'office-share', 'attachments')
  office = await openOffice({ dataDir: folders.dataDir, sharedDir: folders.sharedDir, attachmentsDir: share })
  await loadDemoOffice(office)
  await scanInbox(office)
}, 180_000)

afterAll(async () => {
  await office.close()
  folders.cleanup()
})

describe('the attachment store in a folder the seats share', () => {
  it('keeps every photo and signature in the named folder, none in the data folder', () => {
    const rows = office.sqlite.prepare('SELECT DISTINCT sha256 FROM attachments').pluck().all() as string[]
    expect(rows.length).toBeGreaterThan(5)
    for (const sha of rows) expect(sha256Hex(readFileSync(blobPath(share, sha)))).toBe(sha)
    const local = join(folders.dataDir, 'attachments')
    const blobsInDataFolder = existsSync(local)
      ? readdirSync(local, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length
      : 0
    expect(blobsInDataFolder).toBe(0)
  })

  it('shows, prints and hands back photos read from the shared folder', async () => {
    const [photo] = photosOfInvoiceReadyJobs()
    expect(photo).toBeDefined()
    const shown = await attachmentDataUrl(office, photo!.id, 'view')
    expect(shown.dataUrl.startsWith('data:image/')).toBe(true)
    const packet = await writePacket(office, photo!.job_id, join(folders.root, 'packets'))
    expect(packet.files).toContain('packet.pdf')
    const lookup = await officeFormSource(office).attachment(photo!.technician_id, photo!.submission_id, photo!.file)
    expect(lookup.ok && sha256Hex(lookup.bytes)).toBe(photo!.sha256)
  })

  it('refuses a photo whose bytes on the share are not the ones stored, and says which and what to do', async () => {
    const photos = photosOfInvoiceReadyJobs()
    const altered = photos[0]!
    const path = blobPath(share, altered.sha256)
    const bytes = readFileSync(path)
    bytes[bytes.length >> 1] = bytes[bytes.length >> 1]! ^ 0xff
    writeFileSync(path, bytes)

    await expect(attachmentDataUrl(office, altered.id, 'view')).rejects.toMatchObject({
      code: 'attachment-altered',
      message: expect.stringMatching(/damaged.*backup/i),
    })
    await expect(writePacket(office, altered.job_id, join(folders.root, 'packets'))).rejects.toMatchObject({
      code: 'attachment-altered',
      message: expect.stringContaining(altered.file),
    })
    const lookup = await officeFormSource(office).attachment(altered.technician_id, altered.submission_id, altered.file)
    expect(lookup).toMatchObject({ ok: false, code: 'attachment-altered' })

    // A photo gone from the share is still told apart from a damaged one.
    const gone = photos.find((p) => p.sha256 !== altered.sha256 && p.job_id !== altered.job_id)!
    rmSync(blobPath(share, gone.sha256))
    await expect(attachmentDataUrl(office, gone.id, 'view')).rejects.toMatchObject({ code: 'attachment-missing' })
    await expect(writePacket(office, gone.job_id, join(folders.root, 'packets'))).rejects.toMatchObject({
      code: 'attachment-missing',
    })
  })

  it('refuses an attachments folder inside the shared folder, which carries closeouts between phones and the office', async () => {
    await expect(
      openOffice({
        dataDir: join(folders.root, 'second-seat'),
        sharedDir: folders.sharedDir,
        attachmentsDir: join(folders.sharedDir, 'attachments'),
      }),
    ).rejects.toMatchObject({
      code: 'attachments-in-shared-folder',
      message: expect.stringMatching(/must be separate/),
    })
    expect(existsSync(join(folders.sharedDir, 'attachments'))).toBe(false)
  })
})
