import { readFileSync } from 'node:fs'
import { CloseoutError } from '../errors'
import type { Office } from '../office'
import { blobPath } from '../store/attachment-store'

const SHOWABLE = /^image\/(jpeg|png|webp|gif)$/

/**
 * One stored photo or signature as a data: URL, so the same call works over IPC and HTTP and
 * the page's CSP (img-src data:) needs no exception. Only image types a browser shows safely.
 */
export function attachmentDataUrl(office: Office, id: number): { id: number; mime: string; dataUrl: string } {
  const row = office.sqlite.prepare('SELECT sha256, mime FROM attachments WHERE id = ?').get(id) as
    { sha256: string; mime: string } | undefined
  if (!row) throw new CloseoutError('not-found', `There is no attachment ${id}`)
  if (!SHOWABLE.test(row.mime))
    throw new CloseoutError('not-an-image', `Attachment ${id} is ${row.mime}, which Closeout does not show`)
  let bytes: Buffer
  try {
    bytes = readFileSync(blobPath(office.dataDir, row.sha256))
  } catch {
    throw new CloseoutError(
      'attachment-missing',
      `The picture of attachment ${id} is missing from the data folder; restore it from a backup`,
    )
  }
  return { id, mime: row.mime, dataUrl: `data:${row.mime};base64,${bytes.toString('base64')}` }
}
