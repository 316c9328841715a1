import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startLanOffice, type LanOffice } from '../../support/lan-office'
import { signIn } from './lan-harness'

let h: LanOffice | null = null
let out: string | null = null
afterEach(async () => {
  await h?.close()
  if (out) rmSync(out, { recursive: true, force: true })
  h = null
  out = null
})

/** A tiny stand-in for `electron-vite build`'s out/renderer: the form's page and one script. */
function fakeBuild(): string {
  out = mkdtempSync(join(tmpdir(), 'closeout-pwa-build-'))
  mkdirSync(join(out, 'techform'))
  mkdirSync(join(out, 'assets'))
  writeFileSync(join(out, 'techform', 'index.html'), '<script src="../assets/techform-abc123.js"></script>')
  writeFileSync(join(out, 'assets', 'techform-abc123.js'), 'console.log(1)')
  writeFileSync(join(out, 'assets', 'office-def456.js'), 'console.log("office")')
  return out
}

describe('the form as an installable app', () => {
  it('serves a manifest whose icons load, and a service worker that keeps the form and nothing of the office', async () => {
    h = await startLanOffice({ rendererOut: fakeBuild() })
    const manifest = await fetch(`${h.base}/manifest.webmanifest`)
    expect(manifest.headers.get('content-type')).toContain('application/manifest+json')
    const body = (await manifest.json()) as {
      start_url: string
      display: string
      icons: { src: string; sizes: string }[]
    }
    expect(body).toMatchObject({ start_url: '/', display: 'standalone' })
    expect(body.icons.map((i) => i.sizes)).toEqual(['192x192', '512x512'])
    for (const icon of body.icons) {
      const res = await fetch(`${h.base}${icon.src}`)
      expect(res.status, icon.src).toBe(200)
      expect(res.headers.get('content-type')).toBe('image/png')
      expect(Buffer.from(await res.arrayBuffer()).readUInt32BE(0)).toBe(0x89504e47)
    }
    expect((await fetch(`${h.base}/icons/..%2f..%2fpackage.json`)).status).toBe(404)

    const sw = await fetch(`${h.base}/sw.js`)
    expect(sw.status).toBe(200)
    expect(sw.headers.get('content-type')).toContain('text/javascript')
    expect(sw.headers.get('cache-control')).toBe('no-store')
    const script = await sw.text()
    expect(script).toContain('"/assets/techform-abc123.js"')
    expect(script).toContain('"/manifest.webmanifest"')
    expect(script).not.toContain('office-def456.js')
    // The API is the form's business (IndexedDB and the send queue), never the cache's.
    expect(script).toContain("startsWith('/api/')")
  })

  it('has no service worker while the form is not built', async () => {
    h = await startLanOffice()
    expect((await fetch(`${h.base}/sw.js`)).status).toBe(404)
  })
})

describe('GET /api/price-book/all', () => {
  it('hands a signed-in phone the whole price book with the time it was read, and nobody else', async () => {
    h = await startLanOffice()
    expect((await fetch(`${h.base}/api/price-book/all`)).status).toBe(401)
    const cookie = await signIn(h)
    const before = Date.now()
    const res = await fetch(`${h.base}/api/price-book/all`, { headers: { cookie } })
    const body = (await res.json()) as { items: { sku: string; unitPrice: string }[]; asOf: string }
    const count = h.office.sqlite.prepare('SELECT COUNT(*) AS n FROM price_book').get() as { n: number }
    expect(body.items).toHaveLength(count.n)
    expect(body.items.find((i) => i.sku === 'CAP-45-5')?.unitPrice).toBe('38.00')
    expect(Date.parse(body.asOf)).toBeGreaterThanOrEqual(before - 1000)
  })
})
