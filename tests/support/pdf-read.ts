import { readFileSync } from 'node:fs'
import { PDFDocument, PDFName, PDFNumber, PDFRawStream } from 'pdf-lib'

/**
 * Reads PDFs in tests with npm packages only (pdfjs-dist for text, pdf-lib for images), so a
 * fresh machine without poppler's pdftotext/pdfimages runs the packet tests too.
 */

/** The text of pages `first`..`last` (1-based, inclusive), a line per baseline, items in reading order. */
export async function pdfText(file: string, pages: { first?: number; last?: number } = {}): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs')
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(readFileSync(file)),
    disableFontFace: true,
    isEvalSupported: false,
    verbosity: 0,
  }).promise
  try {
    const out: string[] = []
    const last = Math.min(pages.last ?? doc.numPages, doc.numPages)
    for (let n = pages.first ?? 1; n <= last; n++) {
      const content = await (await doc.getPage(n)).getTextContent()
      const lines = new Map<number, { x: number; text: string }[]>()
      for (const item of content.items) {
        if (!('str' in item) || item.str === '') continue
        const y = Math.round(item.transform[5] as number)
        lines.set(y, [...(lines.get(y) ?? []), { x: item.transform[4] as number, text: item.str }])
      }
      for (const y of [...lines.keys()].sort((a, b) => b - a))
        out.push(
          (lines.get(y) ?? [])
            .sort((a, b) => a.x - b.x)
            .map((i) => i.text)
            .join(' '),
        )
      out.push('\f')
    }
    return out.join('\n')
  } finally {
    await doc.destroy()
  }
}

export interface PdfImage {
  width: number
  height: number
  /** `jpeg`: DCT-encoded (pdf-lib embeds a JPEG as it came); `smask`: another image's alpha channel; else `image`. */
  kind: 'jpeg' | 'smask' | 'image'
}

/** Every image XObject in the file, like `pdfimages -list` for images drawn once. */
export async function pdfImages(file: string): Promise<PdfImage[]> {
  const doc = await PDFDocument.load(readFileSync(file), { updateMetadata: false })
  const streams = doc.context
    .enumerateIndirectObjects()
    .flatMap(([ref, object]) =>
      object instanceof PDFRawStream && object.dict.get(PDFName.of('Subtype')) === PDFName.of('Image')
        ? [{ ref, dict: object.dict }]
        : [],
    )
  const masks = new Set(streams.map((s) => s.dict.get(PDFName.of('SMask'))).filter((m) => m !== undefined))
  return streams.map(({ ref, dict }) => {
    const num = (key: string) => (dict.get(PDFName.of(key)) as PDFNumber | undefined)?.asNumber() ?? 0
    const kind = masks.has(ref)
      ? 'smask'
      : dict.get(PDFName.of('Filter')) === PDFName.of('DCTDecode')
        ? 'jpeg'
        : 'image'
    return { width: num('Width'), height: num('Height'), kind }
  })
}

/** Every text item with its page, left edge and width in PDF points, and the page's width. */
export async function pdfTextItems(
  file: string,
): Promise<{ page: number; pageWidth: number; x: number; width: number; text: string }[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs')
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(readFileSync(file)),
    disableFontFace: true,
    isEvalSupported: false,
    verbosity: 0,
  }).promise
  try {
    const items: { page: number; pageWidth: number; x: number; width: number; text: string }[] = []
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n)
      const pageWidth = page.view[2]! - page.view[0]!
      for (const item of (await page.getTextContent()).items)
        if ('str' in item && item.str.trim() !== '')
          items.push({ page: n, pageWidth, x: item.transform[4] as number, width: item.width, text: item.str })
    }
    return items
  } finally {
    await doc.destroy()
  }
}
