import { readFileSync } from 'node:fs'
import fontkit from '@pdf-lib/fontkit'
import { rgb, type PDFDocument, type PDFFont, type PDFPage, type RGB } from 'pdf-lib'
import { resourcePath } from '../paths'

export const PAGE = { width: 612, height: 792, margin: 48 } as const
export const INK = rgb(0.13, 0.15, 0.18)
export const MUTED = rgb(0.42, 0.45, 0.5)
export const ACCENT = rgb(0.05, 0.45, 0.42)
export const RULE = rgb(0.85, 0.87, 0.89)
export const FILL = rgb(0.95, 0.97, 0.97)

let fontBytes: { regular: Buffer; bold: Buffer } | null = null

/** DejaVu Sans (resources/fonts), so "Müller" and "Peña" print as written. */
function fonts(): { regular: Buffer; bold: Buffer } {
  fontBytes ??= {
    regular: readFileSync(resourcePath('fonts', 'DejaVuSans.ttf')),
    bold: readFileSync(resourcePath('fonts', 'DejaVuSans-Bold.ttf')),
  }
  return fontBytes
}

export interface Fonts {
  regular: PDFFont
  bold: PDFFont
}

export async function embedFonts(pdf: PDFDocument): Promise<Fonts> {
  pdf.registerFontkit(fontkit)
  const bytes = fonts()
  // Fixed names: the default adds a generated suffix to each font name.
  const regular = await pdf.embedFont(bytes.regular, { subset: true, customName: 'DejaVuSans' })
  const bold = await pdf.embedFont(bytes.bold, { subset: true, customName: 'DejaVuSans-Bold' })
  return { regular, bold }
}

export interface TextStyle {
  size?: number
  bold?: boolean
  color?: RGB
}

/** A page with a cursor and text helpers; y grows downward from the top margin. */
export class Canvas {
  y: number = PAGE.margin
  constructor(
    readonly page: PDFPage,
    readonly fonts: Fonts,
  ) {}

  font(style: TextStyle): PDFFont {
    return style.bold ? this.fonts.bold : this.fonts.regular
  }

  width(text: string, style: TextStyle = {}): number {
    return this.font(style).widthOfTextAtSize(text, style.size ?? 10)
  }

  /** Draws one line with its top at `top` (page coordinates from the top). */
  text(text: string, x: number, top: number, style: TextStyle = {}): void {
    const size = style.size ?? 10
    this.page.drawText(text, {
      x,
      y: PAGE.height - top - size * 0.8,
      size,
      font: this.font(style),
      color: style.color ?? INK,
    })
  }

  textRight(text: string, right: number, top: number, style: TextStyle = {}): void {
    this.text(text, right - this.width(text, style), top, style)
  }

  /** Word-wraps to `maxWidth`; breaks words longer than a line. */
  wrap(text: string, maxWidth: number, style: TextStyle = {}): string[] {
    const lines: string[] = []
    for (const paragraph of text.split(/\r?\n/)) {
      let line = ''
      for (const word of paragraph.split(/\s+/).filter(Boolean)) {
        const candidate = line ? `${line} ${word}` : word
        if (this.width(candidate, style) <= maxWidth) {
          line = candidate
          continue
        }
        if (line) lines.push(line)
        line = word
        while (this.width(line, style) > maxWidth && line.length > 1) {
          let cut = line.length - 1
          while (cut > 1 && this.width(line.slice(0, cut), style) > maxWidth) cut--
          lines.push(line.slice(0, cut))
          line = line.slice(cut)
        }
      }
      lines.push(line)
    }
    return lines
  }

  /** Wrapped text at the cursor; returns the height used. */
  paragraph(text: string, x: number, maxWidth: number, style: TextStyle = {}, leading = 1.35): number {
    const size = style.size ?? 10
    const lines = this.wrap(text, maxWidth, style)
    lines.forEach((line, i) => this.text(line, x, this.y + i * size * leading, style))
    const height = lines.length * size * leading
    this.y += height
    return height
  }

  rule(top: number, x1 = PAGE.margin, x2 = PAGE.width - PAGE.margin, color: RGB = RULE, thickness = 0.75): void {
    this.page.drawLine({
      start: { x: x1, y: PAGE.height - top },
      end: { x: x2, y: PAGE.height - top },
      thickness,
      color,
    })
  }

  box(x: number, top: number, width: number, height: number, fill: RGB): void {
    this.page.drawRectangle({ x, y: PAGE.height - top - height, width, height, color: fill })
  }
}
