import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

/**
 * The phone form's weight over the wire: every script and stylesheet its index.html pulls in
 * (following imports between chunks), gzipped. Budget: 150 KB. Reads the last `npm run build`.
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
  let raw = 0
  let gzipped = 0
  while (queue.length) {
    const asset = queue.shift()!
    if (seen.has(asset)) continue
    seen.add(asset)
    const bytes = readFileSync(join(OUT, asset))
    raw += bytes.length
    gzipped += gzipSync(bytes, { level: 9 }).length
    if (asset.endsWith('.js'))
      for (const m of bytes.toString('utf8').matchAll(/from\s*"\.\/([^"]+\.js)"|import\("\.\/([^"]+\.js)"\)/g))
        queue.push(`assets/${m[1] ?? m[2]}`)
  }
  const kb = (n: number) => (n / 1024).toFixed(1)
  console.log(
    `techform JS+CSS (${seen.size} files): ${kb(raw)} KB raw, ${kb(gzipped)} KB gzipped (budget ${kb(BUDGET)} KB)${gzipped > BUDGET ? '  OVER BUDGET' : ''}`,
  )
}
