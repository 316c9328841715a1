import { createRequire } from 'node:module'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { projectRoot } from '../paths'

/**
 * Decoding and scaling pictures, off the main thread: one worker with a memory ceiling
 * (resourceLimits), so a picture that decodes into a huge bitmap (issue #12: a 249 KB PNG of
 * 16000 × 16000 stalled the LAN server 18 s and took 1.1 GB) can only end that worker, never
 * stall the office. Header checks (image-header.ts) refuse anything over 50 megapixels first.
 */
export interface ScaledImage {
  /** Always a PNG: the one picture format this worker encodes (no JPEG encoder ships with Closeout). */
  mime: 'image/png'
  bytes: Uint8Array
  width: number
  height: number
}

/** Per picture: past this the worker is stopped and the picture counts as unreadable. */
const JOB_TIMEOUT_MS = 60_000
const LIMITS = { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 }

/** The job in plain JavaScript: the worker starts from this text, so no file has to ship beside the bundle. */
const SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads')
const zlib = require('node:zlib')
const { pathToFileURL } = require('node:url')
let jpegModule = null
const CRC = new Int32Array(256).map((_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c })
function crc32(buf) { let c = -1; for (let i = 0; i < buf.length; i++) c = CRC[(c ^ buf[i]) & 0xff] ^ (c >>> 8); return (c ^ -1) >>> 0 }
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length)
  out.writeUInt32BE(data.length, 0); out.write(type, 4, 'latin1'); data.copy(out, 8)
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length)
  return out
}
function encodePng(pixels, width, height, channels) {
  const row = width * channels
  const raw = Buffer.alloc((row + 1) * height)
  for (let y = 0; y < height; y++) { raw[y * (row + 1)] = 0; Buffer.from(pixels.buffer, pixels.byteOffset + y * row, row).copy(raw, y * (row + 1) + 1) }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0); ihdr.writeUInt32BE(height, 4); ihdr[8] = 8; ihdr[9] = channels === 4 ? 6 : 2
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw, { level: 6 })), chunk('IEND', Buffer.alloc(0))])
}
// Box filter: each output pixel is the mean of the source pixels it covers.
function shrink(src, sw, sh, channels, dw, dh) {
  const out = new Uint8Array(dw * dh * channels)
  for (let y = 0; y < dh; y++) {
    const y0 = Math.floor(y * sh / dh), y1 = Math.max(y0 + 1, Math.floor((y + 1) * sh / dh))
    for (let x = 0; x < dw; x++) {
      const x0 = Math.floor(x * sw / dw), x1 = Math.max(x0 + 1, Math.floor((x + 1) * sw / dw))
      for (let c = 0; c < channels; c++) {
        let sum = 0
        for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) sum += src[(yy * sw + xx) * channels + c]
        out[(y * dw + x) * channels + c] = Math.round(sum / ((y1 - y0) * (x1 - x0)))
      }
    }
  }
  return out
}
function fit(w, h, maxEdge) { const s = Math.min(1, maxEdge / Math.max(w, h)); return [Math.max(1, Math.round(w * s)), Math.max(1, Math.round(h * s))] }
async function decodeScaled({ bytes, mime, maxEdge }) {
  const data = new Uint8Array(bytes)
  if (mime === 'image/png') {
    const UPNG = require(workerData.upng).default || require(workerData.upng)
    const img = UPNG.decode(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength))
    const rgba = new Uint8Array(UPNG.toRGBA8(img)[0])
    const [w, h] = fit(img.width, img.height, maxEdge)
    const small = w === img.width && h === img.height ? rgba : shrink(rgba, img.width, img.height, 4, w, h)
    return { pixels: small, channels: 4, width: w, height: h }
  }
  if (mime === 'image/jpeg') {
    if (!jpegModule) jpegModule = await import(pathToFileURL(workerData.jpeg).href)
    const jpeg = new jpegModule.JpegImage()
    jpeg.parse(data)
    // Decoded at twice the target size, then averaged down: smoother than sampling straight to it.
    const [mw, mh] = fit(jpeg.width, jpeg.height, maxEdge * 2)
    const rgb = jpeg.getData({ width: mw, height: mh, forceRGB: true, isSourcePDF: false })
    const [w, h] = fit(jpeg.width, jpeg.height, maxEdge)
    return { pixels: shrink(rgb, mw, mh, 3, w, h), channels: 3, width: w, height: h }
  }
  throw new Error('cannot scale ' + mime)
}
// For a PDF: the colour and alpha planes, each deflated, ready to be an image XObject and its soft mask.
function pdfPlanes({ pixels, channels, width, height }) {
  const n = width * height
  const rgb = Buffer.alloc(n * 3)
  const alpha = channels === 4 ? Buffer.alloc(n) : null
  let opaque = true
  for (let i = 0; i < n; i++) {
    rgb[i * 3] = pixels[i * channels]; rgb[i * 3 + 1] = pixels[i * channels + 1]; rgb[i * 3 + 2] = pixels[i * channels + 2]
    if (alpha) { alpha[i] = pixels[i * 4 + 3]; if (alpha[i] !== 255) opaque = false }
  }
  return { width, height, rgb: zlib.deflateSync(rgb), alpha: alpha && !opaque ? zlib.deflateSync(alpha) : null }
}
async function scale(job) {
  const image = await decodeScaled(job)
  if (job.output === 'pdf') return pdfPlanes(image)
  return { bytes: encodePng(image.pixels, image.width, image.height, image.channels), width: image.width, height: image.height }
}
parentPort.on('message', (job) => {
  scale(job).then(
    (value) => parentPort.postMessage({ value }),
    (error) => parentPort.postMessage({ error: String(error && error.message) }),
  )
})
`

/** A picture ready for a PDF: deflated 8-bit RGB and, when it is not opaque, a deflated alpha plane. */
export interface PdfPlanes {
  width: number
  height: number
  rgb: Uint8Array
  alpha: Uint8Array | null
}

type Output = 'png' | 'pdf'

interface Job {
  args: { bytes: Uint8Array; mime: string; maxEdge: number; output: Output }
  resolve: (value: unknown) => void
}

let worker: Worker | null = null
let current: { job: Job; timer: NodeJS.Timeout } | null = null
const queue: Job[] = []

/**
 * A PNG of the picture scaled to fit `maxEdge` pixels, or null when the worker could not read
 * it (damaged, a format it does not know, over its memory or time). Pictures are decoded one
 * at a time, in order.
 */
export async function scaleImage(bytes: Uint8Array, mime: string, maxEdge: number): Promise<ScaledImage | null> {
  const value = (await run({ bytes, mime, maxEdge, output: 'png' })) as Omit<ScaledImage, 'mime'> | null
  return value ? { mime: 'image/png', ...value } : null
}

/**
 * The picture scaled to fit `maxEdge` as planes a PDF embeds without decoding anything on this
 * thread (pdf-lib's own embedPng decodes and deflates on the caller's thread); null as above.
 */
export function pdfPlanes(bytes: Uint8Array, mime: string, maxEdge: number): Promise<PdfPlanes | null> {
  return run({ bytes, mime, maxEdge, output: 'pdf' }) as Promise<PdfPlanes | null>
}

function run(args: Job['args']): Promise<unknown> {
  return new Promise((resolve) => {
    queue.push({ args, resolve })
    next()
  })
}

function decoderPaths(): { upng: string; jpeg: string } {
  const require = createRequire(join(projectRoot(), 'package.json'))
  const resolveOr = (id: string) => {
    try {
      return require.resolve(id)
    } catch {
      return ''
    }
  }
  return { upng: resolveOr('@pdf-lib/upng'), jpeg: resolveOr('pdfjs-dist/image_decoders/pdf.image_decoders.mjs') }
}

function start(): Worker {
  const w = new Worker(SOURCE, { eval: true, workerData: decoderPaths(), resourceLimits: LIMITS })
  w.on('message', (reply: { value?: unknown; error?: string }) => finish(reply.value ?? null))
  // Out of memory (ERR_WORKER_OUT_OF_MEMORY) or any crash: that picture is unreadable; the next starts afresh.
  w.on('error', () => undefined)
  w.on('exit', () => {
    if (worker === w) worker = null
    finish(null)
  })
  w.unref()
  return w
}

function next(): void {
  if (current || queue.length === 0) return
  const job = queue.shift()!
  worker ??= start()
  const w = worker
  const timer = setTimeout(() => void w.terminate(), JOB_TIMEOUT_MS)
  current = { job, timer }
  w.ref()
  const copy = job.args.bytes.slice()
  w.postMessage({ ...job.args, bytes: copy.buffer }, [copy.buffer])
}

function finish(result: unknown): void {
  if (!current) return
  clearTimeout(current.timer)
  const { job } = current
  current = null
  worker?.unref()
  job.resolve(result)
  next()
}
