import { readFileSync } from 'node:fs'
import { chromium } from 'playwright-core'
import { chromiumLaunchOptions } from '../playwright.config'
async function main() {
  const log = readFileSync('/tmp/demo-live/out.log', 'utf8')
  const login = /Office:\s+(\S+)/.exec(log)![1]!
  const base = new URL(login).origin + '/'
  const b = await chromium.launch({ ...chromiumLaunchOptions, headless: true })
  const p = await b.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US', timezoneId: 'America/Chicago' })
  p.on('response', (r) => { if (r.status() >= 400) console.log('HTTP', r.status(), r.url()) })
  await p.goto(login)
  await p.waitForTimeout(1000)
  const [name, hash, by] = process.argv.slice(2) as [string, string, string]
  await p.goto(new URL(hash, base).toString())
  await p.waitForLoadState('networkidle')
  await p.waitForTimeout(1500)
  await p.locator('#main-content').evaluate((el, y) => el.scrollTo(0, y), Number(by))
  await p.waitForTimeout(800)
  await p.screenshot({ path: `/tmp/demo-work/${name}.png` })
  await b.close()
}
main()
