/** Phone photos are 12+ megapixels; the office needs at most 2048 px on the long side. */
export const MAX_EDGE = 2048
export const JPEG_QUALITY = 0.85

export interface ScaledPhoto {
  blob: Blob
  width: number
  height: number
}

/**
 * Downscales a camera photo to a JPEG of at most 2048 px, upright: createImageBitmap applies the
 * EXIF orientation, and the canvas re-encode drops the rest of the EXIF (GPS included).
 */
export async function downscalePhoto(file: Blob): Promise<ScaledPhoto> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' })
  try {
    const scale = Math.min(1, MAX_EDGE / Math.max(bitmap.width, bitmap.height))
    const width = Math.max(1, Math.round(bitmap.width * scale))
    const height = Math.max(1, Math.round(bitmap.height * scale))
    const canvas = document.createElement('canvas')
    canvas.width = width
    canvas.height = height
    const ctx = canvas.getContext('2d')
    if (!ctx) throw new Error('This browser cannot resize photos')
    ctx.imageSmoothingQuality = 'high'
    ctx.drawImage(bitmap, 0, 0, width, height)
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', JPEG_QUALITY))
    if (!blob) throw new Error('This browser could not encode the photo')
    return { blob, width, height }
  } finally {
    bitmap.close()
  }
}
