import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { chromiumLaunchOptions } from '../playwright.config'

/**
 * Renders resources/icons/icon.svg to the PNG, ICO and ICNS files electron-builder and the tray
 * use, with the system Chromium (no image tools needed). Run after changing the SVG:
 * `npx tsx scripts/make-icons.ts`.
 */
const DIR = join(__dirname, '..', 'resources', 'icons')

async function render(svg: string, size: number): Promise<Buffer> {
  const browser = await chromium.launch({ ...chromiumLaunchOptions, headless: true })
  const page = await browser.newPage({ viewport: { width: size, height: size } })
  await page.setContent(
    `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`,
  )
  const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } })
  await browser.close()
  return png
}

/** ICO with embedded PNGs (Windows Vista and later read these). */
function ico(images: { size: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6 + 16 * images.length)
  header.writeUInt16LE(0, 0)
  header.writeUInt16LE(1, 2)
  header.writeUInt16LE(images.length, 4)
  let offset = header.length
  images.forEach(({ size, png }, i) => {
    const e = 6 + 16 * i
    header.writeUInt8(size >= 256 ? 0 : size, e)
    header.writeUInt8(size >= 256 ? 0 : size, e + 1)
    header.writeUInt16LE(1, e + 4)
    header.writeUInt16LE(32, e + 6)
    header.writeUInt32LE(png.length, e + 8)
    header.writeUInt32LE(offset, e + 12)
    offset += png.length
  })
  return Buffer.concat([header, ...images.map((i) => i.png)])
}

/** ICNS with PNG entries: ic08 (256), ic09 (512), ic10 (1024). */
function icns(images: { type: string; png: Buffer }[]): Buffer {
  const chunks = images.map(({ type, png }) => {
    const head = Buffer.alloc(8)
    head.write(type, 0, 'ascii')
    head.writeUInt32BE(png.length + 8, 4)
    return Buffer.concat([head, png])
  })
  const head = Buffer.alloc(8)
  head.write('icns', 0, 'ascii')
  head.writeUInt32BE(8 + chunks.reduce((n, c) => n + c.length, 0), 4)
  return Buffer.concat([head, ...chunks])
}

async function main(): Promise<void> {
  const svg = readFileSync(join(DIR, 'icon.svg'), 'utf8')
  const sizes = [16, 32, 48, 64, 256, 512, 1024]
  const png = new Map<number, Buffer>()
  for (const size of sizes) png.set(size, await render(svg, size))
  writeFileSync(join(DIR, 'icon.png'), png.get(1024)!)
  writeFileSync(join(DIR, 'tray.png'), png.get(16)!)
  writeFileSync(join(DIR, 'tray@2x.png'), png.get(32)!)
  writeFileSync(join(DIR, 'icon.ico'), ico([16, 32, 48, 64, 256].map((size) => ({ size, png: png.get(size)! }))))
  writeFileSync(
    join(DIR, 'icon.icns'),
    icns([
      { type: 'ic08', png: png.get(256)! },
      { type: 'ic09', png: png.get(512)! },
      { type: 'ic10', png: png.get(1024)! },
    ]),
  )
  console.log(`icons written to ${DIR}`)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
