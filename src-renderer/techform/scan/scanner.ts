import { decodePixels, type Decoded } from './decode'

/**
 * Loaded only when the technician taps Scan (a dynamic import: not in the form's first load).
 * The browser's own BarcodeDetector where it has one (Android Chrome: Code 128, EAN, UPC, QR);
 * elsewhere the small reader in decode.ts (Code 128, EAN-13, UPC-A).
 */
interface Detector {
  detect(source: CanvasImageSource | Blob | ImageBitmap): Promise<{ rawValue: string; format: string }[]>
}
type DetectorClass = (new (o: { formats: string[] }) => Detector) & { getSupportedFormats(): Promise<string[]> }

const WANTED = ['code_128', 'ean_13', 'upc_a', 'qr_code']
let detector: Promise<Detector | null> | null = null

function browserDetector(): Promise<Detector | null> {
  detector ??= (async () => {
    const Native = (globalThis as { BarcodeDetector?: DetectorClass }).BarcodeDetector
    if (!Native) return null
    try {
      const formats = (await Native.getSupportedFormats()).filter((f) => WANTED.includes(f))
      return formats.length ? new Native({ formats }) : null
    } catch {
      return null
    }
  })()
  return detector
}

/** Pixels of an image or a video frame, at most 1600 px wide. */
function pixels(source: CanvasImageSource, width: number, height: number) {
  const scale = Math.min(1, 1600 / width)
  const w = Math.max(1, Math.round(width * scale))
  const h = Math.max(1, Math.round(height * scale))
  const canvas = document.createElement('canvas')
  canvas.width = w
  canvas.height = h
  const ctx = canvas.getContext('2d', { willReadFrequently: true })
  if (!ctx) return null
  ctx.drawImage(source, 0, 0, w, h)
  return ctx.getImageData(0, 0, w, h)
}

async function read(source: CanvasImageSource, width: number, height: number): Promise<string | null> {
  const native = await browserDetector()
  if (native) {
    try {
      const found = await native.detect(source)
      if (found[0]?.rawValue) return found[0].rawValue
    } catch {
      // fall through to the small reader
    }
  }
  const p = pixels(source, width, height)
  const decoded: Decoded | null = p ? decodePixels(p) : null
  return decoded?.text ?? null
}

/** The barcode in a photo the technician took, or null. */
export async function scanPhoto(file: Blob): Promise<string | null> {
  const bitmap = await createImageBitmap(file)
  try {
    return await read(bitmap, bitmap.width, bitmap.height)
  } finally {
    bitmap.close()
  }
}

/** The barcode in the video's current frame, or null. */
export function scanFrame(video: HTMLVideoElement): Promise<string | null> {
  if (!video.videoWidth) return Promise.resolve(null)
  return read(video, video.videoWidth, video.videoHeight)
}
