import { createHash } from 'node:crypto'
import { basename, isAbsolute, join, resolve } from 'node:path'
import type { PacketWriteOutput } from '../../../src-shared/api/packets'
import { CloseoutError } from '../errors'
import { fileSafe } from '../exports/export-text'
import { writeFileAtomic } from '../fs/atomic'
import type { Office } from '../office'
import { readBlob } from '../store/attachment-store'
import { loadPacketData, type PacketData } from './packet-data'
import { printablePictures } from './packet-images'
import { renderPacketPdf, type PacketCopy } from './packet-pdf'

/** `<invoice no>_<customer>_<date>`, e.g. `INV-1042_Acme-Dental_2026-11-25`. */
export function packetFolderName(data: PacketData): string {
  return `${fileSafe(data.invoiceNumber ?? `DRAFT-${data.invoice.jobId}`, 30)}_${fileSafe(data.invoice.customerName)}_${data.invoiceDate}`
}

/** The PDF alone, from the job's data and the attachment store. */
export async function buildPacketPdf(
  office: Office,
  data: PacketData,
  copy: PacketCopy = 'customer',
): Promise<{ pdf: Uint8Array; pages: number; originals: Map<string, Uint8Array> }> {
  const originals = new Map<string, Uint8Array>()
  for (const a of [...data.photos, ...(data.signature.photo ? [data.signature.photo] : [])]) {
    const read = readBlob(office.attachmentsDir, a.sha256)
    if (!read.ok)
      throw read.why === 'missing'
        ? new CloseoutError(
            'attachment-missing',
            `The stored copy of ${a.file} (${a.sha256.slice(0, 12)}…) is missing from the attachments folder; restore it from a backup`,
          )
        : new CloseoutError(
            'attachment-altered',
            `The stored copy of ${a.file} (${a.sha256.slice(0, 12)}…) is damaged: its bytes are no longer the ones the technician sent, so it is not printed. Restore it from a backup`,
          )
    originals.set(a.sha256, read.bytes)
  }
  const pictures = [...data.photos, ...(data.signature.photo ? [data.signature.photo] : [])]
  const { bytes, pages } = await renderPacketPdf(data, await printablePictures(pictures, originals), copy)
  return { pdf: bytes, pages, originals }
}

/**
 * Writes the packet folder: packet.pdf (the customer's copy), office-copy.pdf (with the event
 * log's ids and hashes), the original photos and signature under their
 * bundle paths, and closeout.json as the technician sent it. Writing it again gives the same
 * bytes (files are replaced atomically).
 */
export async function writePacket(office: Office, jobId: string, outDir?: string): Promise<PacketWriteOutput> {
  const data = await loadPacketData(office, jobId)
  const { pdf, pages, originals } = await buildPacketPdf(office, data)
  const folder = join(resolve(outDir ?? join(office.dataDir, 'packets')), packetFolderName(data))
  const written: string[] = []
  const put = (rel: string, bytes: Uint8Array | string) => {
    writeFileAtomic(join(folder, rel), bytes)
    written.push(rel)
  }
  put('packet.pdf', pdf)
  put('office-copy.pdf', (await buildPacketPdf(office, data, 'office')).pdf)
  for (const a of [...data.photos, ...(data.signature.photo ? [data.signature.photo] : [])]) {
    const bytes = originals.get(a.sha256)
    // Bundle paths are validated on ingest; a path that still escapes goes in flat.
    if (bytes) put(a.file.includes('..') || isAbsolute(a.file) ? basename(a.file) : a.file, bytes)
  }
  put('closeout.json', data.documentJson)
  return { folder, files: written, pdfSha256: createHash('sha256').update(pdf).digest('hex'), pages }
}
