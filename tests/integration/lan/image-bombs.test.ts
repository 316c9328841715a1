import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { deflateSync } from 'node:zlib'
import { PDFDocument } from 'pdf-lib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RejectionSchema } from '../../../src-shared/schemas/bundle'
import { scanInbox } from '../../../src-main/core/inbox/inbox-scan'
import { readImageHeaderFromBytes } from '../../../src-main/core/images/image-header'
import { scaleImage } from '../../../src-main/core/images/image-worker'
import { attachmentDataUrl, thumbnailPath } from '../../../src-main/core/jobs/job-attachments'
import { writePacket } from '../../../src-main/core/packets/packet-folder'
import { embedPicture, printablePictures } from '../../../src-main/core/packets/packet-images'
import { sha256Hex } from '../../../src-main/core/store/attachment-store'
import { pdfImages } from '../../support/pdf-read'
import { buildBundle, deliverBundle } from '../inbox/bundle-builder'
import { closeoutDoc, defaultFiles, fixture, postCloseout, signIn, startHarness, type Harness } from './lan-harness'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(async () => {
  await h.close()
})

/** A PNG whose header declares width × height over a few bytes of data: what a decompression bomb looks like. */
function bombPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const out = Buffer.alloc(12 + data.length)
    out.writeUInt32BE(data.length, 0)
    out.write(type, 4, 'latin1')
    data.copy(out, 8)
    return out
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8
  ihdr[9] = 2
  const idat = deflateSync(Buffer.alloc(64 * 1024))
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', idat),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

const dataUrlBytes = (url: string) => Buffer.from(url.slice(url.indexOf(',') + 1), 'base64')

describe('decompression bombs', () => {
  it('refuses a PNG declaring 16000 × 16000 at upload with 413 too-large, and the server stays responsive', async () => {
    const cookie = await signIn(h)
    const files = { ...defaultFiles(), 'photos/before-1.jpg': bombPng(16000, 16000) }
    const started = Date.now()
    const res = await postCloseout(h, cookie, closeoutDoc(), files)
    expect(res.status).toBe(413)
    const body = (await res.json()) as { error: { code: string; message: string } }
    expect(body.error.code).toBe('too-large')
    expect(body.error.message).toContain('16000 × 16000 pixels (256 megapixels)')
    expect(body.error.message).toContain('50 megapixels')
    expect(Date.now() - started).toBeLessThan(3000)
    expect((await fetch(`${h.base}/api/technicians`)).status).toBe(200)
  })

  it('rejects a bundle by folder whose photo declares more than 50 megapixels as too-large', async () => {
    const bundle = buildBundle({ jobId: 'J-1045', photos: 1 })
    const bomb = bombPng(8000, 7000)
    bundle.files.set('photos/photo-1.jpg', bomb)
    bundle.manifest.files = bundle.manifest.files.map((f) =>
      f.path === 'photos/photo-1.jpg' ? { path: f.path, size: bomb.length, sha256: sha256Hex(bomb) } : f,
    )
    deliverBundle(join(h.sharedDir, 'inbox'), bundle)
    const summary = await scanInbox(h.office)
    expect(summary.rejected).toBe(1)
    const rejection = RejectionSchema.parse(
      JSON.parse(readFileSync(join(h.sharedDir, 'rejected', bundle.id, 'REJECTED.json'), 'utf8')),
    )
    expect(rejection.reason).toBe('too-large')
    expect(rejection.details[0]?.path).toBe('attachments[0].file')
    expect(rejection.details[0]?.message).toContain('8000 × 7000 pixels (56 megapixels)')
  })
})

describe('pictures the office shows and prints', () => {
  let jobId: string
  let png: Buffer
  beforeAll(async () => {
    // A real 4000 × 3000 PNG (12 megapixels), made from the JPEG fixture by the image worker itself.
    const made = await scaleImage(fixture('large-4000x3000.jpg'), 'image/jpeg', 4000)
    png = Buffer.from(made!.bytes)
    expect(readImageHeaderFromBytes(png)).toMatchObject({ type: 'png', width: 4000, height: 3000 })
    const cookie = await signIn(h)
    const doc = closeoutDoc({
      job: { id: 'J-1048' },
      attachments: [
        { file: 'photos/before-1.png', category: 'before' },
        { file: 'photos/after-1.jpg', category: 'after' },
      ],
    })
    const files = {
      'photos/before-1.png': png,
      'photos/after-1.jpg': fixture('large-4000x3000.jpg'),
      'signature.png': fixture('serial-plate.png'),
    }
    expect((await postCloseout(h, cookie, doc, files)).status).toBe(201)
    await scanInbox(h.office)
    jobId = 'J-1048'
  })

  it('builds the packet of a 12-megapixel PNG from a copy the image worker scaled', async () => {
    const r = await writePacket(h.office, jobId, join(h.dataDir, 'packets'))
    expect(r.pages).toBeGreaterThan(2)
    expect(existsSync(join(r.folder, 'photos', 'before-1.png'))).toBe(true)
    // The PDF carries the PNG at 1600 px, not 4000; the JPEG stays as sent (pdf-lib copies a JPEG without decoding it).
    const sizes = (await pdfImages(join(r.folder, 'packet.pdf')))
      .filter((i) => i.kind !== 'smask')
      .map((i) => `${i.width}x${i.height}`)
    expect(sizes.sort()).toEqual(['1600x1200', '4000x3000', '400x300'])
  })

  it('never holds the main thread while a picture is decoded for the PDF', async () => {
    const delay = monitorEventLoopDelay({ resolution: 5 })
    delay.enable()
    const started = Date.now()
    const pictures = await printablePictures([{ sha256: 'png', mime: 'image/png' }], new Map([['png', png]]))
    const image = await embedPicture(await PDFDocument.create(), pictures.get('png')!)
    delay.disable()
    expect(image.width).toBe(1600)
    // pdf-lib's own embedPng decoded these 12 megapixels on this thread; the worker took the time instead.
    expect(Date.now() - started).toBeGreaterThan(delay.max / 1e6)
    expect(delay.max / 1e6).toBeLessThan(250)
  })

  it('sends thumbnails of at most 320 px, made once, and never a picture over 2048 px', async () => {
    const all = h.office.sqlite
      .prepare(
        'SELECT a.id, a.sha256, a.category FROM attachments a JOIN jobs j ON j.current_submission_id = a.submission_id WHERE j.id = ?',
      )
      .all(jobId) as { id: number; sha256: string; category: string }[]
    for (const a of all) {
      const thumb = await attachmentDataUrl(h.office, a.id, 'thumbnail')
      const header = readImageHeaderFromBytes(dataUrlBytes(thumb.dataUrl))
      expect(Math.max(header!.width, header!.height)).toBeLessThanOrEqual(320)
      const view = await attachmentDataUrl(h.office, a.id)
      const big = readImageHeaderFromBytes(dataUrlBytes(view.dataUrl))
      expect(Math.max(big!.width, big!.height)).toBeLessThanOrEqual(2048)
    }
    const jpeg = all.find((a) => a.category === 'after')!
    const cached = thumbnailPath(h.dataDir, jpeg.sha256, 320)
    expect(existsSync(cached)).toBe(true)
    const again = await attachmentDataUrl(h.office, jpeg.id, 'thumbnail')
    expect(dataUrlBytes(again.dataUrl).equals(readFileSync(cached))).toBe(true)
  })
})
