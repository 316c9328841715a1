import { readdirSync, readFileSync } from 'node:fs'
import { chromium } from 'playwright-core'
import { chromiumLaunchOptions } from '/work/main/playwright.config'
const dir = '/work/main/resources/demo/photos'
async function main() {
  const b = await chromium.launch({ ...chromiumLaunchOptions, headless: true })
  const p = await b.newPage({ viewport: { width: 1220, height: 940 } })
  const imgs = readdirSync(dir).map((f) => `<figure style="margin:2px;display:inline-block"><img width=400 height=300 src="data:image/jpeg;base64,${readFileSync(dir + '/' + f).toString('base64')}"><figcaption>${f}</figcaption></figure>`)
  imgs.push(`<img width=400 src="data:image/png;base64,${readFileSync('/work/main/resources/demo/signature.png').toString('base64')}">`)
  await p.setContent(`<body style="margin:0;font:12px sans-serif">${imgs.join('')}</body>`)
  await p.screenshot({ path: '/tmp/demo-work/sheet.png', fullPage: true })
  await b.close()
}
main()
