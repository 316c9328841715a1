import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { EngineDb } from '../db/engine-db'
import { CloseoutError } from '../errors'
import { writeFileAtomic } from '../fs/atomic'
import { oversizeReason, readImageHeaderFromBytes } from '../images/image-header'
import { scaleImage } from '../images/image-worker'
import type { Office } from '../office'
import { readBlob } from '../store/attachment-store'

const SHOWABLE = /^image\/(jpeg|png|webp|gif)$/
/** The longest edge the office UI is sent for each size. */
export const EDGE = { thumbnail: 320, view: 2048 } as const
export type AttachmentSize = keyof typeof EDGE

/** `<data>/thumbnails/<sha256>-<edge>.png`: made once per picture and size, then read back. */
export function thumbnailPath(dataDir: string, sha256: string, edge: number): string {
  return join(dataDir, 'thumbnails', sha256.slice(0, 2), `${sha256}-${edge}.png`)
}

/**
 * One stored photo or signature as a data: URL, so the same call works over IPC and HTTP and
 * the page's CSP (img-src data:) needs no exception. Only image types a browser shows safely,
 * never larger than the size asked for: a bigger picture is scaled once, in the image worker,
 * and the scaled copy kept beside the store. A picture over 50 megapixels is never decoded.
 */
export async function attachmentDataUrl(
  office: Office,
  id: number,
  size: AttachmentSize = 'view',
): Promise<{ id: number; mime: string; dataUrl: string }> {
  const row = await attachmentRow(office, id)
  if (!SHOWABLE.test(row.mime))
    throw new CloseoutError('not-an-image', `Attachment ${id} is ${row.mime}, which Closeout does not show`)
  const edge = EDGE[size]
  const cached = thumbnailPath(office.dataDir, row.sha256, edge)
  if (existsSync(cached)) return asDataUrl(id, 'image/png', readFileSync(cached))
  const read = readBlob(office.attachmentsDir, row.sha256)
  if (!read.ok)
    throw read.why === 'missing'
      ? new CloseoutError(
          'attachment-missing',
          `The picture of attachment ${id} is missing from the attachments folder (${office.attachmentsDir}); restore it from a backup`,
        )
      : new CloseoutError(
          'attachment-altered',
          `The stored picture of attachment ${id} is damaged: its bytes are no longer the ones the technician sent. Restore it from a backup`,
        )
  const bytes = read.bytes
  const header = readImageHeaderFromBytes(bytes)
  const oversize = oversizeReason(header)
  if (oversize) throw new CloseoutError('too-large', `Attachment ${id} is not shown: ${oversize}`)
  const fits = header !== null && Math.max(header.width, header.height) <= edge
  // The worker scales the two formats technicians send; a GIF or WebP (50 megapixels at most) goes as it is.
  if (fits || !/^image\/(jpeg|png)$/.test(row.mime)) return asDataUrl(id, row.mime, bytes)
  const scaled = await scaleImage(bytes, row.mime, edge)
  if (!scaled)
    throw new CloseoutError('not-an-image', `Attachment ${id} could not be read as a picture to make a smaller copy`)
  writeFileAtomic(cached, scaled.bytes)
  return asDataUrl(id, scaled.mime, scaled.bytes)
}

/** The stored photo's hash and type (attachments.get), on either engine (issue #17); the bytes are a file. */
export async function attachmentRow({ db }: EngineDb, id: number): Promise<{ sha256: string; mime: string }> {
  const row = await db.selectFrom('attachments').select(['sha256', 'mime']).where('id', '=', id).executeTakeFirst()
  if (!row) throw new CloseoutError('not-found', `There is no attachment ${id}`)
  return row
}

function asDataUrl(id: number, mime: string, bytes: Uint8Array) {
  return { id, mime, dataUrl: `data:${mime};base64,${Buffer.from(bytes).toString('base64')}` }
}
