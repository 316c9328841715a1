import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

/**
 * The phone form's weight over the wire: every script and stylesheet its index.html pulls in
 * (following static imports between chunks), gzipped. Budget: 150 KB. What the form loads only on
 * demand (a dynamic `import()`: the Spanish catalog, the barcode decoder) does not count toward
 * the first load and is reported chunk by chunk. Reads the last `npm run build`.
 */
const OUT = join(__dirname, '..', '..', 'out', 'renderer')
const BUDGET = 150 * 1024

export async function run(): Promise<void> {
  const index = join(OUT, 'techform', 'index.html')
  if (!existsSync(index)) {
    console.log('techform size: not built; run `npm run build` first')
    process.exitCode = 1
    return
  }
  const seen = new Set<string>()
  const queue = [...readFileSync(index, 'utf8').matchAll(/(?:src|href)="\.\.\/(assets\/[^"]+)"/g)].map((m) => m[1]!)
  const onDemand = new Set<string>()
  let raw = 0
  let gzipped = 0
  while (queue.length) {
    const asset = queue.shift()!
    if (seen.has(asset)) continue
    seen.add(asset)
    const bytes = readFileSync(join(OUT, asset))
    raw += bytes.length
    gzipped += gzipSync(bytes, { level: 9 }).length
    if (!asset.endsWith('.js')) continue
    const text = bytes.toString('utf8')
    for (const m of text.matchAll(/(?:from|import)\s*["'`]\.\/([^"'`]+\.js)["'`]/g)) queue.push(`assets/${m[1]}`)
    for (const m of text.matchAll(/import\(\s*["'`]\.\/([^"'`]+\.js)["'`]\s*\)/g)) onDemand.add(`assets/${m[1]}`)
  }
  const kb = (n: number) => (n / 1024).toFixed(1)
  console.log(
    `techform JS+CSS first load (${seen.size} files): ${kb(raw)} KB raw, ${kb(gzipped)} KB gzipped (budget ${kb(BUDGET)} KB)${gzipped > BUDGET ? '  OVER BUDGET' : ''}`,
  )
  for (const asset of [...onDemand].filter((a) => !seen.has(a)).sort()) {
    const bytes = readFileSync(join(OUT, asset))
    console.log(
      `  loaded on demand, not counted: ${asset.replace(/^assets\//, '')} ${kb(bytes.length)} KB raw, ${kb(gzipSync(bytes, { level: 9 }).length)} KB gzipped`,
    )
  }
}
