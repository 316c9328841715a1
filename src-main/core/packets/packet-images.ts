import { PDFDocument, PDFImage, PDFName, PDFRef, PngEmbedder } from 'pdf-lib'
import { oversizeReason, readImageHeaderFromBytes } from '../images/image-header'
import { pdfPlanes, type PdfPlanes } from '../images/image-worker'

/** The longest edge a picture keeps in the packet PDF: sharp on paper, small in the file. */
export const PDF_MAX_EDGE = 1600

/** A picture the PDF can take without decoding it: a JPEG as it is, or planes the image worker made. */
export type PrintablePicture = { kind: 'jpeg'; bytes: Uint8Array } | ({ kind: 'planes' } & PdfPlanes)

/**
 * What the PDF embeds for each stored picture. pdf-lib decodes and deflates a PNG on the
 * calling thread, so every picture but a JPEG is decoded, scaled and deflated in the image
 * worker; a JPEG is embedded as it is (pdf-lib copies it without decoding). A picture over 50
 * megapixels, or one the worker cannot read, is left out: the PDF names it and the packet
 * folder keeps the original.
 */
export async function printablePictures(
  pictures: readonly { sha256: string; mime: string }[],
  originals: ReadonlyMap<string, Uint8Array>,
): Promise<Map<string, PrintablePicture>> {
  const out = new Map<string, PrintablePicture>()
  for (const { sha256, mime } of pictures) {
    const bytes = originals.get(sha256)
    if (!bytes || out.has(sha256)) continue
    const header = readImageHeaderFromBytes(bytes)
    if (!header || oversizeReason(header)) continue
    if (header.type === 'jpeg') {
      out.set(sha256, { kind: 'jpeg', bytes })
      continue
    }
    const planes = await pdfPlanes(bytes, mime, PDF_MAX_EDGE)
    if (planes) out.set(sha256, { kind: 'planes', ...planes })
  }
  return out
}

/** Embeds a printable picture; only pdf-lib's JPEG path reads the bytes, and it does not decode them. */
export async function embedPicture(pdf: PDFDocument, picture: PrintablePicture): Promise<PDFImage> {
  if (picture.kind === 'jpeg') return pdf.embedJpg(picture.bytes)
  const { width, height, rgb, alpha } = picture
  // PDFImage accepts only pdf-lib's own embedders: one whose embedding writes the worker's planes as they are.
  const embedder = Object.assign(Object.create(PngEmbedder.prototype) as PngEmbedder, {
    width,
    height,
    embedIntoContext: (context: PDFDocument['context'], ref?: PDFRef): Promise<PDFRef> => {
      const base = { Type: 'XObject', Subtype: 'Image', BitsPerComponent: 8, Width: width, Height: height }
      const mask = alpha
        ? context.register(
            context.stream(alpha, { ...base, ColorSpace: 'DeviceGray', Filter: PDFName.of('FlateDecode') }),
          )
        : undefined
      const image = context.stream(rgb, {
        ...base,
        ColorSpace: 'DeviceRGB',
        Filter: PDFName.of('FlateDecode'),
        ...(mask ? { SMask: mask } : {}),
      })
      if (!ref) return Promise.resolve(context.register(image))
      context.assign(ref, image)
      return Promise.resolve(ref)
    },
  })
  const image = PDFImage.of(pdf.context.nextRef(), pdf, embedder)
  await image.embed()
  return image
}
