import { readFileSync } from 'node:fs'
import { chromium } from 'playwright-core'
import { chromiumLaunchOptions } from '../playwright.config'
async function main() {
  const log = readFileSync('/tmp/demo-live/out.log', 'utf8')
  const login = /Office:\s+(\S+)/.exec(log)![1]!
  const base = new URL(login).origin + '/'
  const b = await chromium.launch({ ...chromiumLaunchOptions, headless: true })
  const p = await b.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US', timezoneId: 'America/Chicago' })
  p.on('console', (m) => { if (m.type() === 'error') console.log('console error:', m.text()) })
  p.on('pageerror', (e) => console.log('page error:', e.message))
  await p.goto(login)
  await p.waitForTimeout(1500)
  const shots = (process.argv[2] ?? 'inbox:#/inbox,job:#/jobs/J-1046,approvals:#/approvals,dashboard:#/dashboard,exports:#/exports').split(',')
  for (const s of shots) {
    const [name, hash] = s.split(':') as [string, string]
    await p.goto(new URL(hash, base).toString())
    await p.waitForLoadState('networkidle')
    await p.waitForTimeout(1500)
    await p.screenshot({ path: `/tmp/demo-work/${name}.png` })
    console.log(name)
  }
  await b.close()
}
main()
