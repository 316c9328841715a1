import { createHash, randomBytes } from 'node:crypto'
import { createWriteStream, mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { FastifyRequest } from 'fastify'
import { CloseoutError } from '../core/errors'
import { oversizeReason, readImageHeaderFromFile } from '../core/images/image-header'

export const UPLOAD_LIMITS = {
  fileBytes: 25 * 1024 * 1024,
  files: 64,
  requestBytes: 200 * 1024 * 1024,
  closeoutJsonBytes: 1024 * 1024,
} as const

export type ImageType = 'jpeg' | 'png'

export interface ReceivedFile {
  /** The multipart field name: the bundle path the document uses for this file. */
  field: string
  tempPath: string
  size: number
  sha256: string
  type: ImageType | null
}

export interface ReceivedUpload {
  dir: string
  closeoutJson: string | null
  files: Map<string, ReceivedFile>
  /** Removes the temp folder; files already moved into a bundle are gone from it. */
  cleanup(): void
}

/** Thrown as HTTP 413 by the route. */
export class TooLargeError extends CloseoutError {
  constructor(message: string) {
    super('too-large', message)
  }
}

/** JPEG starts FF D8 FF; PNG with its 8-byte signature. The client's Content-Type is never trusted. */
export function sniffImage(head: Buffer): ImageType | null {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg'
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
  if (head.length >= 8 && png.every((b, i) => head[i] === b)) return 'png'
  return null
}

/**
 * Streams a multipart request into a fresh temp folder: each file under a generated name
 * (the client's file name is never used), hashed and sniffed on the way, with the per-file,
 * file-count and whole-request limits enforced while the bytes arrive.
 */
export async function receiveUpload(req: FastifyRequest, tempRoot: string): Promise<ReceivedUpload> {
  const declared = Number(req.headers['content-length'] ?? 0)
  if (declared > UPLOAD_LIMITS.requestBytes) throw new TooLargeError('The upload is larger than 200 MiB')
  const dir = join(tempRoot, `upload-${Date.now()}-${randomBytes(6).toString('hex')}`)
  mkdirSync(dir, { recursive: true })
  const upload: ReceivedUpload = {
    dir,
    closeoutJson: null,
    files: new Map(),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  }
  let total = 0
  let counter = 0
  try {
    const parts = req.parts({
      limits: {
        fileSize: UPLOAD_LIMITS.fileBytes,
        files: UPLOAD_LIMITS.files,
        fields: 8,
        fieldSize: UPLOAD_LIMITS.closeoutJsonBytes,
        parts: UPLOAD_LIMITS.files + 8,
        headerPairs: 50,
      },
    })
    for await (const part of parts) {
      if (part.type === 'field') {
        // A field with its own `Content-Type: application/json` arrives parsed: take it back as text.
        const text = typeof part.value === 'string' ? part.value : JSON.stringify(part.value)
        total += Buffer.byteLength(text)
        if (part.fieldname === 'closeout') {
          if (part.valueTruncated) throw new TooLargeError('The closeout document is larger than 1 MiB')
          upload.closeoutJson = text
        }
        continue
      }
      // `FormData.append('closeout', new Blob([json], { type: 'application/json' }))` sends the
      // document as a file part (file name "blob"): it is the same field.
      if (part.fieldname === 'closeout') {
        const chunks: Buffer[] = []
        let size = 0
        for await (const chunk of part.file as AsyncIterable<Buffer>) {
          size += chunk.length
          total += chunk.length
          if (size > UPLOAD_LIMITS.closeoutJsonBytes)
            throw new TooLargeError('The closeout document is larger than 1 MiB')
          chunks.push(chunk)
        }
        upload.closeoutJson = Buffer.concat(chunks).toString('utf8')
        continue
      }
      const tempPath = join(dir, `part-${++counter}`)
      const hash = createHash('sha256')
      let size = 0
      let head = Buffer.alloc(0)
      const meter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          size += chunk.length
          total += chunk.length
          if (total > UPLOAD_LIMITS.requestBytes) return done(new TooLargeError('The upload is larger than 200 MiB'))
          if (head.length < 8) head = Buffer.concat([head, chunk.subarray(0, 8 - head.length)])
          hash.update(chunk)
          done(null, chunk)
        },
      })
      await pipeline(part.file, meter, createWriteStream(tempPath))
      if (part.file.truncated) throw new TooLargeError(`"${part.fieldname}" is larger than 25 MiB`)
      if (upload.files.has(part.fieldname)) {
        throw new CloseoutError('invalid-input', `Two files were uploaded under the name "${part.fieldname}"`, [
          { path: part.fieldname, message: 'uploaded twice' },
        ])
      }
      const type = sniffImage(head)
      const oversize = type ? oversizeReason(readImageHeaderFromFile(tempPath)) : null
      if (oversize) throw new TooLargeError(`"${part.fieldname}": ${oversize}`)
      upload.files.set(part.fieldname, { field: part.fieldname, tempPath, size, sha256: hash.digest('hex'), type })
    }
    return upload
  } catch (error) {
    upload.cleanup()
    throw translateMultipartError(error)
  }
}

function translateMultipartError(error: unknown): unknown {
  if (error instanceof CloseoutError) return error
  const code = (error as { code?: string }).code
  if (code === 'FST_REQ_FILE_TOO_LARGE') return new TooLargeError('A file is larger than 25 MiB')
  if (code === 'FST_FILES_LIMIT') return new TooLargeError('A closeout may carry at most 64 files')
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT')
    return new TooLargeError('The upload has too many parts')
  if (code === 'FST_INVALID_JSON_FIELD_ERROR')
    return new CloseoutError('invalid-input', 'closeout: is not valid JSON', [
      { path: 'closeout', message: 'is not valid JSON' },
    ])
  if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE')
    return new CloseoutError('invalid-input', 'Send the closeout as multipart/form-data')
  // A disk failure (it has a syscall) is ours; the parser's own complaints ("Unexpected end of
  // multipart data", "Boundary not found") are about the request, so they are a 400, not a 500.
  if (error instanceof Error && !('syscall' in error)) {
    return new CloseoutError('invalid-input', 'The upload is not well-formed multipart/form-data; send it again')
  }
  return error
}
