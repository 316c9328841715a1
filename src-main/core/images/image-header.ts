import { closeSync, openSync, readSync } from 'node:fs'

/**
 * Image dimensions read from the file's header alone, never by decoding it: a 249 KB PNG can
 * declare 16000 × 16000 pixels and take a gigabyte to decode (issue #12, decompression bombs).
 * Knows the formats a bundle may carry and the office shows: PNG, JPEG, GIF and WebP.
 */
export interface ImageHeader {
  type: 'png' | 'jpeg' | 'gif' | 'webp'
  width: number
  height: number
}

/** The most pixels Closeout accepts in one picture (spec v1.1: more is `too-large`). */
export const MAX_IMAGE_PIXELS = 50_000_000

/** A reader of `length` bytes at `position` (fewer at the end of the file). */
type ReadAt = (position: number, length: number) => Buffer

/** How far into a JPEG the frame header is looked for (EXIF and ICC segments come first). */
const JPEG_SCAN_LIMIT = 16 * 1024 * 1024

export function readImageHeaderFromFile(path: string): ImageHeader | null {
  const fd = openSync(path, 'r')
  try {
    return readImageHeader((position, length) => {
      const buffer = Buffer.alloc(length)
      const n = readSync(fd, buffer, 0, length, position)
      return buffer.subarray(0, n)
    })
  } finally {
    closeSync(fd)
  }
}

export function readImageHeaderFromBytes(bytes: Uint8Array): ImageHeader | null {
  const all = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  return readImageHeader((position, length) => all.subarray(position, position + length))
}

export function readImageHeader(readAt: ReadAt): ImageHeader | null {
  const head = readAt(0, 32)
  if (head.length >= 24 && head.readUInt32BE(0) === 0x89504e47 && head.toString('latin1', 12, 16) === 'IHDR')
    return { type: 'png', width: head.readUInt32BE(16), height: head.readUInt32BE(20) }
  if (head.length >= 10 && head.toString('latin1', 0, 4) === 'GIF8')
    return { type: 'gif', width: head.readUInt16LE(6), height: head.readUInt16LE(8) }
  if (head.length >= 30 && head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP')
    return webpHeader(head)
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return jpegHeader(readAt)
  return null
}

function webpHeader(head: Buffer): ImageHeader | null {
  const chunk = head.toString('latin1', 12, 16)
  if (chunk === 'VP8X') return { type: 'webp', width: 1 + head.readUIntLE(24, 3), height: 1 + head.readUIntLE(27, 3) }
  if (chunk === 'VP8 ')
    return { type: 'webp', width: head.readUInt16LE(26) & 0x3fff, height: head.readUInt16LE(28) & 0x3fff }
  if (chunk === 'VP8L') {
    const bits = head.readUInt32LE(21)
    return { type: 'webp', width: 1 + (bits & 0x3fff), height: 1 + ((bits >> 14) & 0x3fff) }
  }
  return null
}

/** Walks the JPEG's marker segments up to the first frame header (SOF0..SOF15 but DHT, JPG, DAC). */
function jpegHeader(readAt: ReadAt): ImageHeader | null {
  let position = 2
  while (position < JPEG_SCAN_LIMIT) {
    const marker = readAt(position, 9)
    if (marker.length < 4 || marker[0] !== 0xff) return null
    const code = marker[1] ?? 0
    // Fill bytes before a marker.
    if (code === 0xff) {
      position += 1
      continue
    }
    const isFrame = code >= 0xc0 && code <= 0xcf && code !== 0xc4 && code !== 0xc8 && code !== 0xcc
    if (isFrame) {
      if (marker.length < 9) return null
      return { type: 'jpeg', height: marker.readUInt16BE(5), width: marker.readUInt16BE(7) }
    }
    // Start of scan or end of image before any frame header: not a picture we can size.
    if (code === 0xda || code === 0xd9) return null
    position += 2 + marker.readUInt16BE(2)
  }
  return null
}

/** Why a picture is refused for its size, or null when it is fine. */
export function oversizeReason(header: ImageHeader | null): string | null {
  if (!header) return null
  const pixels = header.width * header.height
  if (pixels <= MAX_IMAGE_PIXELS) return null
  const megapixels = Math.round(pixels / 1_000_000)
  return `the picture is ${header.width} × ${header.height} pixels (${megapixels} megapixels); the most Closeout accepts is 50 megapixels`
}
